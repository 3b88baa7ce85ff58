import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { normalizeName } from '../base/package-spec';
import { parseDependency } from './conda-version';

/**
 * One installed conda package as its record in `<prefix>/conda-meta/<name>-<version>-<build>.json`
 * says (conda's PrefixRecord: conda/models/records.py at 25.11.1; the same keys in conda's own test
 * data tests/data/env_metadata/envpy37win/conda-meta/*.json, written by conda 4.5 in 2018).
 */
export interface CondaRecord {
  readonly name: string;
  readonly version: string;
  readonly build: string;
  /** The channel's URL without the subdir ("https://repo.anaconda.com/pkgs/main"), or its name when only that is known. */
  readonly channel: string | null;
  readonly subdir: string | null;
  readonly depends: readonly string[];
  /** The package file it came from (the line `conda list --explicit` writes for it). */
  readonly url: string | null;
}

/** Reads every record of a conda environment; a record that does not parse is skipped (conda does the same with corrupt ones). */
export async function readCondaRecords(prefix: string): Promise<CondaRecord[]> {
  const folder = path.join(prefix, 'conda-meta');
  const names = (await readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  const records: CondaRecord[] = [];
  for (const name of names) {
    try {
      records.push(recordFrom(JSON.parse(await readFile(path.join(folder, name), 'utf8')) as Record<string, unknown>));
    } catch {
      // not a record (conda-meta also holds `history` and, with some tools, `pinned`)
    }
  }
  return records;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export function recordFrom(raw: Record<string, unknown>): CondaRecord {
  const name = text(raw.name);
  const version = text(raw.version);
  if (!name || !version) throw new Error('not a conda record');
  const subdir = text(raw.subdir);
  const url = text(raw.url);
  return { name, version, build: text(raw.build) ?? text(raw.build_string) ?? '', channel: channelOf(text(raw.channel), url, subdir), subdir, depends: Array.isArray(raw.depends) ? raw.depends.filter((d): d is string => typeof d === 'string') : [], url };
}

/** The channel a record came from, as a URL conda search accepts with `-c`: the package URL minus `/<subdir>/<file>`. */
function channelOf(channel: string | null, url: string | null, subdir: string | null): string | null {
  if (url && subdir) {
    const at = url.lastIndexOf(`/${subdir}/`);
    if (at > 0) return url.slice(0, at);
  }
  if (!channel) return null;
  return subdir && channel.endsWith(`/${subdir}`) ? channel.slice(0, -subdir.length - 1) : channel;
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
