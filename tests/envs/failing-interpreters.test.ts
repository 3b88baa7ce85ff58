import { existsSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeEnvironment } from '../../app/envs/describe';
import { nodeHost } from '../../app/envs/host';
import { interpretProbe } from '../../app/envs/probe-output';
import { createVenv, makeTempDir } from '../support/venv';

/** Fake interpreters are small shell scripts named like interpreters. */
async function script(dir: string, name: string, body: string, mode = 0o755): Promise<string> {
  const file = path.join(dir, name, 'bin', 'python3');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, mode);
  return file;
}

const py27 = `${process.env.HOME}/.pyenv/versions/2.7.18/bin/python`;
const py36 = `${process.env.HOME}/.pyenv/versions/3.6.15/bin/python3`;

describe('an interpreter that fails is a result, not an error', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir('fake-pythons');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a crashing interpreter gets status crashed with the signal', async () => {
    const d = await probeEnvironment(await script(dir, 'crash', 'kill -SEGV $$'));
    expect(d.status).toBe('crashed');
    expect(d.message).toMatch(/crashed while starting \(signal SIGSEGV\)/);
    expect(d.interpreterRuns).toBe(1);
  });

  it('a hanging interpreter is stopped at the timeout', async () => {
    const d = await probeEnvironment(await script(dir, 'hang', 'exec sleep 30'), { timeoutMs: 300 });
    expect(d.status).toBe('timeout');
    expect(d.message).toMatch(/did not answer/);
  });

  it('the Microsoft Store stub is recognised by what it prints', async () => {
    // Text of the App Installer alias; on Windows it exits with 9009 (here 9009 & 255).
    const stub = await script(
      dir,
      'store',
      'echo "Python was not found; run without arguments to install from the Microsoft Store, or disable this shortcut from Settings > Manage App Execution Aliases." >&2; exit 49',
    );
    const d = await probeEnvironment(stub);
    expect(d.status).toBe('store-stub');
    expect(d.kind).toBe('store');
  });

  it('a file that may not be executed gets permission-denied', async () => {
    const d = await probeEnvironment(await script(dir, 'noexec', 'exit 0', 0o644));
    expect(d.status).toBe('permission-denied');
    expect(d.message).toMatch(/permission denied/);
  });

  it('a program that answers something else gets bad-output with what it said', async () => {
    const d = await probeEnvironment(await script(dir, 'garbage', 'echo nonsense; echo "fatal: no encodings module" >&2; exit 1'));
    expect(d.status).toBe('bad-output');
    expect(d.message).toMatch(/no encodings module/);
  });

  it('a missing interpreter gets not-found', async () => {
    const d = await probeEnvironment(path.join(dir, 'nothing', 'python3'));
    expect(d.status).toBe('not-found');
  });

  it('an import that crashes the interpreter still leaves the description', async () => {
    const venv = await createVenv({ withPip: false, parent: dir });
    const site = (await import('node:child_process')).execFileSync(venv.python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], { encoding: 'utf8' }).trim();
    await writeFile(path.join(site, 'crashme.py'), 'import ctypes\nctypes.string_at(0)\n');
    // The probe runs isolated: a PYTHONHOME of another Python does not stop it (nor PYTHONPATH change it).
    const host = nodeHost({ env: { ...process.env, PYTHONHOME: '/nonexistent' } });
    const d = await probeEnvironment(venv.python, { host, importModule: 'crashme' });
    expect(d.status).toBe('ok');
    expect(d.python).not.toBeNull();
    expect(d.importTest?.outcome).toBe('crashed');
    expect(d.importTest?.crash).toBe('signal SIGSEGV');
  });

  it('classifies a Python 2 answer of the probe (recorded from python 2.7.18)', () => {
    const line = '@@PDD@@{"versionInfo": [2, 7, 18], "probe": 1, "executable": "/usr/bin/python2", "version": "2.7.18", "unsupported": true}\n';
    const o = interpretProbe('/usr/bin/python2', { stdout: line, stderr: '', code: 0, signal: null, timedOut: false, spawnError: null }, null, 1000);
    expect(o.status).toBe('python2');
    expect(o.message).toMatch(/Python 2\.7\.18/);
  });

  it.skipIf(!existsSync(py27))('a real Python 2.7 runs the probe and is reported as python2', async () => {
    const d = await probeEnvironment(py27);
    expect(d.status).toBe('python2');
  });

  it.skipIf(!existsSync(py36))('the probe works on a real Python 3.6', async () => {
    const d = await probeEnvironment(py36, { importModule: 'json' });
    expect(d.status).toBe('ok');
    expect(d.python?.abiTag).toBe('cp36m');
    expect(d.importTest?.outcome).toBe('ok');
  });
});
