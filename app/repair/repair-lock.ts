import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DoctorError } from '../contract/errors';
import type { UnfinishedRepair } from './types';

interface LockRecord {
  readonly pid: number;
  readonly hostname: string;
  readonly python: string;
  readonly remedyTitle: string;
  readonly snapshotId: string | null;
  readonly startedAt: string;
}

export interface RepairLock {
  /** Records the snapshot in the lock, so an interrupted repair can be rolled back after a crash. */
  setSnapshot(snapshotId: string): Promise<void>;
  release(): Promise<void>;
}

function lockFile(dataDir: string, python: string): string {
  return path.join(dataDir, 'locks', `${createHash('sha256').update(python).digest('hex').slice(0, 24)}.json`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock is stale when it was taken on this host by a process that no longer runs (the app crashed). */
function isStale(record: LockRecord): boolean {
  return record.hostname === os.hostname() && !isAlive(record.pid);
}

/**
 * One repair at a time per environment, across app windows, the CLI and crashes: a lock file made
 * with O_EXCL, holding the owner's PID and host. A lock left by a process that died is taken over;
 * it also serves as the journal from which an interrupted repair is offered at the next start.
 */
export async function acquireRepairLock(dataDir: string, python: string, remedyTitle: string): Promise<RepairLock> {
  const file = lockFile(dataDir, python);
  await mkdir(path.dirname(file), { recursive: true });
  let record: LockRecord = { pid: process.pid, hostname: os.hostname(), python, remedyTitle, snapshotId: null, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, JSON.stringify(record), { flag: 'wx' });
      return {
        setSnapshot: async (snapshotId) => {
          record = { ...record, snapshotId };
          await writeFile(file, JSON.stringify(record));
        },
        release: () => rm(file, { force: true }),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = await readLock(file);
      if (held && !isStale(held)) {
        throw new DoctorError('busy', `Another repair of ${python} is running (started ${held.startedAt}, process ${held.pid}).`, 'Wait for it to finish, then try again.');
      }
      await rm(file, { force: true });
    }
  }
  throw new DoctorError('busy', `The repair lock of ${python} could not be taken.`, 'Try again in a moment.');
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
    .map((r) => ({ python: r.python, snapshotId: r.snapshotId, remedyTitle: r.remedyTitle, startedAt: r.startedAt }));
}
