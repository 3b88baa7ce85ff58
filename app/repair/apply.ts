import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { ActionLog } from '../report/schema';
import { isCondaPrefix, locateConda, type CommandRunner, type CondaTool } from './conda';
import { condaMatchesSnapshot, condaOwnedNames, condaRestoreSteps, restorePreviewError, takeCondaSnapshot } from './conda-rollback';
import { checkHealth, interpreterFacts, nodeHost, probeEnvironment, type HealthCheckKind, type HealthIssue } from '../envs';
import { installedPackages, mergeChanges, type InstalledPackage } from './pip';
import { DoctorError } from '../base/errors';
import { environmentIdentity } from './environment-identity';
import { acquireRepairLock } from './repair-lock';
import { pipArgv, runCommand } from '../process/run-command';
import { clearLeftovers, leftoverWords, readSiteState, siteDifferences } from './site-records';
import { assertSnapshotOf, differences, readSnapshot, takeSnapshot, type Snapshot } from './snapshot';
import { recordStamps, writtenAgain } from './written-again';
import type { PlannedChange, PlanStep, RepairOutcome, RepairPlan } from './types';
import { normalizeName, packageName, packageVersion } from '../base/package-spec';
import { commaList, english, message, saidParam, semicolonList, spaceList, texts, type MessageRef } from '../messages';

export interface ApplyOptions {
  readonly dataDir: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Runs commands (injectable: conda is tested against recorded output). */
  readonly runner?: CommandRunner;
  /** The conda that owns the environment, when the caller knows it better than locateConda. */
  readonly conda?: CondaTool | null;
  /** A line of output; `said`: the message behind a line the engine wrote (not a command's own output). */
  readonly onLine: (stream: 'stdout' | 'stderr' | 'info', line: string, said?: MessageRef) => void;
  /** The progress line in English, and the message behind it for the wizard's language. */
  readonly onProgress: (fraction: number, message: string, said?: MessageRef) => void;
  readonly signal: AbortSignal;
  /** Called with each child's PID (the lock records them). */
  readonly onSpawn?: (pid: number) => void;
}

/** How far into one pip command its output says it is. */
function pipStage(line: string): number | undefined {
  if (/^(Collecting|Processing|Looking in)/.test(line)) return 0.25;
  if (/^(Downloading|Using cached)/.test(line)) return 0.45;
  if (/^Installing collected packages/.test(line)) return 0.7;
  if (/^(Successfully installed|Successfully uninstalled)/.test(line)) return 1;
  return undefined;
}

/** A progress line of the engine: its English (the CLI prints it) and its message. */
function progress(options: Pick<ApplyOptions, 'onProgress'>, fraction: number, said: MessageRef): void {
  options.onProgress(fraction, english(said), said);
}

/** A log line the engine writes itself, in English and as its message. */
function say(options: Pick<ApplyOptions, 'onLine'>, stream: 'stderr' | 'info', said: MessageRef): void {
  options.onLine(stream, english(said), said);
}

async function runStep(step: PlanStep, options: ApplyOptions, env: NodeJS.ProcessEnv, report: (within: number) => void): Promise<{ ok: boolean; cancelled: boolean; action: ActionLog }> {
  const startedAt = new Date().toISOString();
  if (step.kind === 'move-file') {
    try {
      await mkdir(path.dirname(step.to), { recursive: true });
      await rename(step.from, step.to);
      say(options, 'info', message('log.moved', { from: step.from, to: step.to }));
      return { ok: true, cancelled: false, action: { remedyId: null, kind: 'move-file', title: step.title, ...(step.messages ? { messages: step.messages } : {}), startedAt, finishedAt: new Date().toISOString(), status: 'succeeded', command: null, log: `${step.from} → ${step.to}` } };
    } catch (error) {
      const message = (error as Error).message;
      options.onLine('stderr', message);
      return { ok: false, cancelled: false, action: { remedyId: null, kind: 'move-file', title: step.title, ...(step.messages ? { messages: step.messages } : {}), startedAt, finishedAt: new Date().toISOString(), status: 'failed', command: null, log: message } };
    }
  }
  options.onLine('info', `$ ${step.argv.join(' ')}`);
  let log = '';
  const result = await (options.runner ?? runCommand)(step.argv, {
    env,
    signal: options.signal,
    onSpawn: options.onSpawn,
    onLine: (stream, line) => {
      log += `${line}\n`;
      options.onLine(stream, line);
      const stage = pipStage(line);
      if (stage !== undefined) report(stage);
    },
  });
  if (result.timedOut) say(options, 'stderr', message('log.timed-out'));
  const ok = result.code === 0 && !result.cancelled;
  return { ok, cancelled: result.cancelled, action: { remedyId: null, kind: 'command', title: step.title, ...(step.messages ? { messages: step.messages } : {}), startedAt, finishedAt: new Date().toISOString(), status: ok ? 'succeeded' : 'failed', command: [...step.argv], log: log.slice(-200_000) } };
}

