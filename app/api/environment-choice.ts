// Types that cross to the wizard: no Node imports here.

/** One Python environment the user can choose to examine, whatever found it. */
export interface EnvironmentChoice {
  /** The interpreter to diagnose with (python.exe for an offline Windows folder). */
  readonly python: string;
  /** The environment's folder (sys.prefix), used to tell which environment an error came from. */
  readonly prefix: string | null;
  /** "CPython 3.11.7", or the file name when the interpreter cannot say. */
  readonly label: string;
  readonly version: string | null;
  /** "64-bit", "x64", ... */
  readonly architecture: string | null;
  /** What kind of environment it is: venv, conda, system, offline Windows folder. */
  readonly kind: string;
  /** Where it was found: "PATH as python3", "added by you", ... */
  readonly sources: readonly string[];
  /** ok: it runs here; offline: a Windows folder examined from its files; failed: it cannot run. */
  readonly status: 'ok' | 'offline' | 'failed';
  /** Why it failed, in words a user understands. */
  readonly message?: string;
}
