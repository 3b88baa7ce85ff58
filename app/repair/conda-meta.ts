/**
 * The repair's questions about an environment's conda records. The records are read by app/envs,
 * the one reader of conda-meta (the diagnosis and the health checks read the same).
 */
import { nodeHost, parseDependency, readCondaRecords, type CondaRecord } from '../envs';
import { normalizeName } from '../base/package-spec';

export type { CondaRecord };

/** Every record of a conda environment on this machine, read by app/envs' one reader of conda-meta. */
export function localCondaRecords(prefix: string): Promise<CondaRecord[]> {
  return readCondaRecords(nodeHost(), prefix);
}

/** The record of one package, by conda name or pip name ("Pillow" is conda's "pillow"). */
export function findRecord(records: readonly CondaRecord[], name: string): CondaRecord | null {
  const wanted = normalizeName(name);
  return records.find((r) => normalizeName(r.name) === wanted) ?? null;
}

/** The project of a metadata folder a record lists ("…/site-packages/torch-2.0.1.dist-info/RECORD" → "torch"), PEP 503-normalised. */
function metadataProject(file: string): string | null {
  const m = /(?:^|\/)site-packages\/([^/]+)\.(?:dist|egg)-info(?:\/|$)/i.exec(file.replace(/\\/g, '/'));
  // Installers write the project with "-" escaped to "_", so the first "-" ends it.
  return m ? normalizeName(m[1]!.split('-')[0]!) : null;
}

/**
 * The conda record that installed a Python distribution, joined through the metadata folder its
 * `files` list: conda's `pytorch` is pip's `torch`, `matplotlib-base` is `matplotlib`, `pytables`
 * is `tables`, `pyqt` is `PyQt5`, `msgpack-python` is `msgpack`. By name only where a record lists
 * no metadata folder (a record whose file list was not kept).
 */
export function recordOfDistribution(records: readonly CondaRecord[], name: string): CondaRecord | null {
  const wanted = normalizeName(name);
  return (
    records.find((r) => r.files.some((f) => metadataProject(f) === wanted)) ??
    records.find((r) => normalizeName(r.name) === wanted && !r.files.some((f) => metadataProject(f) !== null)) ??
    null
  );
}

/** conda's own reverse dependencies: the records whose `depends` name the package. */
export function condaReverseDependencies(records: readonly CondaRecord[], name: string): CondaRecord[] {
  const wanted = normalizeName(name);
  return records.filter((r) => normalizeName(r.name) !== wanted && r.depends.some((d) => normalizeName(parseDependency(d).name) === wanted));
}

/**
 * Every record that depends on the package, directly or through another: what a removal without
 * `--force` takes along. micromamba and mamba 2 also prune orphaned dependencies by default
 * (micromamba/src/remove.cpp: `--prune` at 1.5.10, `--prune-deps` at 2.3.0), which are not dependents.
 */
export function condaDependentsClosure(records: readonly CondaRecord[], name: string): CondaRecord[] {
  const found = new Map<string, CondaRecord>();
  const queue = [name];
  while (queue.length > 0) {
    for (const r of condaReverseDependencies(records, queue.shift()!)) {
      if (normalizeName(r.name) === normalizeName(name) || found.has(r.name)) continue;
      found.set(r.name, r);
      queue.push(r.name);
    }
  }
  return [...found.values()];
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