/** What pip needs to run: never uninstalled by a rollback, whatever a snapshot says (a tampered one, or a pip list that lied). */
const INSTALLER = new Set(['pip', 'setuptools', 'wheel']);

/**
 * Moves pip's leftovers out of the site folders (site-records.ts) before anything else runs, so
 * what pip is asked to do next starts from a state it understands: a stashed `~name` folder, a
 * project recorded twice, files its RECORD lists that are missing or cut short.
 */
async function clearPipLeftovers(python: string, snapshot: Snapshot, options: Omit<ApplyOptions, 'signal'>, env: NodeJS.ProcessEnv): Promise<string[]> {
  const facts = await interpreterFacts(python, env);
  const state = await readSiteState(facts.prefix, facts.siteFolders);
  if (leftoverWords(state).length === 0 && (!snapshot.site || siteDifferences(snapshot.site, state).length === 0)) return [];
  const quarantine = path.join(facts.prefix, '.python-dll-doctor-leftovers', snapshot.id, new Date().toISOString().replace(/[:.]/g, '-'));
  for (const word of leftoverWords(state)) say(options, 'info', message('log.found', { word }));
  const moved = await clearLeftovers(facts.prefix, facts.siteFolders, state, snapshot.site ?? null, quarantine);
  if (moved.length > 0) say(options, 'info', message('log.leftovers-moved', { count: moved.length, folder: quarantine, files: `${moved.slice(0, 10).join(', ')}${moved.length > 10 ? ', ...' : ''}` }));
  return moved;
}

/**
 * Whether the environment provably equals a snapshot now: pip's list, pip's records on disk, the
 * site folders' entries, and no leftovers. Returns what still differs (empty: identical).
 */
async function stillDifferent(python: string, snapshot: Snapshot, owned: ReadonlySet<string>, env: NodeJS.ProcessEnv): Promise<MessageRef[]> {
  const pipOnly = (list: readonly InstalledPackage[]) => list.filter((p) => !owned.has(normalizeName(p.name)));
  const facts = await interpreterFacts(python, env);
  const state = await readSiteState(facts.prefix, facts.siteFolders, new Set(snapshot.packages.map((p) => normalizeName(p.name))));
  const files = snapshot.site ? siteDifferences(snapshot.site, state) : leftoverWords(state);
  return [...differences(pipOnly(snapshot.packages), pipOnly(await installedPackages(python, env))).words, ...files];
}

/**
 * Puts the environment back to a snapshot, both managers: pip's leftovers out of the way first
 * (clearPipLeftovers), conda's packages next (its revision, or the snapshot's package files where
 * the tool has no revisions: conda-rollback.ts), then pip's diff, computed after conda ran and only
 * over packages conda does not own; pip, setuptools and wheel are never removed. It says "put back"
 * only when the environment provably equals the snapshot again (stillDifferent), and refuses before
 * changing anything when conda's part cannot be restored exactly.
 */
