import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DoctorError } from '../base/errors';
import { writeDataFile } from './data-file';
import type { CondaSnapshot } from './conda-rollback';
import { interpreterFacts } from '../envs';
import { installedPackages, type InstalledPackage } from './pip';
import { leftoverWords, readSiteState, siteSnapshot, type SiteSnapshot } from './site-records';
import { normalizeName } from '../base/package-spec';
import { message, semicolonList } from '../messages';
import type { MessageParam, MessageRef } from '../messages';
import { messageRefSchema } from '../messages/schema';
import type { PlannedChange } from './types';

export interface Snapshot {
  readonly id: string;
  /** The environment's identity (environment-identity.ts): a snapshot restores only this environment. */
  readonly environment?: string;
  readonly python: string;
  readonly takenAt: string;
  /** The installed set as pip sees it (conda's packages included, as conda-built dist-info). */
  readonly packages: readonly InstalledPackage[];
  /** The site folders as their files say (site-records.ts): what proves a rollback exact. Absent in snapshots of earlier versions. */
  readonly site?: SiteSnapshot;
  /** For a conda environment: its revision then (`conda install --revision N` goes back to it). */
  readonly conda?: CondaSnapshot;
}

const ID = /^[A-Za-z0-9_.-]{1,128}$/;

const nameVersion = { name: z.string().min(1), version: z.string() };

/** What a snapshot file must hold; a file that does not match is damaged, and nothing is restored from it. */
const snapshotSchema = z.object({
  id: z.string().regex(ID),
  environment: z.string().min(1).optional(),
  python: z.string().min(1),
  takenAt: z.string(),
  packages: z.array(z.object(nameVersion)),
  site: z.object({ records: z.array(z.object({ ...nameVersion, dir: z.string().min(1) })), entries: z.array(z.string()), claimed: z.array(z.string()).optional() }).optional(),
  conda: z
    .object({
      exe: z.string().min(1),
      flavor: z.string(),
      prefix: z.string().min(1),
      revision: z.number().int().nonnegative().nullable(),
      explicit: z.string().optional(),
      records: z.array(z.object({ ...nameVersion, build: z.string(), url: z.string().nullable() })).optional(),
      revisions: z.object({ work: z.boolean(), why: z.string(), messages: z.object({ why: messageRefSchema }).optional() }).optional(),
    })
    .optional(),
});

/** The folder of snapshot files. */
export const snapshotFolder = (dataDir: string): string => path.join(dataDir, 'snapshots');

/**
 * The installed set from pip's records on disk and from `pip list`, which must agree: a snapshot is
 * what a rollback will restore and the proof that it did, so one taken from a pip that lies, or of
 * an environment pip left half-changed, is refused before anything changes.
 */
async function recordedPackages(python: string, env: NodeJS.ProcessEnv): Promise<{ packages: InstalledPackage[]; site: SiteSnapshot }> {
  const facts = await interpreterFacts(python, env);
  const [listed, state] = await Promise.all([installedPackages(python, env), readSiteState(facts.prefix, facts.siteFolders, new Set())]);
  const leftovers = leftoverWords(state);
  if (leftovers.length > 0) {
    throw new DoctorError('environment-unsettled', message('error.environment-unsettled', { prefix: facts.prefix, leftovers: semicolonList(leftovers) }), message('error.environment-unsettled.what'));
  }
  const sites = new Set(facts.siteFolders.map((f) => path.resolve(f)));
  const recorded = new Map(state.records.map((r) => [normalizeName(r.name), r.version]));
  const disagreements: string[] = [];
  for (const p of listed) {
    if (p.location !== undefined && !sites.has(path.resolve(p.location))) continue;
    const version = recorded.get(normalizeName(p.name));
    if (version !== p.version) disagreements.push(`pip lists ${p.name} ${p.version}, the records say ${version ?? 'nothing'}`);
  }
  const listedNames = new Set(listed.map((p) => normalizeName(p.name)));
  for (const r of state.records) if (!listedNames.has(normalizeName(r.name))) disagreements.push(`${r.dir} records ${r.name} ${r.version}, pip does not list it`);
  if (disagreements.length > 0) {
    throw new DoctorError('snapshot-disagrees', message('error.snapshot-disagrees', { prefix: facts.prefix, disagreements: disagreements.slice(0, 10).join('; ') }), message('error.snapshot-disagrees.what'));
  }
  return { packages: listed.map((p) => ({ name: p.name, version: p.version })), site: siteSnapshot(state) };
}

