/**
 * Why the log file could not be written, for the errors that would otherwise ask the user to attach
 * it. Kept here, below every floor, so the contract's error mapping (which the page's types also
 * see) can read it without importing the Node-side log writer (app/log/file-log.ts sets it).
 */
let failure: string | null = null;

/** Records the failure (`<file>: <reason>`), or null once a line was written again. */
export function setLogWriteFailure(value: string | null): void {
  failure = value;
}

/** `/data/logs/doctor.log: you have no permission to write there (EACCES)`, or null while the log works. */
export function logWriteFailure(): string | null {
  return failure;
}