async function restore(python: string, snapshot: Snapshot, options: Omit<ApplyOptions, 'signal'>, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; summary: string; messages: { summary: MessageRef }; actions: ActionLog[] }> {
  const actions: ActionLog[] = [];
  const never = new AbortController().signal;
  const run = async (step: PlanStep) => {
    const outcome = await runStep(step, { ...options, signal: never }, env, () => undefined);
    actions.push({ ...outcome.action, status: outcome.ok ? 'rolled-back' : 'failed' });
    return outcome.ok;
  };
  // --- conda (conda-rollback.ts) ---
  const conda = snapshot.conda;
  let condaWords: MessageRef[] = [];
  let owned = new Set<string>();
  if (conda && !conda.records) return { ok: false, ...texts({ summary: message('repair.summary.no-conda-records') }), actions };
  // --- pip's leftovers, before pip or conda is asked anything ---
  const cleared = await clearPipLeftovers(python, snapshot, options, env);
  const clearedWords = cleared.length > 0 ? [message('repair.words.leftovers-moved', { count: cleared.length })] : [];
  if (conda?.records) {
    const part = await condaRestoreSteps(python, conda, await installedPackages(python, env), { dataDir: options.dataDir, snapshotId: snapshot.id });
    if (part.refusal) return { ok: false, ...texts({ summary: message('repair.summary.conda-refused', { refusal: part.refusal, words: semicolonList(part.words), file: `${options.dataDir}/snapshots/${snapshot.id}.json` }) }), actions };
    // conda's steps are dry-run first: nothing (pip's copy included) is removed before conda's part is known to work.
    for (const argv of part.previews) {
      const dry = await (options.runner ?? runCommand)(argv, { env });
      const error = restorePreviewError(dry.stdout, dry.code ?? 1);
      if (error) return { ok: false, ...texts({ summary: message('repair.summary.conda-dry-run-failed', { error, words: semicolonList(part.words) }) }), actions };
    }
    for (const step of part.steps) {
      if (!(await run(step))) return { ok: false, ...texts({ summary: message('repair.summary.rollback-failed', { step: step.messages?.title ?? step.title, words: semicolonList(part.words) }) }), actions };
    }
    condaWords = part.words;
    owned = await condaOwnedNames(conda);
  }
  // --- pip, after conda ran ---
  // A second round when the files still hold pip's leftovers: what a killed pip left can surface only
  // once pip has worked on it (a dist-info it could not fully uninstall). Each round is checked again.
  const pipOnly = (list: readonly InstalledPackage[]) => list.filter((p) => !owned.has(normalizeName(p.name)));
  const pipWords: MessageRef[] = [];
  let left: MessageRef[] = [];
  for (let round = 1; round <= 2; round++) {
    const diff = differences(pipOnly(snapshot.packages), pipOnly(await installedPackages(python, env)));
    pipWords.push(...diff.words.filter((w) => !pipWords.some((said) => english(said) === english(w))));
    const kept = diff.remove.filter((name) => INSTALLER.has(normalizeName(name)));
    const remove = diff.remove.filter((name) => !INSTALLER.has(normalizeName(name)));
    for (const name of kept) say(options, 'info', message('log.installer-kept', { name }));
    const steps: PlanStep[] = [];
    if (remove.length > 0) steps.push({ id: 'undo-add', kind: 'command', ...texts({ title: message('action.undo.pip-added') }), argv: pipArgv(python, ['uninstall', '--yes', ...remove.map(packageName)]) });
    if (diff.restore.length > 0) {
      const pins = diff.restore.map((pin) => {
        const [name = '', version = ''] = pin.split('==');
        return `${packageName(name)}==${packageVersion(version)}`;
      });
      steps.push({ id: 'undo-change', kind: 'command', ...texts({ title: message('action.undo.pip-changed') }), argv: pipArgv(python, ['install', '--no-deps', ...pins]) });
    }
    for (const step of steps) {
      if (!(await run(step))) return { ok: false, ...texts({ summary: message('repair.summary.rollback-failed.pip', { step: step.messages?.title ?? step.title, words: semicolonList(diff.words) }) }), actions };
    }
    left = [...(await stillDifferent(python, snapshot, owned, env)), ...(conda?.records ? await condaMatchesSnapshot(conda) : [])];
    if (left.length === 0 || round === 2) break;
    say(options, 'info', message('log.still-different', { left: semicolonList(left) }));
    if ((await clearPipLeftovers(python, snapshot, options, env)).length === 0) break;
  }
  const undone = [...clearedWords, ...condaWords, ...pipWords];
  const proof = snapshot.site ? '' : message('repair.summary.list-only');
  if (left.length > 0) return { ok: false, ...texts({ summary: message('repair.summary.partly', { words: semicolonList(left) }) }), actions };
  if (undone.length === 0) return { ok: true, ...texts({ summary: message('repair.summary.already', { proof }) }), actions };
  return { ok: true, ...texts({ summary: message('repair.summary.put-back', { words: semicolonList(undone), proof }) }), actions };
}

