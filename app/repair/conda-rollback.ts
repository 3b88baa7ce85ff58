import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { condaArgv, currentRevision, type CommandRunner, type CondaTool } from './conda';
import { localCondaRecords, type CondaRecord } from './conda-meta';
import type { InstalledPackage } from './pip';
import { pipArgv, runCommand } from '../process/run-command';
import type { PlanStep } from './types';
import { message, saidParam, texts, type MessageRef } from '../messages';
import { isCondaChannel } from '../envs';
import { normalizeName, packageName } from '../base/package-spec';
import { condaPackageName } from './conda-validate';

/** One conda package as the snapshot keeps it: enough to compare exactly and to put it back from its file. */
export interface CondaPin {
  readonly name: string;
  readonly version: string;
  readonly build: string;
  readonly url: string | null;
}

/** What a snapshot of a conda environment holds besides pip's list. */
export interface CondaSnapshot {
  readonly exe: string;
  readonly flavor: string;
  readonly prefix: string;
  readonly revision: number | null;
  readonly explicit?: string;
  /** Every conda package then, from conda-meta (conda-meta.ts). */
  readonly records?: readonly CondaPin[];
  /** Whether this tool can go back to a revision, and why not when it cannot. */
  /** Whether the tool's revisions work, and why (`messages.why`: the message behind it; absent in snapshots of earlier versions). */
  readonly revisions?: RevisionSupport;
}

const pinOf = (r: CondaRecord): CondaPin => ({ name: r.name, version: r.version, build: r.build, url: r.url });

/**
 * Whether `install --revision N` really restores a revision with this tool:
 * - conda: yes (conda/cli/install.py `revert_actions`, docs user-guide/tasks/manage-environments.rst);
 * - mamba 1.x: no, it checks the revision and then installs nothing (mamba/mamba/mamba.py at
 *   mamba-1.5.8: `if isinstall and args.revision: get_revision(...)`; mamba-org/mamba#803, #2209);
 * - micromamba and mamba 2: only from 2.3.0 (`--revision` added to micromamba/src/install.cpp by
 *   mamba-org/mamba#3966); micromamba 1.x has no revisions at all.
 * `mamba --version` prints "mamba X" in 1.x (mamba.py `_wrapped_main`), micromamba and mamba 2 the bare version.
 */
export async function revisionSupport(tool: CondaTool, runner: CommandRunner, env: NodeJS.ProcessEnv): Promise<RevisionSupport> {
  if (tool.flavor === 'conda') return { work: true, ...texts({ why: message('conda.revisions.conda') }) };
  const out = (await runner([tool.exe, '--version'], { env })).stdout.trim();
  if (/^mamba\s+1\./m.test(out)) return { work: false, ...texts({ why: message('conda.revisions.mamba-1', { version: /^mamba\s+(\S+)/m.exec(out)?.[1] ?? '1.x' }) }) };
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(out);
  if (!m) return { work: false, ...texts({ why: message('conda.revisions.unknown-version', { tool: tool.flavor, output: out.slice(0, 40) }) }) };
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 2 || (major === 2 && minor >= 3) ? { work: true, ...texts({ why: message('conda.revisions.has', { tool: tool.flavor, version: m[0] }) }) } : { work: false, ...texts({ why: message('conda.revisions.none', { tool: tool.flavor, version: m[0] }) }) };
}

/** Whether a conda tool really goes back to a revision, and why, with the message behind the why. */
export interface RevisionSupport {
  readonly work: boolean;
  readonly why: string;
  readonly messages?: { readonly why: MessageRef };
}

/** The conda part of a snapshot: revision, the explicit list, every record, and whether revisions work. */
export async function takeCondaSnapshot(tool: CondaTool, prefix: string, runner: CommandRunner = runCommand, env: NodeJS.ProcessEnv = process.env): Promise<CondaSnapshot> {
  const revisions = await revisionSupport(tool, runner, env);
  const revision = revisions.work ? await currentRevision(tool, prefix, runner, env) : null;
  const explicit = (await runner([tool.exe, 'list', '--prefix', prefix, '--explicit'], { env })).stdout;
  return { exe: tool.exe, flavor: tool.flavor, prefix, revision, explicit, records: (await localCondaRecords(prefix)).map(pinOf), revisions };
}

