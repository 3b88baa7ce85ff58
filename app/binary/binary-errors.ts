/**
 * Typed errors of the binary readers.
 *
 * Every problem with an input file becomes a `BinaryReadError` whose message names the file, what
 * is wrong with it and what to do, so one bad file in an environment of thousands is reported and
 * skipped instead of crashing the scan.
 */
export type BinaryReadErrorCode =
  | 'unreadable'
  | 'empty'
  | 'not-a-module'
  | 'truncated'
  | 'malformed'
  | 'too-large';

const advice: Record<BinaryReadErrorCode, string> = {
  unreadable: 'check that the file exists and that you may read it',
  empty: 'the file is empty; reinstall the package that owns it',
  'not-a-module': 'this is neither a PE (Windows DLL/EXE/.pyd), an ELF (Linux .so) nor a Mach-O (macOS .so/.dylib) file; point at a compiled module',
  truncated: 'the file is cut short (an interrupted download or install); reinstall the package that owns it',
  malformed: 'the file headers are inconsistent (corrupt or not produced by a linker); reinstall the package that owns it',
  'too-large': 'a table in the file is larger than any real module has; the file is probably corrupt',
};

/** A module file could not be read or parsed; `code` says why, the message says what to do. */
export class BinaryReadError extends Error {
  override readonly name = 'BinaryReadError';
  readonly code: BinaryReadErrorCode;
  readonly path: string;
  readonly detail: string;

  constructor(code: BinaryReadErrorCode, path: string, detail: string) {
    super(`${path}: ${detail} (${advice[code]})`);
    this.code = code;
    this.path = path;
    this.detail = detail;
  }
}
