import { execFileSync } from 'node:child_process';
import { readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../app/diagnosis/diagnose';
import { createLiveDeps } from '../../app/diagnosis/facts/live-deps';
import { probeEnvironment } from '../../app/envs/describe';
import { createVenv, makeTempDir, type TestVenv } from '../support/venv';
import { buildWheel } from '../support/wheels';

/**
 * A package unpacked into site-packages by hand (no dist-info, so no RECORD lists its files) whose
 * extension module's library is gone: "libhandhelper.so: cannot open shared object file".
 */
describe('extension modules on disk that no installer record lists', () => {
  let venv: TestVenv;
  let site: string;
  let suffix: string;
  beforeAll(async () => {
    venv = await createVenv({ withPip: false });
    const [purelib, ext] = execFileSync(venv.python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"]); print(sysconfig.get_config_var("EXT_SUFFIX"))'], { encoding: 'utf8' }).trim().split('\n');
    site = purelib!;
    suffix = ext!;
    const wheels = await makeTempDir('wheels');
    const wheel = await buildWheel({ name: 'handmade', version: '1.0', outDir: wheels, python: venv.python, extensions: [{ module: 'handmade._speedups', library: { name: 'handhelper' } }] });
    execFileSync(venv.python, ['-m', 'zipfile', '-e', wheel, site]);
    await rm(wheels, { recursive: true, force: true });
    for (const entry of await readdir(site)) if (entry.startsWith('handmade-')) await rm(path.join(site, entry), { recursive: true });
    await rm(path.join(site, 'handmade.libs'), { recursive: true });
    // A link loop and a name that is not UTF-8 in the same tree: the walk ends and says so.
    await symlink('loop', path.join(site, 'handmade', 'loop'));
    await writeFile(Buffer.concat([Buffer.from(path.join(site, 'handmade', 'caf')), Buffer.from([0xe9]), Buffer.from(suffix)]), '');
  }, 60_000);
  afterAll(async () => {
    await venv?.remove();
  });

  it('finds them with the probe, and reports names that are not UTF-8', async () => {
    const d = await probeEnvironment(venv.python);
    expect(d.unrecordedExtensions?.modules).toEqual([{ module: 'handmade._speedups', path: path.join(site, 'handmade', `_speedups${suffix}`) }]);
    expect(d.unrecordedExtensions?.badNames).toEqual([path.join(site, 'handmade', `caf\u00e9${suffix}`)]);
    expect(d.unrecordedExtensions?.truncated).toBe(false);
  });

  it('diagnose --all imports them and does not call the environment healthy', async () => {
    const d = await diagnose({ python: venv.python, all: true }, createLiveDeps({ env: process.env }));
    expect(d.status).not.toBe('healthy');
    expect(d.checks.find((c) => c.id === 'unrecorded-files')?.detail).toMatch(/1 extension module\(s\) on disk that no installer record lists \(handmade\._speedups\)/);
    expect(JSON.stringify(d)).toContain('libhandhelper.so: cannot open shared object file');
  }, 60_000);
});
