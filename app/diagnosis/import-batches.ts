/**
 * Import tests for many modules at close to the cost of importing them once (diagnose --all), with
 * the verdicts of one fresh interpreter per module.
 *
 * What a shared interpreter can get wrong is a success: a library one import loaded satisfies the
 * next module's need for a library of that name, which in a fresh interpreter would not be found or
 * would be another file (catalog row 14). The static analysis, done first for every module,
 * says where that can happen, and those modules get a fresh interpreter each:
 * - the simulation found a problem, or there is no simulation for the module;
 * - two modules load different files of the same name (copies with the same bytes are one file).
 * Every other module is imported in one of a few long-lived interpreters (disjoint batches,
 * packages together, a package before its submodules). A failure there is confirmed in a fresh
 * interpreter, whose outcome is the verdict; a success there stands only for a module the analysis
 * cleared, since what an earlier import loaded can hide a failure but not cause one to be hidden
 * for a module whose every library resolves on its own to the same files.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { DiagnosisDeps, EnvironmentFacts, ImportOutcome, LoadSimulation } from './facts';

export interface BatchPick {
  readonly module: string;
  /** False when the module has no extension file (nothing for the analysis to follow). */
  readonly hasExtension: boolean;
}

export interface BatchPlan {
  /** Indexes of the picks imported in shared interpreters, one list per interpreter. */
  readonly batches: readonly (readonly number[])[];
  /** Indexes of the picks imported in a fresh interpreter each, with the reason. */
  readonly fresh: readonly { readonly index: number; readonly why: string }[];
}

/** The file name a loader matches an already loaded library by (case-insensitive on Windows). */
function loadedName(path: string, windows: boolean): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return windows ? base.toLowerCase() : base;
}

