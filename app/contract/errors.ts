/**
 * An error the user can act on: a stable code, a message in plain words and what to do next.
 *
 * Thrown by engine code and carried over IPC or the browser-mode socket as data (Electron keeps
 * only `message` of a thrown Error), then rebuilt on the renderer side.
 */
export class DoctorError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly whatToDo?: string,
  ) {
    super(message);
    this.name = 'DoctorError';
  }
}

/** The JSON form of an error as it crosses from engine to renderer. */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly whatToDo?: string;
  /** Technical details (stack, stderr) shown only when the user opens them. */
  readonly details?: string;
}

export type WireResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError };

export function toWireError(error: unknown): WireError {
  if (error instanceof DoctorError) {
    return { code: error.code, message: error.message, whatToDo: error.whatToDo, details: error.stack };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'internal',
    message: `Something went wrong inside Python DLL Doctor: ${message}`,
    whatToDo: 'Try again. If it keeps happening, export the report and attach it to a bug report.',
    details: error instanceof Error ? error.stack : undefined,
  };
}
