import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DoctorError } from '../base/errors';
import { groupAlive, processAlive } from '../process/run-process';
import { dataFolderError, writeDataFile } from './data-file';
import type { UnfinishedRepair } from './types';
import { message, type MessageRef } from '../messages';

interface LockRecord {
  readonly pid: number;
  readonly hostname: string;
  /** The environment's identity (environment-identity.ts): what the lock is keyed on. */
  readonly environment: string;
  readonly python: string;
  /** Process groups (trees on Windows) this repair started: pip may outlive a crashed doctor. */
  readonly children?: readonly number[];
  readonly remedyTitle: string;
  /** The message behind `remedyTitle`, so the next start offers the repair in the user's language. */
  readonly remedyMessage?: MessageRef;
  readonly snapshotId: string | null;
  readonly startedAt: string;
}

export interface RepairLock {
  /** Records the snapshot in the lock, so an interrupted repair can be rolled back after a crash. */
  setSnapshot(snapshotId: string): Promise<void>;
  /** Records a child process, so a lock whose doctor died while pip runs is not taken over. */
  addChild(pid: number): void;
  release(): Promise<void>;
}

const lockName = (environment: string) => `${createHash('sha256').update(environment).digest('hex').slice(0, 24)}.json`;

/** The journal of a repair in this host's data folder: what `findUnfinishedRepairs` offers after a crash. */
function journalFile(dataDir: string, environment: string): string {
  return path.join(dataDir, 'locks', lockName(environment));
}

/** The one place every host uses when the environment's own folder cannot be written (a repair with pip --user). */
export function machineLockFolder(): string {
  return path.join(os.tmpdir(), 'python-dll-doctor-locks');
}

/**
 * The lock itself lives with the environment (`<prefix>/.python-dll-doctor-repair.lock`), not in a
 * host's data folder: the desktop app (Electron's userData), the CLI (~/.local/share) and two shells
 * with different DOCTOR_DATA_DIR all see the same file, so no two of them repair one environment at
 * once. A prefix that cannot be written falls back to one machine-wide folder (machineLockFolder).
 */
async function environmentLockFile(environment: string): Promise<string> {
  const inside = path.join(environment, '.python-dll-doctor-repair.lock');
  try {
    await access(environment, constants.W_OK);
    return inside;
  } catch {
    await mkdir(machineLockFolder(), { recursive: true, mode: 0o1777 });
    return path.join(machineLockFolder(), lockName(environment));
  }
}

const isAlive = (pid: number): boolean => processAlive(pid);

/** A child of a dead doctor that still runs (pip reparented to PID 1): the environment is still changing. */
function runningOrphan(record: LockRecord): number | null {
  if (record.hostname !== os.hostname()) return null;
  return (record.children ?? []).find((pid) => groupAlive(pid)) ?? null;
}

/**
 * A lock is stale when it was taken on this host by a process that no longer runs (the app
 * crashed) and none of the commands it started still runs.
 */
function isStale(record: LockRecord): boolean {
  return record.hostname === os.hostname() && !isAlive(record.pid) && runningOrphan(record) === null;
}

/**
 * One repair at a time per environment, across app windows, hosts with different data folders, the
 * CLI and crashes: a lock file with the environment made with O_EXCL, holding the owner's PID and
 * host. A lock left by a process that died is taken over. A copy in the data folder serves as the
 * journal from which an interrupted repair is offered at the next start.
 */
export async function acquireRepairLock(dataDir: string, environment: string, python: string, remedyTitle: string, remedyMessage?: MessageRef): Promise<RepairLock> {
  const file = await environmentLockFile(environment);
  const journal = journalFile(dataDir, environment);
  let record: LockRecord = { pid: process.pid, hostname: os.hostname(), environment, python, remedyTitle, ...(remedyMessage ? { remedyMessage } : {}), snapshotId: null, startedAt: new Date().toISOString(), children: [] };
  let writes = Promise.resolve();
  let released = false;
  // After release no late write (a child reported while the lock was let go) may bring the file back.
  const save = () => {
    const text = JSON.stringify(record);
    writes = writes.then(() => (released ? undefined : Promise.all([writeFile(file, text), writeFile(journal, text)]).then(() => undefined))).catch(() => undefined);
    return writes;
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, JSON.stringify(record), { flag: 'wx' });
      try {
        await writeDataFile(journal, JSON.stringify(record));
      } catch (error) {
        await rm(file, { force: true });
        throw error;
      }
      return {
        setSnapshot: async (snapshotId) => {
          record = { ...record, snapshotId };
          await save();
        },
        addChild: (pid) => {
          record = { ...record, children: [...(record.children ?? []).slice(-20), pid] };
          void save();
        },
        release: async () => {
          released = true;
          await writes;
          await rm(journal, { force: true });
          await rm(file, { force: true });
        },
      };
    } catch (error) {
      if (error instanceof DoctorError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw dataFolderError(error, path.dirname(file));
      const held = await readLock(file);
      if (held && !isStale(held)) {
        const orphan = isAlive(held.pid) ? null : runningOrphan(held);
        if (orphan !== null) {
          throw new DoctorError('busy', message('error.busy.orphan', { environment, pid: orphan }), message('error.busy.orphan.what', { pid: orphan }));
        }
        throw new DoctorError('busy', message('error.busy', { environment, startedAt: held.startedAt, pid: held.pid, python: held.python }), message('error.busy.what'));
      }
      await rm(file, { force: true });
      await rm(journal, { force: true });
    }
  }
  throw new DoctorError('busy', message('error.busy.lock', { environment }), message('error.busy.lock.what'));
}

async function readLock(file: string): Promise<LockRecord | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockRecord;
  } catch {
    return null;
  }
}

/** Repairs whose process died before they finished (their lock is still there). */
export async function findUnfinishedRepairs(dataDir: string): Promise<UnfinishedRepair[]> {
  const dir = path.join(dataDir, 'locks');
  const names = await readdir(dir).catch(() => [] as string[]);
  const records = await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => readLock(path.join(dir, n))));
  return records
    .filter((r): r is LockRecord => r !== null && isStale(r))
    .map((r) => ({ python: r.python, snapshotId: r.snapshotId, remedyTitle: r.remedyTitle, ...(r.remedyMessage ? { messages: { remedyTitle: r.remedyMessage } } : {}), startedAt: r.startedAt }));
}
