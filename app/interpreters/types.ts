// Types that cross to the wizard: no Node imports here (the renderer typechecks them without Node).

/** A Python interpreter found on PATH, with what one run of it told us. */
export interface PathInterpreter {
  /** The first place on PATH where this interpreter was found. */
  readonly path: string;
  /** Where that path really points (symlinks resolved). */
  readonly realPath: string;
  /** Every name it answers to on PATH (python3, python3.11, ...). */
  readonly names: readonly string[];
  readonly status: 'ok' | 'failed';
  readonly version?: string;
  readonly implementation?: string;
  readonly bits?: 32 | 64;
  /** Why it failed, in words a user understands. */
  readonly message?: string;
}
