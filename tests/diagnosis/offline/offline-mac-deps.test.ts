import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDeps } from '../../../app/diagnosis/facts/default-deps';
import { diagnose } from '../../../app/diagnosis/diagnose';
import { fixtureLib } from '../../binary/support/fixtures';
import { canLinkMachO, darwinNodeModules, installWheel, macExecutable } from '../../envs/mac-binaries';
import { makeTempDir } from '../../support/venv';

/**
 * A macOS environment copied to this Linux machine and diagnosed: its arm64 python (linked here)
 * is never started, the diagnosis reads the files and simulates dyld with the Mac's version
 * unknown. The extension is sharp's real arm64 module, which links @rpath/libvips-cpp.8.17.3.dylib.
 */
const sharp = darwinNodeModules();
const libvips = fixtureLib('@img/sharp-libvips-darwin-arm64', '1.2.4');

describe.skipIf(!sharp || !libvips || !canLinkMachO)('diagnosing a macOS environment read offline', () => {
  let root: string;
  let prefix: string;
  beforeAll(async () => {
    root = await makeTempDir('offline-mac-deps');
    prefix = path.join(root, 'Versions', '3.12');
    await mkdir(path.join(prefix, 'bin'), { recursive: true });
    await writeFile(path.join(prefix, 'bin', 'python3'), await macExecutable('arm64'), { mode: 0o755 });
    await installWheel(path.join(prefix, 'lib', 'python3.12', 'site-packages'), 'sharp-demo', '0.34.5', 'cp312-cp312-macosx_11_0_arm64', {
      'sharp_demo/__init__.py': '',
      'sharp_demo/_sharp.cpython-312-darwin.so': await readFile(sharp!.arm64),
    });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('takes the offline route for the folder and for its python3, and never runs it', async () => {
    const deps = defaultDeps(prefix, {}, 'linux');
    const env = await deps.describeEnvironment(path.join(prefix, 'bin', 'python3'));
    expect(env.description.status).toBe('offline');
    expect(env.description.python?.platform).toBe('darwin');
    expect(await deps.importModule(env, 'sharp_demo._sharp')).toMatchObject({ status: 'unavailable' });
  });

  it('names libvips as the missing library, with the paths dyld tried', async () => {
    const python = path.join(prefix, 'bin', 'python3');
    const d = await diagnose({ python, module: 'sharp_demo._sharp' }, defaultDeps(python, {}, 'linux'));
    const cause = d.causes.find((c) => c.kind === 'missing-library');
    expect(cause).toBeDefined();
    expect(JSON.stringify(cause?.evidence)).toContain('libvips-cpp.8.17.3.dylib');
    expect(JSON.stringify(cause?.evidence)).toContain('sharp-libvips-darwin-arm64/lib/libvips-cpp.8.17.3.dylib');
  });

  it('has no missing library once libvips is where the module\'s LC_RPATH points', async () => {
    const dir = path.join(prefix, 'lib', 'python3.12', 'sharp-libvips-darwin-arm64', 'lib');
    await mkdir(dir, { recursive: true });
    await copyFile(path.join(libvips!, 'libvips-cpp.8.17.3.dylib'), path.join(dir, 'libvips-cpp.8.17.3.dylib'));
    const python = path.join(prefix, 'bin', 'python3');
    const d = await diagnose({ python, module: 'sharp_demo._sharp' }, defaultDeps(python, {}, 'linux'));
    expect(d.causes.filter((c) => c.kind === 'missing-library')).toEqual([]);
  });
});
