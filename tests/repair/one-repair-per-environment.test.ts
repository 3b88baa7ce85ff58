import { execFile, spawn } from 'node:child_process';
import { mkdir, realpath, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineHandlers } from '../../app/api/engine-handlers';
import type { CliIo } from '../../app/cli/command';
import { ExitCode } from '../../app/cli/exit-codes';
import { runCli } from '../../app/cli/run-cli';
import { dispatch } from '../../app/contract/dispatch';
import { acquireRepairLock, rollback, takeSnapshot } from '../../app/repair';
import { createVenv, makeTempDir, type TestVenv } from '../support/venv';
import { buildWheel } from '../support/wheels';

const run = promisify(execFile);
const freeze = async (python: string) => (await run(python, ['-m', 'pip', 'list', '--format=freeze', '--disable-pip-version-check'])).stdout;
const quiet = { onLine: () => undefined, onProgress: () => undefined };

describe('one repair per environment, and snapshots that restore only their own environment', () => {
  let dir: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let a: TestVenv;
  let b: TestVenv;
  beforeAll(async () => {
    dir = await makeTempDir('identity');
    dataDir = path.join(dir, 'data');
    const wheels = path.join(dir, 'wheels');
    await mkdir(wheels);
    await buildWheel({ name: 'onlyina', version: '1.0.0', outDir: wheels, files: { 'onlyina/__init__.py': '' } });
    [a, b] = await Promise.all([createVenv({ parent: dir, name: 'env a' }), createVenv({ parent: dir, name: 'env b' })]);
    await a.install(wheels, 'onlyina');
    env = { ...process.env, PIP_NO_INDEX: '1', PIP_FIND_LINKS: '', DOCTOR_DATA_DIR: dataDir };
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses a snapshot of another environment in the engine, the API and the CLI, changing nothing', async () => {
    const snapshot = await takeSnapshot(dataDir, await realpath(a.dir), a.python, env);
    // Make A differ from its snapshot, so a rollback into B would have something to do.
    await run(a.python, ['-m', 'pip', 'uninstall', '--yes', 'onlyina']);
    const before = await freeze(b.python);

    await expect(rollback(b.python, snapshot.id, { dataDir, env, ...quiet })).rejects.toMatchObject({ code: 'foreign-snapshot' });

    const handlers = createEngineHandlers({ appVersion: 't', host: 'browser', platform: process.platform, arch: process.arch, env, dataDir });
    const answer = await dispatch(handlers, 'rollbackRepair', { jobId: 'job-foreign-1', python: b.python, snapshotId: snapshot.id }, { emit: () => undefined, signal: new AbortController().signal });
    expect(answer).toMatchObject({ ok: false, error: { code: 'foreign-snapshot' } });

    const io: CliIo & { err: string } = { err: '', cwd: dir, env, stdout: () => undefined, stderr: (t) => void (io.err += t) };
    expect(await runCli(['rollback', '--python', b.python, snapshot.id], io)).toBe(ExitCode.error);
    expect(io.err).toMatch(/was taken of .*env a.*nothing was changed/);

    expect(await freeze(b.python)).toBe(before);
    expect(before).not.toContain('onlyina');
    // Its own environment takes it.
    const back = await rollback(a.python, snapshot.id, { dataDir, env: { ...env, PIP_FIND_LINKS: pathToFileURL(path.join(dir, 'wheels')).href }, ...quiet });
    expect(back.status).toBe('not-fixed');
    expect(await freeze(a.python)).toContain('onlyina==1.0.0');
  }, 120_000);

  it('keys the lock on the environment, so bin/python and bin/python3 cannot repair at once', async () => {
    const identity = await realpath(a.dir);
    const held = await acquireRepairLock(dataDir, identity, path.join(a.dir, 'bin', 'python'), 'first');
    try {
      await expect(rollback(path.join(a.dir, 'bin', 'python3'), 'does-not-matter', { dataDir, env, ...quiet })).rejects.toMatchObject({ code: 'no-snapshot' });
      const snapshot = await takeSnapshot(dataDir, identity, a.python, env);
      await expect(rollback(path.join(a.dir, 'bin', 'python3'), snapshot.id, { dataDir, env, ...quiet })).rejects.toMatchObject({ code: 'busy' });
    } finally {
      await held.release();
    }
  }, 60_000);

  it('reports, and does not take, a lock whose doctor died while a command it started still runs', async () => {
    const identity = await realpath(b.dir);
    const orphan = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    const first = await acquireRepairLock(dataDir, identity, b.python, 'crashing repair');
    first.addChild(orphan.pid!);
    await new Promise((r) => setTimeout(r, 200));
    // The doctor "dies": its lock (with the environment) and its journal (in the data folder) stay, naming a PID that no longer runs.
    const lockDir = path.join(dataDir, 'locks');
    const { readdir, readFile } = await import('node:fs/promises');
    for (const file of [...(await readdir(lockDir)).map((name) => path.join(lockDir, name)), path.join(identity, '.python-dll-doctor-repair.lock')]) {
      const record = JSON.parse(await readFile(file, 'utf8'));
      if (record.environment === identity) await writeFile(file, JSON.stringify({ ...record, pid: 2 ** 22 + 4321, hostname: hostname() }));
    }
    await expect(acquireRepairLock(dataDir, identity, b.python, 'next')).rejects.toMatchObject({ code: 'busy', message: expect.stringContaining(`process ${orphan.pid}) is still changing the environment`) });
    process.kill(-orphan.pid!, 'SIGKILL');
    await new Promise((r) => orphan.once('exit', r));
    const next = await acquireRepairLock(dataDir, identity, b.python, 'next');
    await next.release();
  }, 30_000);

  it('lets only one of two processes with different data folders (DOCTOR_DATA_DIR) repair one environment', async () => {
    const identity = await realpath(b.dir);
    const entry = path.join(dir, 'lock-holder.ts');
    const bundle = path.join(dir, 'lock-holder.mjs');
    const engine = fileURLToPath(new URL('../../app/repair/index.ts', import.meta.url));
    // Each process takes the lock with its own data folder, says so, and holds it until its stdin closes.
    await writeFile(entry, `import { acquireRepairLock } from ${JSON.stringify(engine)};
try {
  const lock = await acquireRepairLock(process.env.DOCTOR_DATA_DIR, process.argv[2], process.argv[3], 'repair from ' + process.env.DOCTOR_DATA_DIR);
  console.log('held');
  process.stdin.resume();
  process.stdin.on('end', () => void lock.release().then(() => process.exit(0)));
} catch (error) {
  console.log(error.code + ': ' + error.message);
  process.exit(3);
}
`);
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'silent' });
    const start = (data: string) => spawn(process.execPath, [bundle, identity, b.python], { env: { ...process.env, DOCTOR_DATA_DIR: path.join(dir, data) }, stdio: ['pipe', 'pipe', 'inherit'] });
    const firstLine = (child: ReturnType<typeof start>) => new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    const app = start('desktop app data');
    expect(await firstLine(app)).toBe('held');
    const cli = start('cli data');
    const [said, code] = await Promise.all([firstLine(cli), new Promise((resolve) => cli.once('exit', resolve))]);
    expect(code).toBe(3);
    expect(said).toMatch(/^busy: Another repair of .* is running/);
    app.stdin!.end();
    await new Promise((resolve) => app.once('exit', resolve));
    const after = start('cli data');
    expect(await firstLine(after)).toBe('held');
    after.stdin!.end();
    await new Promise((resolve) => after.once('exit', resolve));
  }, 60_000);
});
