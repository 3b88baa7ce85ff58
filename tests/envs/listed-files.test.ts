import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeHost, type EnvHost } from '../../app/envs/host';
import { ListedFiles } from '../../app/envs/listed-files';

const dir = mkdtempSync(join(tmpdir(), 'pdd-listed-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real host, counting the folders it lists and the files it lstats. */
function countingHost(overrides: Partial<EnvHost> = {}): EnvHost & { listed: string[]; lstats: string[] } {
  const base = { ...nodeHost(), ...overrides };
  const listed: string[] = [];
  const lstats: string[] = [];
  return {
    ...base,
    listed,
    lstats,
    listDir: (d) => (listed.push(d), base.listDir(d)),
    lstat: (f) => (lstats.push(f), base.lstat!(f)),
  };
}

describe('ListedFiles', () => {
  const pkg = join(dir, 'site-packages', 'pkg');
  mkdirSync(pkg, { recursive: true });
  const names = Array.from({ length: 50 }, (_v, i) => `_mod${i}.cpython-311-x86_64-linux-gnu.so`);
  for (const n of names) writeFileSync(join(pkg, n), 'x');
  symlinkSync(join(pkg, 'gone.so'), join(pkg, 'dangling.so'));

  it('answers for every file of a folder from one listing, without an lstat each', async () => {
    const host = countingHost();
    const files = new ListedFiles(host, path.posix);
    for (const n of names) expect(await files.exists(join(pkg, n))).toBe(true);
    expect(host.listed).toEqual([pkg]);
    expect(host.lstats).toEqual([]);
  });

  it('says missing only when lstat says so too', async () => {
    const host = countingHost();
    const files = new ListedFiles(host, path.posix);
    expect(await files.exists(join(pkg, 'missing.so'))).toBe(false);
    expect(await files.exists(join(dir, 'no-such-folder', 'x.so'))).toBe(false);
    expect(host.lstats).toEqual([join(pkg, 'missing.so'), join(dir, 'no-such-folder', 'x.so')]);
  });

  it('counts a dangling link as there, as lstat does', async () => {
    expect(await new ListedFiles(countingHost(), path.posix).exists(join(pkg, 'dangling.so'))).toBe(true);
  });

  it('falls back to lstat for a folder it cannot list', async () => {
    const host = countingHost({ listDir: async () => [] });
    const files = new ListedFiles(host, path.posix);
    expect(await files.exists(join(pkg, names[0]!))).toBe(true);
    expect(host.lstats).toEqual([join(pkg, names[0]!)]);
  });

  it('uses the host\'s kind, which follows links, when the host has no lstat', async () => {
    const files = new ListedFiles({ ...nodeHost(), lstat: undefined }, path.posix);
    expect(await files.exists(join(pkg, names[0]!))).toBe(true);
    expect(await files.exists(join(pkg, 'dangling.so'))).toBe(false);
  });
});
