import { execFile } from 'node:child_process';
import { mkdir, readdir, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollback, takeSnapshot } from '../../app/repair';
import { readSnapshot } from '../../app/repair/snapshot';
import { createVenv, makeTempDir, type TestVenv } from '../support/venv';

const run = promisify(execFile);
const quiet = { onLine: () => undefined, onProgress: () => undefined };

describe('snapshot files', () => {
  let dir: string;
  let dataDir: string;
  const write = async (id: string, text: string) => {
    await mkdir(path.join(dataDir, 'snapshots'), { recursive: true });
    await writeFile(path.join(dataDir, 'snapshots', `${id}.json`), text);
  };
  beforeAll(async () => {
    dir = await makeTempDir('snapshots');
    dataDir = path.join(dir, 'data');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('says a file whose packages is an object is damaged, where, and what to do', async () => {
    await write('object', JSON.stringify({ id: 'object', python: '/env/bin/python', takenAt: 'now', packages: { six: '1.17.0' } }));
    const error = await readSnapshot(dataDir, 'object').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'damaged-snapshot', message: expect.stringMatching(/object\.json exists but is damaged: packages: .*expected array/i) });
    expect(error).toMatchObject({ whatToDo: expect.stringMatching(/another snapshot/) });
  });

  it('says a truncated file exists but is damaged, not that there is none', async () => {
    await write('cut', JSON.stringify({ id: 'cut', python: '/env/bin/python', takenAt: 'now', packages: [{ name: 'six', version: '1.17.0' }] }).slice(0, 40));
    await expect(readSnapshot(dataDir, 'cut')).rejects.toMatchObject({ code: 'damaged-snapshot', message: expect.stringMatching(/exists but is damaged: it is not complete JSON/) });
  });

  it('tells a missing snapshot from a damaged one', async () => {
    await expect(readSnapshot(dataDir, 'never-taken')).rejects.toMatchObject({ code: 'no-snapshot' });
  });

  it('refuses a file that names another snapshot than its own', async () => {
    await write('renamed', JSON.stringify({ id: 'original', python: '/env/bin/python', takenAt: 'now', packages: [] }));
    await expect(readSnapshot(dataDir, 'renamed')).rejects.toMatchObject({ code: 'damaged-snapshot', message: expect.stringContaining('it says it is snapshot original') });
  });
});

describe('snapshots of a real venv, and the installer', () => {
  let dir: string;
  let dataDir: string;
  let venv: TestVenv;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await makeTempDir('installer');
    dataDir = path.join(dir, 'data');
    venv = await createVenv({ parent: dir, name: 'env' });
    env = { ...process.env, PIP_NO_INDEX: '1', PIP_FIND_LINKS: '' };
  }, 180_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('records what pip lists and what the dist-info folders say, and they agree', async () => {
    const snapshot = await takeSnapshot(dataDir, await realpath(venv.dir), venv.python, env);
    expect(snapshot.packages.map((p) => p.name)).toContain('pip');
    expect(snapshot.site?.records.map((r) => r.name)).toEqual(expect.arrayContaining(['pip']));
    expect(snapshot.site?.entries.some((e) => e.endsWith('/pip'))).toBe(true);
  }, 60_000);

  it('never uninstalls pip or setuptools, even when a snapshot does not list them', async () => {
    const identity = await realpath(venv.dir);
    await mkdir(path.join(dataDir, 'snapshots'), { recursive: true });
    // A tampered snapshot of this environment that lists nothing at all.
    await writeFile(path.join(dataDir, 'snapshots', 'empty.json'), JSON.stringify({ id: 'empty', environment: identity, python: venv.python, takenAt: new Date().toISOString(), packages: [] }));
    const outcome = await rollback(venv.python, 'empty', { dataDir, env, ...quiet });
    expect(outcome.status).toBe('failed');
    expect(outcome.summary).toMatch(/^Partly put back; still different: .*pip .* was added/);
    expect((await run(venv.python, ['-m', 'pip', '--version'])).stdout).toMatch(/^pip /);
    expect((await run(venv.python, ['-m', 'pip', 'list', '--format=freeze', '--disable-pip-version-check'])).stdout).toMatch(/setuptools==/);
  }, 120_000);

  it('refuses to snapshot an environment where pip left an uninstall stash, naming it', async () => {
    const site = (await run(venv.python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'])).stdout.trim();
    const setuptools = (await readdir(site)).find((e) => /^setuptools-.*\.dist-info$/.test(e))!;
    // What pip's StashedUninstallPathSet leaves when it is stopped mid-uninstall: the folder renamed to "~" plus its name's tail.
    const stash = `~${setuptools.slice(1)}`;
    await rename(path.join(site, setuptools), path.join(site, stash));
    try {
      await expect(takeSnapshot(dataDir, await realpath(venv.dir), venv.python, env)).rejects.toMatchObject({ code: 'environment-unsettled', message: expect.stringContaining(stash) });
    } finally {
      await rename(path.join(site, stash), path.join(site, setuptools));
    }
  }, 60_000);
});
