/**
 * Joins a distribution's metadata folder to the conda-meta record that installed it, through the
 * files that record lists, never by name: conda's `pytorch` installs pip's `torch`, `matplotlib-base`
 * installs `matplotlib`, `pytables` installs `tables`, `pyqt` installs `PyQt5` and `msgpack-python`
 * installs `msgpack` (the `files` of their records list `…/torch-<v>.dist-info/…` and so on).
 *
 * Records of conda's era before dist-info (Anaconda 4.3: Pillow 4.1.0 with
 * `Lib/site-packages/Pillow-4.1.0-py3.6.egg-info`, no RECORD) give the package's file list too:
 * conda-meta's `files` names every file, `Lib/site-packages/PIL/_imaging.cp36-win_amd64.pyd` among them.
 */
import type { PathApi } from './paths';
import type { CondaRecord } from './types';

const METADATA_FOLDER = /^(.*?[^/]+\.(?:dist|egg)-info)(?:\/|$)/i;

/** The records by the metadata folders (or egg-info files) their `files` list, prefix-relative, lower-cased. */
export function condaOwnersByMetadata(records: readonly CondaRecord[]): Map<string, CondaRecord> {
  const owners = new Map<string, CondaRecord>();
  for (const record of records) {
    for (const file of record.files) {
      const folder = METADATA_FOLDER.exec(file.replace(/\\/g, '/'))?.[1];
      if (folder) owners.set(folder.toLowerCase(), record);
    }
  }
  return owners;
}

/** The record that installed a metadata folder, by the files it lists; null when none lists it. */
export function condaOwnerOf(owners: ReadonlyMap<string, CondaRecord>, p: PathApi, prefix: string, metadataPath: string): CondaRecord | null {
  const relative = p.relative(prefix, metadataPath).replace(/\\/g, '/');
  if (relative.startsWith('..') || p.isAbsolute(relative)) return null;
  return owners.get(relative.toLowerCase()) ?? null;
}

/** The files a record put under a site-packages folder, relative to that folder (as RECORD paths are). */
export function condaFilesUnder(record: CondaRecord, p: PathApi, prefix: string, location: string): string[] {
  const base = p.relative(prefix, location).replace(/\\/g, '/').toLowerCase();
  if (base.startsWith('..')) return [];
  const head = base === '' ? '' : `${base}/`;
  return record.files.map((f) => f.replace(/\\/g, '/')).filter((f) => f.toLowerCase().startsWith(head)).map((f) => f.slice(head.length));
}
