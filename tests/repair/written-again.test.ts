/**
 * A same-version reinstall is a change of files, not of version (issue 26's review: "pillow: 12.3.0 →
 * 12.3.0" under "What changed" beside "No package version changed"). Real pip reinstalls a real wheel.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeName } from '../../app/base/package-spec';
import { english, formatMessage, message } from '../../app/messages';
import { readSiteState } from '../../app/repair/site-records';
import { differences } from '../../app/repair/snapshot';
import { installedPackages } from '../../app/repair/pip';
import { recordStamps, writtenAgain } from '../../app/repair/written-again';
import { createVenv, makeTempDir, type TestVenv } from '../support/venv';
import { buildWheel } from '../support/wheels';

const run = promisify(execFile);

describe('a package installed again at the same version', () => {
  let venv: TestVenv;
  let wheels: string;
  let site: string;
  const names = new Set(['tinypkg', 'otherpkg']);
  const state = async () => readSiteState(venv.dir, [site]);
  const pip = (...args: string[]) => run(venv.python, ['-m', 'pip', '--disable-pip-version-check', 'install', '--no-index', '--find-links', wheels, '--no-cache-dir', '--quiet', ...args]);

  beforeAll(async () => {
    wheels = await makeTempDir('wheels');
    await buildWheel({ name: 'tinypkg', version: '1.0', outDir: wheels, files: { 'tinypkg/__init__.py': 'X = 1\n' } });
    await buildWheel({ name: 'otherpkg', version: '2.0', outDir: wheels, files: { 'otherpkg/__init__.py': 'Y = 2\n' } });
    venv = await createVenv();
    await pip('tinypkg', 'otherpkg');
    site = (await run(venv.python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'])).stdout.trim();
  }, 180_000);
  afterAll(async () => {
    await venv?.remove();
  });

  it('is found written anew from its RECORD, while its version and the untouched package are not changed', async () => {
    const packagesBefore = await installedPackages(venv.python, process.env);
    const before = await recordStamps(venv.dir, (await state()).records, names);
    expect([...before.keys()].sort()).toEqual(['otherpkg==2.0', 'tinypkg==1.0']);
    await pip('--force-reinstall', '--no-deps', 'tinypkg==1.0');
    const after = await recordStamps(venv.dir, (await state()).records, names);
    expect(writtenAgain(before, after).map((r) => `${normalizeName(r.name)} ${r.version}`)).toEqual(['tinypkg 1.0']);
    expect(differences(packagesBefore, await installedPackages(venv.python, process.env)).changes).toEqual([]);
  }, 180_000);

  it('is said once, in both languages, as files written anew with no version changed', () => {
    const ref = message('repair.summary.reinstalled', { versions: message('repair.summary.nothing-changed'), count: 1, packages: 'pillow 12.3.0' });
    expect(english(ref)).toBe(' No package version changed. Installed again at the same version, its files written anew: pillow 12.3.0.');
    expect(formatMessage(ref, 'de')).toBe(' Keine Paketversion hat sich geändert. In derselben Version neu installiert, seine Dateien neu geschrieben: pillow 12.3.0.');
  });
});
