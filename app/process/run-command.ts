import { runProcess, type ProcessOptions, type ProcessResult } from './run-process';

/** What the repair engine reads of a finished command (recorded conda runs in tests give the first four). */
export type CommandResult = Pick<ProcessResult, 'code' | 'stdout' | 'stderr' | 'cancelled'> & Partial<Omit<ProcessResult, 'code' | 'stdout' | 'stderr' | 'cancelled'>>;
export type RunOptions = Omit<ProcessOptions, 'platform'>;

/**
 * The environment for a command whose output we read: colour off. pip (through rich) colours even
 * its JSON reports when FORCE_COLOR is set, as test runners and some shells do.
 */
export function plainOutputEnv(env: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _force, ...rest } = env ?? process.env;
  return { ...rest, NO_COLOR: '1', PY_COLORS: '0', TERM: 'dumb' };
}

/**
 * Runs a pip, conda or python command of the repair engine through the one process runner
 * (app/process): argument array, streamed lines, cancel and time limit stopping the whole tree,
 * children that die with the doctor; with colour turned off so its output can be parsed.
 */
export function runCommand(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  return runProcess(argv, { ...options, env: plainOutputEnv(options.env) });
}

/** pip is always the environment's own (`python -m pip`), never one found on PATH. */
export function pipArgv(python: string, args: readonly string[]): string[] {
  return [python, '-m', 'pip', '--disable-pip-version-check', ...args];
}
