import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWindowsEnvironment } from '../../app/diagnosis/facts/default-deps';
import { probeEnvironment } from '../../app/envs';
import { writePe } from '../scenarios/support/pe-writer';

// A copied Windows environment, named by its folder or its python.exe (executable bit set,
// as on a mounted drive), is read offline and never run; decided by the file header, not the suffix.
describe('a Windows environment named on Linux', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'win-env-'));
    await mkdir(join(dir, 'env', 'Lib', 'site-packages'), { recursive: true });
    await writeFile(join(dir, 'env', 'python.exe'), writePe({ name: 'python.exe', imports: { 'python36.dll': ['Py_Main'] } }));
    await writeFile(join(dir, 'env', 'python36.dll'), writePe({ name: 'python36.dll', exports: ['Py_Main'] }));
    await chmod(join(dir, 'env', 'python.exe'), 0o755);
    // A PE interpreter without the suffix, and a shell script that is named python.exe.
    await writeFile(join(dir, 'renamed'), writePe({ name: 'python.exe' }));
    await chmod(join(dir, 'renamed'), 0o755);
    await writeFile(join(dir, 'script.exe'), '#!/bin/sh\necho hi\n');
    await chmod(join(dir, 'script.exe'), 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is recognised by the header of python.exe or pythonXY.dll, never by the .exe suffix', () => {
    expect(isWindowsEnvironment(join(dir, 'env'))).toBe(true);
    expect(isWindowsEnvironment(join(dir, 'env', 'python.exe'))).toBe(true);
    expect(isWindowsEnvironment(join(dir, 'renamed'))).toBe(true);
    expect(isWindowsEnvironment(join(dir, 'script.exe'))).toBe(false);
    expect(isWindowsEnvironment(join(dir, 'missing'))).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('is described offline by its python.exe, executable bit or not, without running it', async () => {
    const d = await probeEnvironment(join(dir, 'env', 'python.exe'));
    expect(d.status).toBe('offline');
    expect(d.interpreterRuns).toBe(0);
    expect(d.python?.platform).toBe('win32');
    expect(d.prefix).toBe(join(dir, 'env'));
  });
});
