import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DoctorError } from '../../app/base/errors';
import { dataFolderError, writeDataFile } from '../../app/repair/data-file';
import { acquireRepairLock } from '../../app/repair/repair-lock';

/** A real error of the kind a full disk gives: Linux's /dev/full answers every write with ENOSPC. */
const realErrorOf = async (write: () => Promise<unknown>) => write().then(() => null, (error: unknown) => error);

describe('files of the data folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor data '));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('are written whole, with no temporary file left behind', async () => {
    const file = path.join(dir, 'snapshots', 'a.json');
    await writeDataFile(file, '{"id":"a"}');
    expect(await readFile(file, 'utf8')).toBe('{"id":"a"}');
    expect(await readdir(path.dirname(file))).toEqual(['a.json']);
  });

  it('name the folder and why, when the folder cannot be made (a file in its way)', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    await writeFile(blocker, '');
    const error = await realErrorOf(() => writeDataFile(path.join(blocker, 'snapshots', 'b.json'), '{}'));
    expect(error).toBeInstanceOf(DoctorError);
    expect(error).toMatchObject({ code: 'data-folder-unwritable', message: expect.stringContaining(path.join(blocker, 'snapshots')) });
    expect((error as DoctorError).message).toMatch(/part of its path is a file/);
    expect((error as DoctorError).whatToDo).toMatch(/DOCTOR_DATA_DIR/);
  });

  it.skipIf(process.platform !== 'linux')('say the disk is full on ENOSPC, and how to go on', async () => {
    const full = await realErrorOf(() => writeFile('/dev/full', 'x'));
    const error = dataFolderError(full, '/data');
    expect(error).toMatchObject({ code: 'data-folder-unwritable', message: expect.stringMatching(/\/data: the disk is full \(ENOSPC\)/), whatToDo: expect.stringMatching(/Free some space/) });
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('say so when the folder is read-only for this user', async () => {
    const locked = path.join(dir, 'read-only');
    await mkdir(locked, { mode: 0o555 });
    const error = await realErrorOf(() => writeDataFile(path.join(locked, 'c.json'), '{}'));
    expect(error).toMatchObject({ code: 'data-folder-unwritable', message: expect.stringMatching(/no permission to write there \(EACCES\)/) });
  });

  it('make the repair lock fail with the data folder named, and leave no lock behind with the environment', async () => {
    const environment = path.join(dir, 'env');
    await mkdir(environment);
    const blocker = path.join(dir, 'data-is-a-file');
    await writeFile(blocker, '');
    await expect(acquireRepairLock(blocker, environment, path.join(environment, 'bin', 'python'), 'repair')).rejects.toMatchObject({ code: 'data-folder-unwritable' });
    expect(await readdir(environment)).toEqual([]);
  });
});
