import { DoctorError } from '../base/errors';
import { logWriteFailure } from '../base/log-failure';

/** The JSON form of an error as it crosses from engine to renderer. */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly whatToDo?: string;
  /** Technical details shown only when the user opens them (never a stack trace: that goes to the log file). */
  readonly details?: string;
}

export type WireResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError };

/**
 * What the page is told about an error. A DoctorError is written for users and crosses as it is;
 * anything else is a fault of ours whose message may hold internal paths and whose stack is of no
 * use on the page: the page gets a plain sentence, the host's log file gets the whole error.
 */
export function toWireError(error: unknown): WireError {
  if (error instanceof DoctorError) {
    return { code: error.code, message: error.message, whatToDo: error.whatToDo };
  }
  const noLog = logWriteFailure();
  return {
    code: 'internal',
    message: 'Something went wrong inside Python DLL Doctor.',
    whatToDo: noLog
      ? `Try again. The log that would hold the details could not be written either (${noLog}): make that folder writable, or start the doctor with DOCTOR_DATA_DIR=/a/writable/folder, so the next error can be reported with its log.`
      : 'Try again. If it keeps happening, attach the log file (doctor.log in the app\'s data folder, logs/) to a bug report.',
  };
}
