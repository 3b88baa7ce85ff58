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
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { DiagnosisDeps, EnvironmentFacts, ImportOutcome, LoadSimulation } from './facts/facts';
import { english, message } from '../messages';

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

/** Dependency order in `count` contiguous slices (a package's libraries load once per interpreter). */
export function sharedBatches(picks: readonly BatchPick[], count: number): number[][] {
  const order = picks.map((_p, i) => i).sort((a, b) => {
    const x = picks[a]?.module ?? '';
    const y = picks[b]?.module ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const n = Math.max(1, Math.min(count, Math.ceil(order.length / 8)));
  const batches: number[][] = [];
  for (let b = 0; b < n; b++) {
    const slice = order.slice(Math.floor((b * order.length) / n), Math.floor(((b + 1) * order.length) / n));
    if (slice.length > 0) batches.push(slice);
  }
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
  /** Modules that got a fresh interpreter: flagged by the analysis, or failing in a shared one. */
  readonly flagged: number;
  readonly confirmed: number;
  readonly freshRuns: number;
  readonly sharedInterpreters: number;
}

/**
 * Imports every pick in shared interpreters while `analyse` runs, then gives a fresh interpreter to
 * each module the analysis flags and to each shared failure. `onOutcome` is called once per module
 * with its final outcome. Cancelled (signal): modules not imported yet are 'unavailable'.
 */
export async function importInBatches(
  env: EnvironmentFacts,
  picks: readonly BatchPick[],
  analyse: () => Promise<(LoadSimulation | null)[]>,
  deps: Required<Pick<DiagnosisDeps, 'importModule' | 'importBatch'>>,
  options: { interpreters: number; concurrency: number; windows: boolean; signal?: AbortSignal; onOutcome?: (index: number) => void; sameContent?: (paths: readonly string[]) => Promise<boolean> },
): Promise<BatchRun & { simulations: (LoadSimulation | null)[] }> {
  const cancelled: ImportOutcome = { status: 'unavailable', reason: english(message('import.unavailable.cancelled')), reasonMessage: message('import.unavailable.cancelled') };
  const shared: (ImportOutcome | null)[] = picks.map(() => null);
  let sharedInterpreters = 0;
  const runShared = async (indexes: readonly number[]): Promise<void> => {
    let left = [...indexes];
    while (left.length > 0 && !options.signal?.aborted) {
      sharedInterpreters++;
      const got = await deps.importBatch(env, left.map((i) => picks[i]?.module ?? ''), options.signal);
      const notReached: number[] = [];
      for (const [k, i] of left.entries()) {
        const outcome = got[k] ?? null;
        if (outcome === null) notReached.push(i);
        else shared[i] = outcome;
      }
      // An interpreter that reached nothing would loop: those modules get a fresh one each.
      if (notReached.length === left.length) return;
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
  const queue: number[] = [];
  let confirmed = 0;
  picks.forEach((_p, i) => {
    const outcome = shared[i] ?? null;
    if (flaggedBy.has(i)) queue.push(i);
    else if (outcome === null || outcome.status === 'failed') {
      if (outcome !== null) confirmed++;
      queue.push(i);
    } else settle(i, outcome);
  });
  let freshRuns = 0;
  const worker = async (): Promise<void> => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      if (options.signal?.aborted) {
        settle(i, cancelled);
        continue;
      }
      freshRuns++;
      settle(i, await deps.importModule(env, picks[i]?.module ?? '', options.signal));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker));
  return { outcomes: outcomes.map((o) => o ?? cancelled), flagged: flaggedBy.size, confirmed, freshRuns, sharedInterpreters, simulations };
}