/** How the conda packages now differ from the snapshot, by name, version and build. */
export function condaDifferences(before: readonly CondaPin[], now: readonly CondaPin[]): { changed: CondaPin[]; added: CondaPin[]; words: MessageRef[] } {
  const key = (p: CondaPin) => `${p.version}|${p.build}`;
  const was = new Map(before.map((p) => [p.name, p]));
  const is = new Map(now.map((p) => [p.name, p]));
  const changed: CondaPin[] = [];
  const words: MessageRef[] = [];
  for (const [name, p] of was) {
    const c = is.get(name);
    if (!c) words.push(message('repair.word.conda-removed', { package: name, version: p.version }));
    else if (key(c) !== key(p)) words.push(message('repair.word.conda-changed', { package: name, from: p.version, fromBuild: p.build, to: c.version, toBuild: c.build }));
    else continue;
    changed.push(p);
  }
  const added = [...is.values()].filter((p) => !was.has(p.name));
  for (const p of added) words.push(message('repair.word.conda-added', { package: p.name, version: p.version }));
  return { changed, added, words };
}

/** The channel of a package file's URL (".../pkgs/free/win-64/pillow-4.0.0-py36_0.tar.bz2" → ".../pkgs/free"). */
export function channelOfUrl(url: string): string | null {
  const parts = url.split('/');
  return parts.length > 4 ? parts.slice(0, -2).join('/') : null;
}

/** The channels the snapshot's packages came from: conda's revert solves only against the channels it is given. */
export function snapshotChannels(pins: readonly CondaPin[]): string[] {
  return [...new Set(pins.map((p) => (p.url ? channelOfUrl(p.url) : null)).filter((c): c is string => c !== null && isCondaChannel(c)))];
}

/**
 * Whether conda's dry run of a restore step says it can run: JSON without an error, or the
 * `DryRunExit` an explicit install raises before fetching anything (conda/misc.py
 * `get_package_records_from_explicit` at 25.11.1); the error otherwise.
 */
export function restorePreviewError(stdout: string, code: number): string | null {
  try {
    const data = JSON.parse(stdout) as { exception_name?: string; message?: string };
    if (data.exception_name === 'DryRunExit') return null;
    if (data.exception_name) return `${data.exception_name}: ${data.message ?? ''}`.trim();
    return code === 0 ? null : `conda exited with ${code}`;
  } catch {
    return code === 0 ? null : `conda did not answer with JSON (exit ${code}): ${stdout.slice(0, 200)}`;
  }
}

/**
 * The steps that put conda's packages back, in the order that leaves no mixture:
 * 0. conda's own dry run of each conda step, before anything changes (the caller runs `previews`
 *    and refuses on a failure): pip's copy is removed only once conda's step is known to work;
 * 1. pip's copies of packages conda owned in the snapshot go first (after a switch to pip, conda
 *    would otherwise link its files over pip's and two dist-infos would remain);
 * 2. conda's revision where the tool really has revisions; otherwise the snapshot's own package
 *    files, as an @EXPLICIT list (conda/misc.py `install_explicit_packages` at 25.11.1 replaces a
 *    package of the same name; micromamba: `install_explicit_specs`, libmamba/src/api/install.cpp),
 *    then `remove --force` of what conda added;
 * or a refusal saying why exact restoration is impossible.
 */
