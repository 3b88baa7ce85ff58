/**
 * An error the user can act on: a stable code, a message in plain words and what to do next.
 *
 * The floor every engine folder stands on: thrown by engine code anywhere below the contract and
 * carried over IPC or the browser-mode socket as data (Electron keeps only `message` of a thrown
 * Error) by app/contract/errors.ts, then rebuilt on the renderer side.
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
