import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearLeftovers, leftoverWords, readSiteState, siteDifferences, siteSnapshot } from '../../app/repair/site-records';
import { english } from '../../app/messages';

/**
 * Site folders laid out the way pip leaves them (the real thing, with real pip killed at every
 * stage, is tests/faults/kill-points.test.ts): a project is its files plus a dist-info whose RECORD
 * lists them with sha256 and size (https://packaging.python.org/en/latest/specifications/recording-installed-packages/).
 */
async function install(site: string, name: string, version: string, files: Record<string, string>): Promise<void> {
  const info = `${name}-${version}.dist-info`;
  const rows: string[] = [];
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(site, file)), { recursive: true });
    await writeFile(path.join(site, file), text);
    rows.push(`${file},sha256=${createHash('sha256').update(text).digest('base64url')},${Buffer.byteLength(text)}`);
  }
  await mkdir(path.join(site, info));
  await writeFile(path.join(site, info, 'METADATA'), `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`);
  await writeFile(path.join(site, info, 'INSTALLER'), 'pip\n');
  await writeFile(path.join(site, info, 'RECORD'), `${[...rows, `${info}/METADATA,,`, `${info}/RECORD,,`].join('\n')}\n`);
}

describe('pip\'s records and leftovers in the site folders', () => {
  let prefix: string;
  let site: string;
  beforeEach(async () => {
    prefix = await mkdtemp(path.join(tmpdir(), 'site records '));
    site = path.join(prefix, 'lib', 'python3.11', 'site-packages');
    await mkdir(site, { recursive: true });
    await install(site, 'msgpack', '1.2.3', { 'msgpack/__init__.py': 'version = (1, 2, 3)\n', 'msgpack/fallback.py': 'x = 1\n' });
    await install(site, 'six', '1.17.0', { 'six.py': 'six = 1\n' });
  });
  afterEach(() => rm(prefix, { recursive: true, force: true }));

  it('finds nothing wrong in a clean folder, and records every project and entry', async () => {
    const state = await readSiteState(prefix, [site]);
    expect(leftoverWords(state)).toEqual([]);
    expect(state.records.map((r) => `${r.name}==${r.version}`)).toEqual(['msgpack==1.2.3', 'six==1.17.0']);
    expect(state.entries.map((e) => path.basename(e))).toEqual(['msgpack', 'msgpack-1.2.3.dist-info', 'six-1.17.0.dist-info', 'six.py']);
  });

  it('names a stash, a project recorded twice and a file cut short', async () => {
    const snapshot = siteSnapshot(await readSiteState(prefix, [site]));
    // Killed mid-upgrade to 1.1.2: the old dist-info stashed as pip names it, the new one half-written.
    await mkdir(path.join(site, '~sgpack-1.2.3.dist-info'));
    await install(site, 'msgpack', '1.1.2', { 'msgpack/__init__.py': 'version = (1, 1, 2)\n' });
    await writeFile(path.join(site, 'six.py'), 'six');
    const state = await readSiteState(prefix, [site]);
    const words = leftoverWords(state).map(english).join('\n');
    expect(words).toMatch(/~sgpack-1\.2\.3\.dist-info is what pip moved aside/);
    expect(words).toMatch(/msgpack is recorded twice/);
    expect(words).toMatch(/six 1\.17\.0 is incomplete: six\.py has 3 bytes, its RECORD says 8/);
    expect(siteDifferences(snapshot, state).map(english).join('\n')).toMatch(/msgpack==1\.1\.2 is recorded but was not/);
  });

  it('moves the leftovers aside, deleting nothing, and keeps what the user put there', async () => {
    await writeFile(path.join(site, 'mine.py'), 'mine = 1\n');
    const snapshot = siteSnapshot(await readSiteState(prefix, [site]));
    await mkdir(path.join(site, '~sgpack'));
    await writeFile(path.join(site, '~sgpack', '__init__.py'), 'version = (1, 2, 3)\n');
    await install(site, 'msgpack', '1.1.2', { 'msgpack/__init__.py': 'version = (1, 1, 2)\n', 'msgpack/_new.py': 'n = 1\n' });
    const quarantine = path.join(prefix, '.python-dll-doctor-leftovers', 'test');
    const moved = await clearLeftovers(prefix, [site], await readSiteState(prefix, [site]), snapshot, quarantine);
    expect(moved.map((m) => path.basename(m))).toEqual(expect.arrayContaining(['~sgpack', 'msgpack-1.1.2.dist-info', 'msgpack-1.2.3.dist-info', '__init__.py', '_new.py']));
    expect((await readdir(site)).sort()).toEqual(['mine.py', 'six-1.17.0.dist-info', 'six.py']);
    expect(await readdir(path.join(quarantine, 'lib', 'python3.11', 'site-packages'))).toEqual(expect.arrayContaining(['~sgpack', 'msgpack', 'msgpack-1.1.2.dist-info']));
    expect(leftoverWords(await readSiteState(prefix, [site]))).toEqual([]);
  });
});
