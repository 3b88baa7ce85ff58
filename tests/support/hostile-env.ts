/**
 * Hostile environments, generated: real venvs whose installer records were written by an attacker.
 *
 * Each item of issue #27 as a folder: a RECORD naming files outside the environment (`../..` to
 * /etc/passwd and the system libc, /etc/shadow, /proc/self/environ), a FIFO, a link to /dev/zero, a
 * link loop and a 4 GB sparse file listed as extension modules, conda-meta records naming files
 * outside the prefix, a 20 MB and a 200 MB conda-meta record, and extension modules no RECORD lists.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, open, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createVenv, type TestVenv } from './venv';

const run = promisify(execFile);

export interface HostileEnv {
  readonly venv: TestVenv;
  readonly site: string;
  /** The one honest native file of the hostile distribution (its RECORD hash is right). */
  readonly honest: string;
}

function recordHash(bytes: Uint8Array): string {
  return `sha256=${createHash('sha256').update(bytes).digest('base64url')}`;
}

/** The system's libc, as a path relative to `from` (`../../..` up to / and down again). */
function upTo(from: string, target: string): string {
  return path.relative(from, target);
}

/** A venv holding `evil` 1.0 (pip) with a hostile RECORD, and conda-meta records to match. */
export async function createHostileEnv(options: { hugeCondaMeta?: boolean } = {}): Promise<HostileEnv> {
  const venv = await createVenv({ withPip: false, name: 'hostile' });
  const { stdout } = await run(venv.python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])']);
  const site = stdout.trim();
  const pkg = path.join(site, 'evil');
  await mkdir(pkg, { recursive: true });
  const honestBytes = Buffer.from('not really ELF, but hashed as recorded\n');
  const honest = path.join(pkg, '_honest.cpython-311-x86_64-linux-gnu.so');
  await writeFile(honest, honestBytes);
  await run('mkfifo', [path.join(pkg, 'fifo.so')]);
  await symlink('/dev/zero', path.join(pkg, 'zero.so'));
  await symlink('loop.so', path.join(pkg, 'loop.so'));
  const sparse = await open(path.join(pkg, 'sparse.so'), 'w');
  await sparse.truncate(4 * 1024 * 1024 * 1024);
  await sparse.close();
  const dist = path.join(site, 'evil-1.0.dist-info');
  await mkdir(dist);
  await writeFile(path.join(dist, 'METADATA'), 'Metadata-Version: 2.1\nName: evil\nVersion: 1.0\n');
  await writeFile(path.join(dist, 'INSTALLER'), 'pip\n');
  const fake = 'sha256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const rows = [
    [upTo(site, '/etc/passwd'), fake, '1'],
    ['/etc/shadow', fake, '1'],
    ['/proc/self/environ', fake, '1'],
    [upTo(site, '/lib/x86_64-linux-gnu/libc.so.6'), fake, '1'],
    ['evil/fifo.so', fake, '1'],
    ['evil/zero.so', fake, '1'],
    ['evil/loop.so', fake, '1'],
    ['evil/sparse.so', fake, String(4 * 1024 ** 3)],
    ['evil/_honest.cpython-311-x86_64-linux-gnu.so', recordHash(honestBytes), String(honestBytes.length)],
    ['evil-1.0.dist-info/RECORD', '', ''],
  ];
  await writeFile(path.join(dist, 'RECORD'), rows.map((r) => r.join(',')).join('\n') + '\n');

  // conda-meta beside it: entries outside the prefix, and records of hostile size.
  const meta = path.join(venv.dir, 'conda-meta');
  await mkdir(meta);
  await writeFile(path.join(meta, 'history'), '');
  const record = (name: string, paths: { _path: string; path_type: string; sha256: string; size_in_bytes: number }[]) =>
    JSON.stringify({ name, version: '1.0', build: '0', build_number: 0, channel: 'https://conda.anaconda.org/conda-forge/linux-64', depends: [], files: paths.map((p) => p._path), paths_data: { paths_version: 1, paths } });
  const entry = (p: string) => ({ _path: p, path_type: 'hardlink', sha256: '0'.repeat(64), size_in_bytes: 1 });
  await writeFile(path.join(meta, 'tampered-1.0-0.json'), record('tampered', [upTo(venv.dir, '/etc/passwd'), '/etc/shadow', '/proc/self/environ', upTo(venv.dir, '/lib/x86_64-linux-gnu/libc.so.6')].map(entry)));
  if (options.hugeCondaMeta) {
    // 20 MB: read, but only MAX_ENTRIES_PER_RECORD entries checked and MAX_ISSUES_PER_RECORD issues listed.
    const many = Array.from({ length: 110_000 }, (_, i) => entry(`lib/missing-${String(i).padStart(7, '0')}.so`));
    await writeFile(path.join(meta, 'huge-1.0-0.json'), record('huge', many));
    // 200 MB: never read.
    const giant = await open(path.join(meta, 'giant-1.0-0.json'), 'w');
    const chunk = Buffer.from(' '.repeat(1024 * 1024));
    await giant.write('{"name": "giant", "files": [');
    for (let i = 0; i < 200; i++) await giant.write(chunk);
    await giant.write('"x"]}');
    await giant.close();
  }
  return { venv, site, honest };
}
