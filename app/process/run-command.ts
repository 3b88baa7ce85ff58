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

/**
 * pip is always the environment's own (`python -I -u -m pip`), never one found on PATH.
 *
 * `-I` (isolated mode, Python 3.4+) so that the user's PYTHONPATH, user site and a sitecustomize
 * found through them neither run inside the repair nor let pip see, list or uninstall a shadowing
 * copy instead of the environment's own (https://docs.python.org/3/using/cmdline.html#cmdoption-I).
 * pip's own settings (PIP_*, pip.conf) are untouched: they are how the user reaches their index.
 * `-u` because `-I` also drops a PYTHONUNBUFFERED the user or a CI runner set: pip's lines then
 * reach the live log (and the kill points of the fault suite) as pip writes them, not in blocks.
 */
export function pipArgv(python: string, args: readonly string[]): string[] {
  return [python, '-I', '-u', '-m', 'pip', '--disable-pip-version-check', ...args];
}
