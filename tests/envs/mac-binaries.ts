/**
 * Mach-O files for the macOS environment tests: the real darwin builds fetched from npm
 * (scripts/fetch-fixtures.ts) and interpreters generated here with clang-19, ld64.lld-19 and
 * llvm-lipo-19 (Debian's llvm-19), the tools the Mach-O reader's corpus is built with; and the
 * records pip writes when it installs a wheel, to place them in an environment as extension modules.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { promisify } from 'node:util';
import { fixtureLib } from '../binary/support/fixtures';

const exec = promisify(execFile);

/** sharp's arm64 and x86_64 bundles and fsevents' universal one, or null when they were not fetched. */
export function darwinNodeModules(): { arm64: string; x86_64: string; universal: string } | null {
  const arm = fixtureLib('@img/sharp-darwin-arm64', '0.34.5');
  const x64 = fixtureLib('@img/sharp-darwin-x64', '0.34.5');
  const fsevents = fixtureLib('fsevents', '2.3.3');
  if (!arm || !x64 || !fsevents) return null;
  // fsevents ships its .node at the package root, not in lib/.
  return { arm64: join(arm, 'sharp-darwin-arm64.node'), x86_64: join(x64, 'sharp-darwin-x64.node'), universal: join(fsevents, '..', 'fsevents.node') };
}

const tools = ['/usr/bin/clang-19', '/usr/bin/ld64.lld-19', '/usr/bin/llvm-lipo-19'];

/** Whether this machine can link Mach-O executables. */
export const canLinkMachO = tools.every((t) => existsSync(t));

/**
 * A minimal macOS executable (`int main(void) { return 0; }`, no libraries) for arm64, x86_64
 * or both (a universal file made by llvm-lipo): it stands for bin/python3, whose header is all
 * the offline reader looks at.
 */
export async function macExecutable(arch: 'arm64' | 'x86_64' | 'universal'): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'pdd-macho-'));
  try {
    await writeFile(join(dir, 'main.c'), 'int main(void) { return 0; }\n');
    const one = async (a: 'arm64' | 'x86_64'): Promise<string> => {
      const min = a === 'arm64' ? '11.0' : '10.9';
      await exec(tools[0]!, ['-target', `${a}-apple-macos${min}`, '-c', join(dir, 'main.c'), '-o', join(dir, `${a}.o`)]);
      await exec(tools[1]!, ['-arch', a, '-platform_version', 'macos', min, '14.0', '-e', '_main', '-o', join(dir, a), join(dir, `${a}.o`)]);
      return join(dir, a);
    };
    if (arch !== 'universal') return await readFile(await one(arch));
    const [a, b] = [await one('arm64'), await one('x86_64')];
    await exec(tools[2]!, ['-create', a, b, '-output', join(dir, 'universal')]);
    return await readFile(join(dir, 'universal'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const recordHash = (content: Buffer | string): string => `sha256=${createHash('sha256').update(content).digest('base64url')}`;

/** A package as pip installs a wheel: its files, WHEEL with the tag, INSTALLER and RECORD. */
export async function installWheel(site: string, name: string, version: string, tag: string, files: Record<string, Buffer | string>): Promise<void> {
  const di = path.join(site, `${name}-${version}.dist-info`);
  await mkdir(di, { recursive: true });
  const rows: string[] = [];
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(site, ...rel.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    rows.push(`${rel},${recordHash(content)},${Buffer.byteLength(content)}`);
  }
  await writeFile(path.join(di, 'METADATA'), `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`);
  await writeFile(path.join(di, 'WHEEL'), `Wheel-Version: 1.0\nGenerator: bdist_wheel\nRoot-Is-Purelib: false\nTag: ${tag}\n`);
  await writeFile(path.join(di, 'INSTALLER'), 'pip\n');
  const meta = ['METADATA', 'WHEEL', 'INSTALLER'].map((f) => `${name}-${version}.dist-info/${f},,`);
  await writeFile(path.join(di, 'RECORD'), [...rows, ...meta, `${name}-${version}.dist-info/RECORD,,`].join('\n') + '\n');
}
