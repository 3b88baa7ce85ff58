/**
 * The repair's questions about an environment's conda records. The records are read by app/envs,
 * the one reader of conda-meta (the diagnosis and the health checks read the same).
 */
import { nodeHost, type CondaRecord } from '../envs';
import { readCondaRecords as readRecords } from '../envs/distributions';
import { parseDependency } from '../envs/conda-spec';
import { normalizeName } from './validate';

export type { CondaRecord };

/** Reads every record of a conda environment on this machine (app/envs' reader). */
export function readCondaRecords(prefix: string): Promise<CondaRecord[]> {
  return readRecords(nodeHost(), prefix);
}

/** The record of one package, by conda name or pip name ("Pillow" is conda's "pillow"). */
export function findRecord(records: readonly CondaRecord[], name: string): CondaRecord | null {
  const wanted = normalizeName(name);
  return records.find((r) => normalizeName(r.name) === wanted) ?? null;
}

/** conda's own reverse dependencies: the records whose `depends` name the package. */
export function condaReverseDependencies(records: readonly CondaRecord[], name: string): CondaRecord[] {
  const wanted = normalizeName(name);
  return records.filter((r) => normalizeName(r.name) !== wanted && r.depends.some((d) => normalizeName(parseDependency(d).name) === wanted));
}

/**
 * The channels an environment's packages came from, most used first: what `conda search` must be
 * told so that it looks where this environment's packages live (old builds stayed in
 * repo.anaconda.com/pkgs/free, which left `defaults` in conda 4.7). pip's pseudo-channel and local
 * development installs are not channels.
 */
export function environmentChannels(records: readonly CondaRecord[]): string[] {
  const counts = new Map<string, number>();
  for (const r of records) {
    if (!r.channel || r.channel === 'pypi' || r.channel.startsWith('<')) continue;
    counts.set(r.channel, (counts.get(r.channel) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([channel]) => channel);
}

/** The platform of the environment (win-64, linux-64, …): its python record's subdir. */
export function environmentSubdir(records: readonly CondaRecord[]): string | null {
  return findRecord(records, 'python')?.subdir ?? records.find((r) => r.subdir && r.subdir !== 'noarch')?.subdir ?? null;
}
