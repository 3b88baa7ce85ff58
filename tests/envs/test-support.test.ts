import { execFile } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVenv, makeTempDir, type TestVenv } from '../support/venv';
import { buildWheel } from '../support/wheels';

const run = promisify(execFile);

describe('test support: wheels and venvs', () => {
  let venv: TestVenv;
  let wheels: string;
  beforeAll(async () => {
    wheels = await makeTempDir('wheels');
    venv = await createVenv();
  });
  afterAll(async () => {
    await venv?.remove();
    await rm(wheels, { recursive: true, force: true });
  });

  it('builds a C extension wheel with a bundled library that real pip installs and Python imports', async () => {
    await buildWheel({ name: 'dep-pure', version: '2.0', outDir: wheels, files: { 'dep_pure/__init__.py': 'V = 2\n' } });
    const whl = await buildWheel({
      name: 'demo-ext', version: '1.0', outDir: wheels, requires: ['dep-pure>=2'],
      extensions: [{ module: 'demo_ext._core', library: { name: 'demohelper' } }],
    });
    expect(path.basename(whl)).toMatch(/^demo_ext-1\.0-cp3\d+-cp3\d+-linux_x86_64\.whl$/);
    await venv.install(wheels, 'demo-ext');
    const { stdout } = await run(venv.python, ['-c', 'import demo_ext._core as c, dep_pure; print(c.answer(), dep_pure.V)']);
    expect(stdout.trim()).toBe('42 2');
    const site = await run(venv.python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])']);
    const libs = await readdir(path.join(site.stdout.trim(), 'demo_ext.libs'));
    expect(libs).toEqual(['libdemohelper.so']);
  });
});