/**
 * Where the installed set differs from what the steps run so far said they would change: each
 * package whose version moved must be one a step named, at the version it named, and each change
 * a step named must have happened. Empty: the repair did exactly what it showed.
 */
export function divergence(before: readonly InstalledPackage[], now: readonly InstalledPackage[], expected: readonly PlannedChange[]): MessageRef[] {
  const was = new Map(before.map((p) => [normalizeName(p.name), p.version]));
  const is = new Map(now.map((p) => [normalizeName(p.name), p.version]));
  const want = new Map<string, string | null>();
  for (const change of expected) want.set(normalizeName(change.package), change.to);
  const problems: MessageRef[] = [];
  for (const name of new Set([...was.keys(), ...is.keys()])) {
    const from = was.get(name) ?? null;
    const to = is.get(name) ?? null;
    const planned = want.has(name) ? (want.get(name) ?? null) : from;
    if (to === planned) continue;
    const shown = now.find((p) => normalizeName(p.name) === name)?.name ?? before.find((p) => normalizeName(p.name) === name)?.name ?? name;
    problems.push(message('repair.word.diverged', { package: shown, now: to ?? message('repair.word.not-installed'), planned: planned ?? message('repair.word.not-installed') }));
  }
  return problems;
}

const REQUIREMENT_CHECKS = new Set<HealthCheckKind>(['requirement-missing', 'requirement-version', 'conda-dependency-version']);

/**
 * Requirements not met, one sentence each (empty when all hold), by app/envs' checkHealth: the
 * rules the diagnosis and the `env` command apply, so "requirements met" means one thing. Files are
 * checked for presence only; hashing is the diagnosis' business.
 */
async function unmetRequirements(python: string, env: NodeJS.ProcessEnv): Promise<HealthIssue[]> {
  const host = nodeHost({ env });
  const report = await checkHealth(await probeEnvironment(python, { host }), { host, verifyHashes: 'none' });
  return report.issues.filter((i) => REQUIREMENT_CHECKS.has(i.check));
}

/**
 * Applies a plan: lock, snapshot, each step with its output streamed, then the import test.
 * After each pip step the installed set is compared with what the plan showed; any difference
 * stops the repair and rolls it back. A failed step rolls back to the snapshot; a cancel stops the
 * whole process tree and says what changed. The repair counts as fixed only when `verify` passes.
 */
