import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedPackages } from '../../app/repair/pip';
import { createVenv, makeTempDir, type TestVenv } from '../support/venv';

// The user's PYTHONPATH reaches every shell's python, and with it a sitecustomize and shadowing copies
// (issue: `env --import X` said "ok" from a PYTHONPATH copy). The pip the doctor runs must see the
// environment only: nothing of the user's PYTHONPATH runs inside a repair, is listed or uninstalled.
describe('the pip the repair runs is isolated from the user\'s PYTHONPATH', () => {
  let venv: TestVenv;
  let shadow: string;
  const marker = () => path.join(shadow, 'sitecustomize-ran');

  beforeAll(async () => {
    venv = await createVenv();
    shadow = await makeTempDir('shadow');
    await writeFile(path.join(shadow, 'sitecustomize.py'), `open(${JSON.stringify(marker())}, 'w').close()\n`);
    await mkdir(path.join(shadow, 'shadowcopy-1.0.dist-info'));
    await writeFile(path.join(shadow, 'shadowcopy-1.0.dist-info', 'METADATA'), 'Metadata-Version: 2.1\nName: shadowcopy\nVersion: 1.0\n');
  }, 120_000);
  afterAll(async () => venv?.remove());

  it('runs no sitecustomize from PYTHONPATH and lists only the environment\'s own packages', async () => {
    const packages = await installedPackages(venv.python, { ...process.env, PYTHONPATH: shadow });
    expect(packages.map((p) => p.name)).toContain('pip');
    expect(packages.map((p) => p.name)).not.toContain('shadowcopy');
    expect(existsSync(marker())).toBe(false);
  }, 60_000);
});
