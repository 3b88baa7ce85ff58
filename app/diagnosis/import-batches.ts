/**
 * Import tests for many modules at close to the cost of importing them once (diagnose --all), with
 * the verdicts of one fresh interpreter per module.
 *
 * What a shared interpreter can get wrong is a success: a library one import loaded satisfies the
 * next module's need for a library of that name, which in a fresh interpreter would not be found or
 * would be another file (catalog row 14). So every module is imported in one of a few long-lived
 * interpreters (disjoint batches, a package's modules together, a package before its submodules)
 * while the static analysis follows every module's libraries in-process; then a module's shared
 * success is its verdict only when the analysis cleared it:
 * - its simulation found no problem (a problem, or no simulation: fresh interpreter);
 * - no module of the run loads a different file of a library name it loads (copies with the same
 *   bytes are one file).
 * Every other module, and every failure seen in a shared interpreter, gets a fresh interpreter of
 * its own, whose outcome is the verdict.
 */
import { sha256OfFile } from '../envs';
import type { DiagnosisDeps, EnvironmentFacts, ImportOutcome, LoadSimulation } from './facts/facts';
import { message } from '../messages';
import { unavailableImport } from './facts/unavailable-import';

export interface BatchPick {
  readonly module: string;
  /** False when the module has no extension file (nothing for the analysis to follow). */
  readonly hasExtension: boolean;
}

/** The file name a loader matches an already loaded library by (case-insensitive on Windows). */
function loadedName(path: string, windows: boolean): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return windows ? base.toLowerCase() : base;
}

/**
 * Dependency order in at most `count` contiguous slices, cut only between top-level packages: a
 * package's modules and the libraries they load are imported in one interpreter, never in two (a
 * cut inside scipy made both interpreters import scipy's base, 0.9 s of CPU in the bench env).
 */