export async function applyPlan(plan: RepairPlan, options: ApplyOptions & { verify: () => Promise<boolean> }): Promise<RepairOutcome> {
  const env = options.env ?? process.env;
  if (plan.runsHere === false) {
    throw new DoctorError('offline-environment', message('error.offline-environment'), message('error.offline-environment.what'));
  }
  // A step whose dry run failed was never previewed: running it would change what nobody saw.
  const refused = plan.steps.find((s) => s.kind === 'command' && s.previewError);
  if (plan.blocked || (refused?.kind === 'command' && refused.previewError)) {
    const why = plan.blocked ? (plan.messages?.blocked && english(plan.messages.blocked) === plan.blocked ? plan.messages.blocked : plan.blocked) : refused?.kind === 'command' ? refused.previewError! : '';
    throw new DoctorError('no-preview', typeof why === 'string' ? message('word.verbatim', { text: why }) : why, message('error.no-preview.blocked.what'));
  }
  const unpreviewed = plan.steps.find((s) => s.kind === 'command' && s.expect === null);
  if (unpreviewed) {
    throw new DoctorError('no-preview', message('error.no-preview', { title: unpreviewed.title }), message('error.no-preview.what'));
  }
  const facts = await interpreterFacts(plan.python, env);
  const environment = await environmentIdentity(facts.prefix);
  const lock = await acquireRepairLock(options.dataDir, environment, plan.python, plan.remedy.title, plan.remedy.messages?.title);
  const actions: ActionLog[] = [];
  const withLock: ApplyOptions = { ...options, onSpawn: (pid) => { lock.addChild(pid); options.onSpawn?.(pid); } };
  try {
    progress(options, 0.02, message('progress.snapshot'));
    const tool = options.conda !== undefined ? options.conda : (await isCondaPrefix(facts.prefix)) ? await locateConda(facts.prefix, env) : null;
    // conda's part: revision, explicit list and every record, so the rollback can restore conda exactly (conda-rollback.ts).
    const snapshot = await takeSnapshot(options.dataDir, environment, plan.python, env, tool ? await takeCondaSnapshot(tool, facts.prefix, options.runner, env) : undefined);
    await lock.setSnapshot(snapshot.id);
    // The planned packages' RECORDs as they are now, to tell a same-version reinstall (files written anew) from nothing done.
    const planned = new Set(mergeChanges(plan.changes).map((c) => normalizeName(c.package)));
    const stampsBefore = await recordStamps(facts.prefix, snapshot.site?.records ?? [], planned);
    const unmetBefore = new Set((await unmetRequirements(plan.python, env)).map((i) => i.message));
    say(options, 'info', message('log.snapshot', { id: snapshot.id, packages: snapshot.packages.length }));
    const span = 0.85 / Math.max(1, plan.steps.length);
    const moved: { from: string; to: string }[] = [];
    // The installed set is checked against the plan only when every step said what it changes (conda's names are not pip's).
    const checkable = plan.steps.every((s) => s.kind === 'move-file' || Array.isArray(s.expect));
    const expected: PlannedChange[] = [];
    const undo = async (reason: MessageRef): Promise<RepairOutcome> => {
      progress(options, 0.9, message('progress.rolling-back'));
      const changed = differences(snapshot.packages, await installedPackages(plan.python, env)).words;
      // Files this repair moved into quarantine go back where they were.
      for (const move of moved.reverse()) {
        await rename(move.to, move.from).then(
          () => say(options, 'info', message('log.moved-back', { to: move.to, from: move.from })),
          (error: Error) => say(options, 'stderr', message('log.move-back-failed', { to: move.to, from: move.from, error: error.message })),
        );
      }
      const back = await restore(plan.python, snapshot, withLock, env);
      actions.push(...back.actions);
      const summary = changed.length > 0 ? message('repair.summary.undone.changed', { reason, words: semicolonList(changed), back: back.messages.summary }) : message('repair.summary.undone', { reason, back: back.messages.summary });
      return { status: back.ok ? 'failed-and-rolled-back' : 'failed', ...texts({ summary }), snapshotId: snapshot.id, actions, importWorks: null };
    };
    for (const [index, step] of plan.steps.entries()) {
      const base = 0.05 + index * span;
      options.onProgress(base, step.title, step.messages?.title);
      const outcome = await runStep(step, withLock, env, (within) => options.onProgress(base + span * within, step.title, step.messages?.title));
      actions.push({ ...outcome.action, remedyId: plan.remedy.id });
      if (outcome.ok && step.kind === 'move-file') moved.push({ from: step.from, to: step.to });
      if (outcome.cancelled) {
        const diff = differences(snapshot.packages, await installedPackages(plan.python, env));
        const left = leftoverWords(await readSiteState(facts.prefix, facts.siteFolders, new Set()));
        const words = [...diff.words, ...left];
        return {
          status: 'cancelled',
          ...texts({ summary: words.length === 0 ? message('repair.summary.cancelled-early') : message('repair.summary.cancelled', { words: semicolonList(words) }) }),
          snapshotId: snapshot.id,
          actions,
          importWorks: null,
        };
      }
      if (!outcome.ok) return await undo(message('repair.summary.step-failed', { step: step.messages?.title ?? step.title }));
      if (step.kind === 'command' && checkable) {
        expected.push(...(step.expect ?? []));
        const problems = divergence(snapshot.packages, await installedPackages(plan.python, env), expected);
        if (problems.length > 0) {
          say(options, 'stderr', message('log.diverged', { step: step.messages?.title ?? step.title, problems: semicolonList(problems) }));
          return await undo(message('repair.summary.diverged', { step: step.messages?.title ?? step.title, problems: semicolonList(problems) }));
        }
      }
    }
    // pip said it succeeded; its files must say so too before anything is called fixed.
    const touched = new Set([...mergeChanges(plan.changes).map((c) => normalizeName(c.package)), ...expected.map((c) => normalizeName(c.package))]);
    const settled = await readSiteState(facts.prefix, facts.siteFolders, touched);
    const leftovers = leftoverWords(settled);
    if (leftovers.length > 0) return await undo(message('repair.summary.leftovers', { words: semicolonList(leftovers) }));
    const measured = differences(snapshot.packages, await installedPackages(plan.python, env));
    const changed = measured.words;
    // A version that did not move is no change of version; files written anew are still a change, said as one.
    const reinstalled = writtenAgain(stampsBefore, await recordStamps(facts.prefix, settled.records, planned)).map((r) => ({ package: r.name, version: r.version }));
    const newlyUnmet = (await unmetRequirements(plan.python, env)).filter((issue) => !unmetBefore.has(issue.message));
    for (const issue of newlyUnmet) say(options, 'stderr', message('log.requirement-unmet', { line: saidParam(issue, 'message') }));
    progress(options, 0.95, message('progress.import-again'));
    const works = await options.verify();
    progress(options, 1, message(works ? 'progress.fixed' : 'progress.still-fails'));
    const versions = changed.length > 0 ? message('repair.summary.changed', { words: semicolonList(changed) }) : message('repair.summary.nothing-changed');
    const what = reinstalled.length > 0 ? message('repair.summary.reinstalled', { versions, count: reinstalled.length, packages: commaList(reinstalled.map((r) => `${r.package} ${r.version}`)) }) : versions;
    const unmet = newlyUnmet.length > 0 ? message('repair.summary.unmet', { lines: spaceList(newlyUnmet.map((issue) => saidParam(issue, 'message'))) }) : '';
    return {
      status: works ? 'fixed' : 'not-fixed',
      ...texts({ summary: message(works ? 'repair.summary.fixed' : 'repair.summary.not-fixed', { changed: what, unmet }) }),
      snapshotId: snapshot.id,
      actions,
      importWorks: works,
      changes: measured.changes,
      reinstalled,
    };
  } finally {
    await lock.release();
  }
}

