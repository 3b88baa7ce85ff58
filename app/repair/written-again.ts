/**
 * Which projects a repair installed again at the same version. pip's list cannot tell: the version
 * did not move. The project's RECORD can: a reinstall uninstalls the project and writes its
 * dist-info anew, so the RECORD file of the same name and version is another file afterwards
 * (another inode or change time). Measured from the site folders, never taken from the plan.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { normalizeName } from '../base/package-spec';
import type { InstalledRecord } from './site-records';

/** A project's RECORD as found at one moment: which file it is and when it was written. */
export interface RecordStamp {
  readonly name: string;
  readonly version: string;
  readonly stamp: string;
}

/** The RECORD stamps of the projects among `records` whose normalised names are in `names`, by "name==version". */
export async function recordStamps(prefix: string, records: readonly InstalledRecord[], names: ReadonlySet<string>): Promise<Map<string, RecordStamp>> {
  const stamps = new Map<string, RecordStamp>();
  for (const r of records) {
    if (!names.has(normalizeName(r.name))) continue;
    const s = await stat(path.join(prefix, r.dir, 'RECORD')).catch(() => null);
    if (s) stamps.set(`${normalizeName(r.name)}==${r.version}`, { name: r.name, version: r.version, stamp: `${s.ino}:${s.ctimeMs}:${s.mtimeMs}:${s.size}` });
  }
  return stamps;
}

/** The projects at the same version before and after whose RECORD was written again in between. */
export function writtenAgain(before: ReadonlyMap<string, RecordStamp>, after: ReadonlyMap<string, RecordStamp>): RecordStamp[] {
  return [...after].filter(([key, now]) => before.has(key) && before.get(key)!.stamp !== now.stamp).map(([, now]) => now);
}