export function sharedBatches(picks: readonly BatchPick[], count: number): number[][] {
  const order = picks.map((_p, i) => i).sort((a, b) => {
    const x = picks[a]?.module ?? '';
    const y = picks[b]?.module ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const n = Math.max(1, Math.min(count, Math.ceil(order.length / 8)));
  const top = (i: number): string => (picks[i]?.module ?? '').split('.')[0] ?? '';
  const batches: number[][] = [];
  let current: number[] = [];
  for (const [k, i] of order.entries()) {
    // A new slice at the first package boundary once this one holds its share of what is left.
    const share = (order.length - (k - current.length)) / (n - batches.length);
    if (current.length > 0 && batches.length < n - 1 && current.length >= share && top(i) !== top(current[current.length - 1] as number)) {
      batches.push(current);
      current = [];
    }
    current.push(i);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The modules whose shared-interpreter outcome cannot stand, with the reason, from the static analysis. */
export async function needsOwnInterpreter(
  picks: readonly BatchPick[],
  simulations: readonly (LoadSimulation | null)[],
  windows: boolean,
  sameContent: (paths: readonly string[]) => Promise<boolean> = filesHaveSameContent,
): Promise<Map<number, string>> {
  const fresh = new Map<number, string>();
  picks.forEach((pick, i) => {
    const simulation = simulations[i] ?? null;
    if (!pick.hasExtension || simulation === null) fresh.set(i, 'no static analysis');
    else if (simulation.findings.length > 0) fresh.set(i, 'the static analysis found a problem');
  });
  // Same name, different files, over every module imported in a shared interpreter: whichever
  // loads first would stand in for the other.
  const filesByName = new Map<string, Set<string>>();
  for (const simulation of simulations) {
    for (const link of simulation?.resolved ?? []) {
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
  simulations.forEach((simulation, i) => {
    if (fresh.has(i)) return;
    const clash = (simulation?.resolved ?? []).find((l) => l.resolvedPath && (filesByName.get(loadedName(l.resolvedPath, windows))?.size ?? 0) > 1);
    if (clash?.resolvedPath) fresh.set(i, `another module loads a different ${loadedName(clash.resolvedPath, windows)}`);
  });
  return fresh;
}

/** True when every file has the same size and SHA-256; false when any cannot be read. */
export async function filesHaveSameContent(paths: readonly string[]): Promise<boolean> {
  const digests = new Set<string>();
  for (const path of paths) {
    const digest = await sha256OfFile(path);
    if (digest === null) return false;
    digests.add(Buffer.from(digest).toString('hex'));
    if (digests.size > 1) return false;
  }
  return true;
}

export interface BatchRun {
  readonly outcomes: ImportOutcome[];
  /** Modules that got a fresh interpreter: flagged by the analysis, or failing in a shared one. */
  readonly flagged: number;
  readonly confirmed: number;
  readonly freshRuns: number;
  readonly sharedInterpreters: number;
}

/**
 * Imports every pick in shared interpreters while `analyse` runs, and gives a fresh interpreter to
 * each module the analysis flags and to each shared failure: a shared failure's own interpreter is
 * started as soon as the failure is reported, while the shared ones go on. `onOutcome` is called
 * once per module with its final outcome; `onSharedFailure` when a shared interpreter reports a
 * failure (its verdict still comes from the fresh one). Cancelled (signal): modules not imported yet
 * are 'unavailable'.
 */
export async function importInBatches(
  env: EnvironmentFacts,
  picks: readonly BatchPick[],
  analyse: () => Promise<(LoadSimulation | null)[]>,
  deps: Required<Pick<DiagnosisDeps, 'importModule' | 'importBatch'>>,
  options: {
    interpreters: number;
    concurrency: number;
    windows: boolean;
    signal?: AbortSignal;
    onOutcome?: (index: number) => void;
    onSharedFailure?: (index: number) => void;
    sameContent?: (paths: readonly string[]) => Promise<boolean>;
  },
): Promise<BatchRun & { simulations: (LoadSimulation | null)[] }> {
  const cancelled = unavailableImport(message('import.unavailable.cancelled'));
  // Fresh interpreters, at most `concurrency` at once, at most one per module.
  let freshRuns = 0;
  let running = 0;
  const waiting: (() => void)[] = [];
  const freshOutcomes = new Map<number, Promise<ImportOutcome>>();
  const fresh = (i: number): Promise<ImportOutcome> => {
    let outcome = freshOutcomes.get(i);
    if (outcome === undefined) {
      outcome = (async () => {
        // A finishing run hands its place to the next waiting one.
        if (running >= Math.max(1, options.concurrency)) await new Promise<void>((go) => waiting.push(go));
        else running++;
        try {
          if (options.signal?.aborted) return cancelled;
          freshRuns++;
          return await deps.importModule(env, picks[i]?.module ?? '', options.signal);
        } finally {
          const next = waiting.shift();
          if (next) next();
          else running--;
        }
      })();
      freshOutcomes.set(i, outcome);
    }
    return outcome;
  };
  const shared: (ImportOutcome | null)[] = picks.map(() => null);
  let sharedInterpreters = 0;
  const runShared = async (indexes: readonly number[]): Promise<void> => {
    let left = [...indexes];
    while (left.length > 0 && !options.signal?.aborted) {
      sharedInterpreters++;
      const slice = left;
      const got = await deps.importBatch(env, slice.map((i) => picks[i]?.module ?? ''), options.signal, (k, outcome) => {
        const i = slice[k];
        if (outcome.status !== 'failed' || i === undefined) return;
        // Its verdict is the fresh interpreter's whatever the analysis says: start it now.
        void fresh(i);
        options.onSharedFailure?.(i);
      });
      const notReached: number[] = [];
      for (const [k, i] of slice.entries()) {
        const outcome = got[k] ?? null;
        if (outcome === null) notReached.push(i);
        else shared[i] = outcome;
      }
      // An interpreter that reached nothing would loop: those modules get a fresh one each.
      if (notReached.length === slice.length) return;
      left = notReached;
    }
  };
  const [simulations] = await Promise.all([analyse(), ...sharedBatches(picks, options.interpreters).map(runShared)]);
  const flaggedBy = await needsOwnInterpreter(picks, simulations, options.windows, options.sameContent);
  const outcomes: (ImportOutcome | null)[] = picks.map(() => null);
  const settle = (i: number, outcome: ImportOutcome): void => {
    outcomes[i] = outcome;
    options.onOutcome?.(i);
  };
  const pending: Promise<void>[] = [];
  let confirmed = 0;
  picks.forEach((_p, i) => {
    const outcome = shared[i] ?? null;
    if (flaggedBy.has(i) || outcome === null || outcome.status === 'failed') {
      if (!flaggedBy.has(i) && outcome !== null) confirmed++;
      pending.push(fresh(i).then((o) => settle(i, o)));
    } else settle(i, outcome);
  });
  await Promise.all(pending);
  return { outcomes: outcomes.map((o) => o ?? cancelled), flagged: flaggedBy.size, confirmed, freshRuns, sharedInterpreters, simulations };
}