/** Records the installed set before anything changes, in `<dataDir>/snapshots/<id>.json` (written whole or not at all). */
export async function takeSnapshot(dataDir: string, environment: string, python: string, env: NodeJS.ProcessEnv, conda?: Snapshot['conda']): Promise<Snapshot> {
  const { packages, site } = await recordedPackages(python, env);
  const snapshot: Snapshot = { id: `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`, environment, python, takenAt: new Date().toISOString(), packages, site, ...(conda ? { conda } : {}) };
  const file = path.join(snapshotFolder(dataDir), `${snapshot.id}.json`);
  await writeDataFile(file, JSON.stringify(snapshot, null, 2));
  return snapshot;
}

/** Reads and checks a snapshot file: a missing one and a damaged one are told apart, each with what to do. */
export async function readSnapshot(dataDir: string, id: string): Promise<Snapshot> {
  if (!ID.test(id)) throw new DoctorError('invalid-snapshot', message('error.invalid-snapshot', { value: id.slice(0, 80) }));
  const file = path.join(snapshotFolder(dataDir), `${id}.json`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DoctorError('no-snapshot', message('error.no-snapshot.named', { id }), message('error.no-snapshot.named.what', { folder: snapshotFolder(dataDir) }));
    throw new DoctorError('unreadable-snapshot', message('error.unreadable-snapshot', { file, why: (error as Error).message }), message('error.unreadable-snapshot.what'));
  }
  const damaged = (why: MessageParam) => new DoctorError('damaged-snapshot', message('error.damaged-snapshot', { file, why }), message('error.damaged-snapshot.what'));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw damaged(text.trim() === '' ? message('error.damaged-snapshot.empty') : message('error.damaged-snapshot.not-json', { why: (error as Error).message }));
  }
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) throw damaged(parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(the file)'}: ${i.message}`).join('; '));
  if (parsed.data.id !== id) throw damaged(message('error.damaged-snapshot.other-id', { id: parsed.data.id }));
  return parsed.data;
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
      of === null ? message('error.foreign-snapshot.unrecorded', { id: snapshot.id, environment }) : message('error.foreign-snapshot', { id: snapshot.id, of, environment }),
      message('error.foreign-snapshot.what'),
    );
  }
}

/** The newest snapshot of an environment, for `rollback` without a name. */
export async function latestSnapshot(dataDir: string, environment: string): Promise<Snapshot | null> {
  const names = (await readdir(snapshotFolder(dataDir)).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort().reverse();
  for (const name of names) {
    const snapshot = await readSnapshot(dataDir, name.slice(0, -5)).catch(() => null);
    if (snapshot && (await snapshotEnvironment(snapshot)) === environment) return snapshot;
  }
  return null;
}

/**
 * What differs between a snapshot and the installed set now: in words, as the versions before and
 * now (what a repair reports as changed: measured, never the plan's expectation), and as pip
 * arguments to undo it.
 */
export function differences(
  before: readonly InstalledPackage[],
  after: readonly InstalledPackage[],
): { words: MessageRef[]; changes: PlannedChange[]; restore: string[]; remove: string[] } {
  const was = new Map(before.map((p) => [normalizeName(p.name), p]));
  const now = new Map(after.map((p) => [normalizeName(p.name), p]));
  const words: MessageRef[] = [];
  const changes: PlannedChange[] = [];
  const restore: string[] = [];
  const remove: string[] = [];
  for (const [key, p] of was) {
    const current = now.get(key);
    if (!current) {
      words.push(message('repair.word.removed', { package: p.name, version: p.version }));
      changes.push({ package: p.name, from: p.version, to: null });
      restore.push(`${p.name}==${p.version}`);
    } else if (current.version !== p.version) {
      words.push(message('repair.word.changed', { package: p.name, from: p.version, to: current.version }));
      changes.push({ package: p.name, from: p.version, to: current.version });
      restore.push(`${p.name}==${p.version}`);
    }
  }
  for (const [key, p] of now) {
    if (!was.has(key)) {
      words.push(message('repair.word.added', { package: p.name, version: p.version }));
      changes.push({ package: p.name, from: null, to: p.version });
      remove.push(p.name);
    }
  }
  return { words, changes, restore, remove };
}
