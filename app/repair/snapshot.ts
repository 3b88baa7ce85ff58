import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DoctorError } from '../base/errors';
import type { CondaSnapshot } from './conda-rollback';
import { installedPackages, type InstalledPackage } from './pip';
import { normalizeName } from '../base/package-spec';

export interface Snapshot {
  readonly id: string;
  /** The environment's identity (environment-identity.ts): a snapshot restores only this environment. */
  readonly environment?: string;
  readonly python: string;
  readonly takenAt: string;
  /** The installed set as pip sees it (conda's packages included, as conda-built dist-info). */
  readonly packages: readonly InstalledPackage[];
  /** For a conda environment: its revision then (`conda install --revision N` goes back to it). */
  readonly conda?: CondaSnapshot;
}

const ID = /^[A-Za-z0-9_.-]{1,128}$/;

/** Records the installed set before anything changes, in `<dataDir>/snapshots/<id>.json`. */
export async function takeSnapshot(dataDir: string, environment: string, python: string, env: NodeJS.ProcessEnv, conda?: Snapshot['conda']): Promise<Snapshot> {
  const snapshot: Snapshot = { id: `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`, environment, python, takenAt: new Date().toISOString(), packages: await installedPackages(python, env), ...(conda ? { conda } : {}) };
  await mkdir(path.join(dataDir, 'snapshots'), { recursive: true });
  await writeFile(path.join(dataDir, 'snapshots', `${snapshot.id}.json`), JSON.stringify(snapshot, null, 2));
  return snapshot;
}

export async function readSnapshot(dataDir: string, id: string): Promise<Snapshot> {
  if (!ID.test(id)) throw new DoctorError('invalid-snapshot', `"${id.slice(0, 80)}" is not a snapshot name.`);
  try {
    return JSON.parse(await readFile(path.join(dataDir, 'snapshots', `${id}.json`), 'utf8')) as Snapshot;
  } catch {
    throw new DoctorError('no-snapshot', `There is no snapshot ${id}.`, `Snapshots are kept in ${path.join(dataDir, 'snapshots')}.`);
  }
}

/** The environment a snapshot was taken of (snapshots from before identities: its interpreter's folder). */
async function snapshotEnvironment(snapshot: Snapshot): Promise<string | null> {
  return snapshot.environment ?? null;
}

/**
 * Refuses a snapshot taken of another environment: restoring it would install that environment's
 * packages here. Nothing has run when this throws.
 */
export async function assertSnapshotOf(snapshot: Snapshot, environment: string): Promise<void> {
  const of = await snapshotEnvironment(snapshot);
  if (of !== environment) {
    throw new DoctorError(
      'foreign-snapshot',
      of === null ? `Snapshot ${snapshot.id} does not record which environment it was taken of, so it is not restored into ${environment}.` : `Snapshot ${snapshot.id} was taken of ${of}, not of ${environment}: nothing was changed.`,
      'Roll back with the environment the snapshot was taken of, or leave out the snapshot name to use the newest snapshot of this environment.',
    );
  }
}

/** The newest snapshot of an environment, for `rollback` without a name. */
export async function latestSnapshot(dataDir: string, environment: string): Promise<Snapshot | null> {
  const names = (await readdir(path.join(dataDir, 'snapshots')).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort().reverse();
  for (const name of names) {
    const snapshot = await readSnapshot(dataDir, name.slice(0, -5)).catch(() => null);
    if (snapshot && (await snapshotEnvironment(snapshot)) === environment) return snapshot;
  }
  return null;
}

/** What differs between a snapshot and the installed set now, in words and as pip arguments to undo it. */
export function differences(before: readonly InstalledPackage[], after: readonly InstalledPackage[]): { words: string[]; restore: string[]; remove: string[] } {
  const was = new Map(before.map((p) => [normalizeName(p.name), p]));
  const now = new Map(after.map((p) => [normalizeName(p.name), p]));
  const words: string[] = [];
  const restore: string[] = [];
  const remove: string[] = [];
  for (const [key, p] of was) {
    const current = now.get(key);
    if (!current) {
      words.push(`${p.name} ${p.version} was removed`);
      restore.push(`${p.name}==${p.version}`);
    } else if (current.version !== p.version) {
      words.push(`${p.name} ${p.version} → ${current.version}`);
      restore.push(`${p.name}==${p.version}`);
    }
  }
  for (const [key, p] of now) {
    if (!was.has(key)) {
      words.push(`${p.name} ${p.version} was added`);
      remove.push(p.name);
    }
  }
  return { words, restore, remove };
}