/** Restores an environment to a snapshot taken before a repair. */
export async function rollback(python: string, snapshotId: string, options: Omit<ApplyOptions, 'signal'>): Promise<RepairOutcome> {
  const env = options.env ?? process.env;
  const snapshot = await readSnapshot(options.dataDir, snapshotId);
  const environment = await environmentIdentity((await interpreterFacts(python, env)).prefix);
  // A snapshot of another environment would install its packages here: refused before anything runs.
  await assertSnapshotOf(snapshot, environment);
  const lock = await acquireRepairLock(options.dataDir, environment, python, english(message('lock.rollback', { snapshot: snapshotId })), message('lock.rollback', { snapshot: snapshotId }));
  try {
    progress(options, 0.1, message('progress.comparing'));
    const back = await restore(python, snapshot, { ...options, onSpawn: (pid) => { lock.addChild(pid); options.onSpawn?.(pid); } }, env);
    progress(options, 1, message(back.ok ? 'progress.rolled-back' : 'progress.rollback-incomplete'));
    // A rollback does not fix anything: it puts back the state the diagnosis found.
    return { status: back.ok ? 'not-fixed' : 'failed', summary: back.summary, messages: back.messages, snapshotId, actions: back.actions, importWorks: null };
  } finally {
    await lock.release();
  }
}