export async function condaRestoreSteps(
  python: string,
  snapshot: CondaSnapshot,
  pipNow: readonly InstalledPackage[],
  options: { dataDir: string; snapshotId: string },
): Promise<{ steps: PlanStep[]; words: MessageRef[]; refusal: MessageRef | null; previews: string[][] }> {
  const before = snapshot.records ?? [];
  const now = (await localCondaRecords(snapshot.prefix)).map(pinOf);
  const diff = condaDifferences(before, now);
  if (diff.words.length === 0) return { steps: [], words: [], refusal: null, previews: [] };
  // The snapshot's channels (pkgs/free among them) go with conda's step: a revision or a package no
  // longer in the configured channels is found there (conda/cli/install.py `install_revision` builds
  // its index from the -c channels; `revert_actions` raises PackagesNotFoundInChannelsError otherwise).
  const channelArgs = snapshotChannels(before).flatMap((c) => ['-c', c]);
  const previews: string[][] = [];
  const withPreview = (step: PlanStep & { kind: 'command' }) => {
    // The dry run of the very command: `--dry-run` right after the fixed `--json --yes`.
    previews.push([...step.argv.slice(0, 6), '--dry-run', ...step.argv.slice(6)]);
    return step;
  };
  const tool: CondaTool = { exe: snapshot.exe, flavor: snapshot.flavor as CondaTool['flavor'] };
  const steps: PlanStep[] = [];
  const nowNames = new Set(now.map((p) => p.name));
  const pipOver = diff.changed.filter((p) => !nowNames.has(p.name) && pipNow.some((q) => normalizeName(q.name) === normalizeName(p.name)));
  if (pipOver.length > 0) steps.push({ id: 'undo-pip-over-conda', kind: 'command', ...texts({ title: message('action.undo.pip-over-conda', { names: pipOver.map((p) => p.name).join(', ') }) }), argv: pipArgv(python, ['uninstall', '--yes', ...pipOver.map((p) => packageName(p.name))]) });
  if (snapshot.revisions?.work && snapshot.revision !== null) {
    steps.push(withPreview({ id: 'undo-conda', kind: 'command', ...texts({ title: message('action.undo.conda-revision', { revision: String(snapshot.revision) }) }), argv: condaArgv(tool, 'install', snapshot.prefix, ['--revision', String(snapshot.revision), ...channelArgs]) }));
    return { steps, words: diff.words, refusal: null, previews };
  }
  const missingUrl = diff.changed.filter((p) => !p.url);
  if (missingUrl.length > 0) {
    return { steps: [], words: diff.words, refusal: message('repair.conda-refusal', { why: snapshot.revisions ? saidParam(snapshot.revisions, 'why') : message('repair.conda-refusal.no-revision'), packages: missingUrl.map((p) => p.name).join(', ') }), previews: [] };
  }
  if (diff.changed.length > 0) {
    // micromamba and mamba 2 link an explicit package without unlinking the installed one of the same
    // name (mamba-org/mamba#4052, #4070): those are removed first, alone (--force), by this plan.
    const stillThere = tool.flavor === 'conda' ? [] : diff.changed.filter((p) => nowNames.has(p.name));
    if (stillThere.length > 0) {
      steps.push(withPreview({ id: 'undo-conda-unlink', kind: 'command', ...texts({ title: message('action.undo.conda-unlink', { names: stillThere.map((p) => p.name).join(', '), tool: tool.flavor }) }), argv: condaArgv(tool, 'remove', snapshot.prefix, ['--force', ...stillThere.map((p) => condaPackageName(p.name))]) }));
    }
    const file = path.join(options.dataDir, 'snapshots', `${options.snapshotId}.explicit.txt`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `@EXPLICIT\n${diff.changed.map((p) => p.url).join('\n')}\n`);
    steps.push(withPreview({ id: 'undo-conda', kind: 'command', ...texts({ title: message('action.undo.conda-files', { packages: diff.changed.map((p) => `${p.name} ${p.version}`).join(', ') }) }), argv: condaArgv(tool, 'install', snapshot.prefix, ['--file', file]) }));
  }
  if (diff.added.length > 0) {
    steps.push(withPreview({ id: 'undo-conda-add', kind: 'command', ...texts({ title: message('action.undo.conda-added', { names: diff.added.map((p) => p.name).join(', ') }) }), argv: condaArgv(tool, 'remove', snapshot.prefix, ['--force', ...diff.added.map((p) => condaPackageName(p.name))]) }));
  }
  return { steps, words: diff.words, refusal: null, previews };
}

/** Whether conda's packages are now exactly the snapshot's (every name, version and build). */
export async function condaMatchesSnapshot(snapshot: CondaSnapshot): Promise<MessageRef[]> {
  return condaDifferences(snapshot.records ?? [], (await localCondaRecords(snapshot.prefix)).map(pinOf)).words;
}

/** The names conda owns in the snapshot or now: pip's diff leaves them to conda. */
export async function condaOwnedNames(snapshot: CondaSnapshot): Promise<Set<string>> {
  const now = await localCondaRecords(snapshot.prefix);
  return new Set([...(snapshot.records ?? []), ...now].map((p) => normalizeName(p.name)));
}