/** Splits the picks between shared and fresh interpreters from the static analysis of each. */
export async function planBatches(
  picks: readonly BatchPick[],
  simulations: readonly (LoadSimulation | null)[],
  windows: boolean,
  interpreters: number,
  sameContent: (paths: readonly string[]) => Promise<boolean> = filesHaveSameContent,
): Promise<BatchPlan> {
  const fresh: { index: number; why: string }[] = [];
  const candidates: number[] = [];
  picks.forEach((pick, i) => {
    const simulation = simulations[i] ?? null;
    if (!pick.hasExtension || simulation === null) fresh.push({ index: i, why: 'no static analysis' });
    else if (simulation.findings.length > 0) fresh.push({ index: i, why: 'the static analysis found a problem' });
    else candidates.push(i);
  });
  // Same name, different files: whichever loads first would stand in for the other.
  const filesByName = new Map<string, Set<string>>();
  for (const i of candidates) {
    for (const link of simulations[i]?.resolved ?? []) {
      if (!link.resolvedPath) continue;
      const name = loadedName(link.resolvedPath, windows);
      const files = filesByName.get(name) ?? new Set<string>();
      files.add(windows ? link.resolvedPath.toLowerCase() : link.resolvedPath);
      filesByName.set(name, files);
    }
  }
  // Copies with the same bytes (auditwheel vendors libgfortran-<hash>.so into numpy.libs and
  // scipy.libs alike) are one library to the loader's users: whichever loads, the result is the same.
  for (const [name, files] of filesByName) {
    if (files.size > 1 && (await sameContent([...files]))) filesByName.set(name, new Set([[...files][0] as string]));
  }
  const shared: number[] = [];
  for (const i of candidates) {
    const clash = (simulations[i]?.resolved ?? []).find((l) => l.resolvedPath && (filesByName.get(loadedName(l.resolvedPath, windows))?.size ?? 0) > 1);
    if (clash?.resolvedPath) fresh.push({ index: i, why: `another module loads a different ${loadedName(clash.resolvedPath, windows)}` });
    else shared.push(i);
  }
  // Dependency order: a package's modules together, the package before its submodules.
  shared.sort((a, b) => {
    const x = picks[a]?.module ?? '';
    const y = picks[b]?.module ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const count = Math.max(1, Math.min(interpreters, Math.ceil(shared.length / 8)));
  const batches: number[][] = [];
  // Contiguous slices, so that a package's modules share an interpreter (its libraries load once).
  for (let b = 0; b < count; b++) {
    const slice = shared.slice(Math.floor((b * shared.length) / count), Math.floor(((b + 1) * shared.length) / count));
    if (slice.length > 0) batches.push(slice);
  }
  return { batches, fresh: fresh.sort((a, b) => a.index - b.index) };
}

/** True when every file has the same size and SHA-256; false when any cannot be read. */
export async function filesHaveSameContent(paths: readonly string[]): Promise<boolean> {
  const digests = new Set<string>();
  for (const path of paths) {
    try {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
      digests.add(hash.digest('hex'));
    } catch {
      return false;
    }
    if (digests.size > 1) return false;
  }
  return true;
}

export interface BatchRun {
  readonly outcomes: ImportOutcome[];
  /** Modules whose batch failure a fresh interpreter confirmed or overturned. */
  readonly confirmed: number;
  readonly freshRuns: number;
  readonly sharedInterpreters: number;
}

/**
 * Runs the plan. `onOutcome` is called once per module with its final outcome. Cancelled (signal):
 * the modules not imported yet are 'unavailable' with the reason "cancelled".
 */
export async function runBatches(
  env: EnvironmentFacts,
  picks: readonly BatchPick[],
  plan: BatchPlan,
  deps: Required<Pick<DiagnosisDeps, 'importModule' | 'importBatch'>>,
  options: { concurrency: number; signal?: AbortSignal; onOutcome?: (index: number) => void },
): Promise<BatchRun> {
  const cancelled: ImportOutcome = { status: 'unavailable', reason: 'Not imported: the diagnosis was cancelled.' };
  const outcomes: (ImportOutcome | null)[] = picks.map(() => null);
  const settle = (i: number, outcome: ImportOutcome): void => {
    outcomes[i] = outcome;
    options.onOutcome?.(i);
  };
  let confirmed = 0;
  let freshRuns = 0;
  let sharedInterpreters = 0;
  const freshQueue: number[] = plan.fresh.map((f) => f.index);
  const fresh = async (i: number): Promise<void> => {
    if (options.signal?.aborted) return settle(i, cancelled);
    freshRuns++;
    settle(i, await deps.importModule(env, picks[i]?.module ?? '', options.signal));
  };
  const runBatch = async (indexes: readonly number[]): Promise<void> => {
    let left = [...indexes];
    while (left.length > 0) {
      if (options.signal?.aborted) {
        for (const i of left) settle(i, cancelled);
        return;
      }
      sharedInterpreters++;
      const got = await deps.importBatch(env, left.map((i) => picks[i]?.module ?? ''), options.signal);
      const notReached: number[] = [];
      for (const [k, i] of left.entries()) {
        const outcome = got[k] ?? null;
        if (outcome === null) notReached.push(i);
        else if (outcome.status === 'failed') {
          confirmed++;
          await fresh(i);
        } else settle(i, outcome);
      }
      // An interpreter that reached nothing would loop: those modules get a fresh one each.
      if (notReached.length === left.length) {
        for (const i of notReached) await fresh(i);
        return;
      }
      left = notReached;
    }
  };
  const freshWorker = async (): Promise<void> => {
    for (let i = freshQueue.shift(); i !== undefined; i = freshQueue.shift()) await fresh(i);
  };
  const freshWorkers = Math.max(1, options.concurrency);
  await Promise.all([...plan.batches.map(runBatch), ...Array.from({ length: Math.min(freshWorkers, freshQueue.length) }, freshWorker)]);
  return { outcomes: outcomes.map((o) => o ?? cancelled), confirmed, freshRuns, sharedInterpreters };
}
