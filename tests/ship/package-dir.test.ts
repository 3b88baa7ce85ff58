import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Runs the real electron-builder over electron-builder.yml and the real dist/, offline: the one part it
 * would download, the Electron archive, is replaced by a stand-in folder (electronDist) whose
 * "electron" binary carries a real fuse wire. The `dir` target packs app.asar and runs our afterPack
 * hook, which is what the Windows installer build does before NSIS wraps it.
 */
const root = path.resolve(import.meta.dirname, '../..');
const exec = promisify(execFile);
const builderCli = path.join(root, 'node_modules/electron-builder/cli.js');
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** A folder laid out like Electron's Linux zip, with a binary holding Electron 45's 9-fuse wire. */
async function standInElectron(dir: string): Promise<string> {
  const electronDir = path.join(dir, 'electron-dist');
  await mkdir(path.join(electronDir, 'resources'), { recursive: true });
  const wire = Buffer.alloc(9, '1');
  const binary = path.join(electronDir, 'electron');
  await writeFile(binary, Buffer.concat([Buffer.alloc(2048, 0xcc), Buffer.from(FUSE_SENTINEL), Buffer.from([1, wire.length]), wire, Buffer.alloc(2048, 0xcc)]));
  await chmod(binary, 0o755);
  await writeFile(path.join(electronDir, 'LICENSE'), 'MIT');
  await writeFile(path.join(electronDir, 'version'), '45.4.1');
  return electronDir;
}

/** File names inside an asar archive (header: pickle sizes, then the JSON index). */
function asarFiles(archive: Buffer): string[] {
  const jsonLength = archive.readInt32LE(12);
  const header = JSON.parse(archive.subarray(16, 16 + jsonLength).toString('utf8')) as AsarNode;
  const walk = (node: AsarNode, prefix: string): string[] =>
    Object.entries(node.files ?? {}).flatMap(([name, child]) => (child.files ? walk(child, `${prefix}${name}/`) : [`${prefix}${name}`]));
  return walk(header, '');
}
interface AsarNode {
  files?: Record<string, AsarNode>;
}

async function pack(electronDir: string, output: string, env: NodeJS.ProcessEnv): Promise<void> {
  await exec(process.execPath, [builderCli, '--linux', 'dir', '--publish', 'never', `-c.electronDist=${electronDir}`, `-c.directories.output=${output}`], {
    cwd: root,
    env: { ...process.env, ...env },
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
  });
}

describe('electron-builder --linux dir with our config (offline)', () => {
  let dir: string;
  let electronDir: string;
  beforeAll(async () => {
    if (!(await stat(path.join(root, 'dist', 'main.cjs')).catch(() => undefined))) {
      await exec(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/build.ts')], { cwd: root, timeout: 300_000 });
    }
    dir = await mkdtemp(path.join(tmpdir(), 'doctor-pack-'));
    electronDir = await standInElectron(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('packs only the built output into app.asar and flips the release fuses', async () => {
    const output = path.join(dir, 'release');

    await pack(electronDir, output, { DOCTOR_TEST_BUILD: '' });

    const unpacked = path.join(output, 'linux-unpacked');
    const files = asarFiles(await readFile(path.join(unpacked, 'resources', 'app.asar')));
    expect(files).toContain('package.json');
    expect(files).toEqual(expect.arrayContaining(['dist/main.cjs', 'dist/preload.cjs', 'dist/renderer/index.html']));
    expect(files.filter((f) => f !== 'package.json' && !f.startsWith('dist/'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files).not.toContain('dist/web.mjs');
    expect(files).not.toContain('dist/launch.mjs');
    const wire = await getCurrentFuseWire(path.join(unpacked, 'python-dll-doctor'));
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
  });

  it('keeps --inspect open in a test build', async () => {
    const output = path.join(dir, 'release-test');

    await pack(electronDir, output, { DOCTOR_TEST_BUILD: '1' });

    const wire = await getCurrentFuseWire(path.join(output, 'linux-unpacked', 'python-dll-doctor'));
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
  });
});
