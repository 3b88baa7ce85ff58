import { DoctorError } from '../base/errors';
import { logWriteFailure } from '../base/log-failure';
import { english, message } from '../messages';
import type { MessageRef } from '../messages';

/** The JSON form of an error as it crosses from engine to renderer. */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly whatToDo?: string;
  /** The messages behind `message` and `whatToDo` (app/messages), so the page writes them in the user's language. */
  readonly messages?: { readonly message?: MessageRef; readonly whatToDo?: MessageRef };
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
    const said = Object.keys(error.messages).length > 0 ? { messages: error.messages } : {};
    return { code: error.code, message: error.message, whatToDo: error.whatToDo, ...said };
  }
  const noLog = logWriteFailure();
  const messages = { message: message('error.internal'), whatToDo: noLog ? message('error.internal.what-no-log', { log: noLog }) : message('error.internal.what') };
  return { code: 'internal', message: english(messages.message), whatToDo: english(messages.whatToDo), messages };
}
