import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DoctorError } from '../base/errors';
import type { PlannedChange } from './types';
import { runCommand, type CommandResult, type RunOptions } from '../process/run-command';
import { message } from '../messages';

/** Runs a command; injected so the conda adapter is tested against recorded real conda output. */
export type CommandRunner = (argv: readonly string[], options?: RunOptions) => Promise<CommandResult>;

export interface CondaTool {
  readonly exe: string;
  readonly flavor: 'conda' | 'mamba' | 'micromamba';
}

const exists = (file: string) => stat(file).then((s) => s.isFile(), () => false);

/** Whether a prefix is a conda environment (it has conda's records). */
export async function isCondaPrefix(prefix: string): Promise<boolean> {
  return stat(path.join(prefix, 'conda-meta')).then((s) => s.isDirectory(), () => false);
}

/**
 * The conda that owns an environment: the installation the prefix belongs to (the prefix itself for
 * a base environment, `<root>/envs/<name>` otherwise), before whatever conda is on PATH. mamba and
 * micromamba are used where they are the tool at hand (MAMBA_EXE is set by both).
 */
export async function locateConda(prefix: string, env: NodeJS.ProcessEnv): Promise<CondaTool | null> {
  const roots = [prefix, path.dirname(path.dirname(prefix))];
  const candidates: CondaTool[] = [];
  for (const root of roots) {
    for (const rel of ['condabin/conda', 'bin/conda', 'Scripts/conda.exe', 'condabin/conda.bat']) candidates.push({ exe: path.join(root, rel), flavor: 'conda' });
    for (const rel of ['condabin/mamba', 'bin/mamba', 'Scripts/mamba.exe']) candidates.push({ exe: path.join(root, rel), flavor: 'mamba' });
  }
  if (env.CONDA_EXE) candidates.push({ exe: env.CONDA_EXE, flavor: 'conda' });
  if (env.MAMBA_EXE) candidates.push({ exe: env.MAMBA_EXE, flavor: /micromamba/i.test(env.MAMBA_EXE) ? 'micromamba' : 'mamba' });
  for (const candidate of candidates) if (await exists(candidate.exe)) return candidate;
  return null;
}

/**
 * A conda command on one environment, always by prefix and with JSON output (`search` has no
 * `--prefix` since conda 4.6: conda-search.ts builds its own).
 */
export function condaArgv(tool: CondaTool, command: 'install' | 'remove' | 'list', prefix: string, args: readonly string[]): string[] {
  return [tool.exe, command, '--prefix', prefix, '--json', ...(command === 'list' ? [] : ['--yes']), ...args];
}

interface CondaRecord {
  readonly name: string;
  readonly version: string;
}

/**
 * Reads conda's JSON answer to install/remove (dry run or not): the packages it unlinks and links
 * (`actions.UNLINK`/`actions.LINK`, conda/core/link.py `_make_legacy_action_groups`), or its error
 * object (`exception_name`, `message`: conda/__init__.py `dump_map`).
 */
export function parseCondaTransaction(stdout: string): { changes: PlannedChange[]; removedAlong: CondaRecord[] } {
  type Group = { LINK?: CondaRecord[]; UNLINK?: CondaRecord[] };
  let data: { success?: boolean; actions?: Group | Group[]; exception_name?: string; message?: string; error?: string };
  try {
    data = JSON.parse(stdout);
  } catch {
    throw new DoctorError('conda-output', message('error.conda-output'), message('error.conda-output.what'));
  }
  if (data.exception_name) throw condaRefusal(data.exception_name, data.message ?? data.error ?? '');
  // conda 4.4 wrote a list of action groups, one per prefix (real output in conda/conda#6641); 4.5+ the first group alone.
  const groups = Array.isArray(data.actions) ? data.actions : data.actions ? [data.actions] : [];
  const link = groups.flatMap((g) => g.LINK ?? []);
  const unlink = groups.flatMap((g) => g.UNLINK ?? []);
  const names = new Set([...link, ...unlink].map((r) => r.name));
  const changes = [...names].map((name) => ({ package: name, from: unlink.find((r) => r.name === name)?.version ?? null, to: link.find((r) => r.name === name)?.version ?? null }));
  return { changes, removedAlong: unlink.filter((u) => !link.some((l) => l.name === u.name)) };
}

/**
 * The environment's current revision: the last `rev` of `list --revisions --json` (conda/history.py
 * `History.object_log` at 25.11.1; micromamba/mamba 2.3+ write `{date, install, remove, rev}`,
 * libmamba/src/api/list.cpp at 2.3.0).
 */
export async function currentRevision(tool: CondaTool, prefix: string, runner: CommandRunner = runCommand, env?: NodeJS.ProcessEnv): Promise<number | null> {
  const result = await runner(condaArgv(tool, 'list', prefix, ['--revisions']), { env });
  try {
    const revisions = JSON.parse(result.stdout) as { rev: number }[];
    return revisions.at(-1)?.rev ?? null;
  } catch {
    return null;
  }
}

/**
 * conda's JSON error as a DoctorError. Anaconda's channels (conda-anaconda-tos, shipped with
 * Anaconda and Miniconda 25.x) stop a non-interactive `--yes --json` run with
 * `CondaToSNonInteractiveError` until their terms are accepted; its message lists, per channel,
 * "conda tos accept --override-channels --channel <url>" (conda_anaconda_tos/exceptions.py at 0.2.2;
 * earlier releases printed the channel URLs and one command with a CHANNEL placeholder: both
 * messages are quoted in tests/fixtures/conda/).
 */
export function condaRefusal(exceptionName: string, condaMessage: string): DoctorError {
  if (exceptionName === 'CondaToSNonInteractiveError' || exceptionName === 'CondaToSRejectedError') {
    // The channels are the bulleted URLs of the message (0.1.x printed a CHANNEL placeholder in its command, 0.2.x one command per URL).
    const channels = [...new Set([...condaMessage.matchAll(/^\s*(?:\S\s+)?(https?:\/\/\S+)\s*$/gm)].map((m) => m[1] ?? '').filter((url) => !url.includes('/docs/')))];
    const commands = channels.map((url) => `conda tos accept --override-channels --channel ${url}`);
    return new DoctorError(
      'conda-tos',
      message('error.conda-tos'),
      message('error.conda-tos.what', { commands: commands.length > 0 ? commands.join(' ; ') : 'conda tos accept' }),
    );
  }
  return new DoctorError('conda-error', message('error.conda-error', { why: condaMessage || exceptionName }), message('error.conda-error.what'));
}

/**
 * The flag that reinstalls a package already present: `--force-reinstall` from conda 4.6.0
 * (conda/cli/conda_argparse.py at 4.6.0), `--force` in conda 4.4 and 4.5 (the same file at 4.5.13:
 * "Force install (even when package already installed)"). mamba and micromamba take
 * `--force-reinstall`. `conda --version` prints "conda 4.5.13"; an answer that cannot be read
 * keeps the current flag.
 */
export async function reinstallFlag(tool: CondaTool, runner: CommandRunner, env?: NodeJS.ProcessEnv): Promise<'--force' | '--force-reinstall'> {
  if (tool.flavor !== 'conda') return '--force-reinstall';
  const out = await runner([tool.exe, '--version'], { env }).then((r) => `${r.stdout}\n${r.stderr}`, () => '');
  const m = /conda\s+(\d+)\.(\d+)\./.exec(out);
  return m && Number(m[1]) === 4 && Number(m[2]) < 6 ? '--force' : '--force-reinstall';
}
