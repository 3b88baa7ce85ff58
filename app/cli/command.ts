import type { ParseArgsConfig } from 'node:util';

/** Where a command writes: injected so tests capture output without touching the process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Working folder for relative paths given on the command line. */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /**
   * Resolves once what was written to stdout has been taken by the reader (backpressure): a command
   * printing many lines awaits it between them instead of buffering its whole output in memory.
   */
  readonly stdoutDrained?: () => Promise<void>;
}

export type CliOptions = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  readonly positionals: string[];
}

/**
 * One sub-command of `python-dll-doctor`.
 *
 * Commands parse with node:util parseArgs (strict), print human text by default and one JSON
 * document with --json, and return an exit code from exit-codes.ts.
 */
export interface CliCommand {
  readonly name: string;
  /** One line for the command list in --help. */
  readonly summary: string;
  /** Usage lines and option help shown by `python-dll-doctor NAME --help`. */
  readonly usage: string;
  readonly options: CliOptions;
  readonly allowPositionals?: boolean;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}
