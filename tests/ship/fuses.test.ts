import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterPack, electronBinaryPath, fuseConfig, isTestBuild, type AfterPackContextLike } from '../../scripts/after-pack.mjs';

/** Electron's fuse sentinel (https://www.electronjs.org/docs/latest/tutorial/fuses#how-do-i-flip-the-fuses). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ELECTRON_45_FUSE_COUNT = 9;

/**
 * A file laid out like the fuse wire inside an Electron binary: filler, the sentinel, version 1, the
 * wire length, one byte per fuse (ASCII '0'/'1'), more filler. @electron/fuses itself reads it.
 */
async function fakeElectronBinary(dir: string, fuseCount: number): Promise<string> {
  const file = path.join(dir, 'python-dll-doctor.exe');
  const wire = Buffer.alloc(fuseCount, '1');
  await writeFile(file, Buffer.concat([Buffer.alloc(4096, 0xcc), Buffer.from(SENTINEL), Buffer.from([1, fuseCount]), wire, Buffer.alloc(4096, 0xcc)]));
  // The extra resource a Windows pack carries (electron-builder.yml win.extraResources).
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  await writeFile(path.join(dir, 'resources', 'doctor-watchdog.exe'), 'MZ');
  return file;
}

/** What electron-builder passes for a Windows x64 pack whose executable is python-dll-doctor.exe. */
function contextFor(binary: string): AfterPackContextLike {
  return { electronPlatformName: 'win32', arch: 1, appOutDir: path.dirname(binary), packager: { appInfo: { productFilename: path.basename(binary, '.exe') } } };
}

const on = FuseState.ENABLE;
const off = FuseState.DISABLE;

describe('the afterPack hook', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor-fuses-'));
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  it('closes RunAsNode, NODE_OPTIONS and --inspect and turns on asar-only loading and integrity in a release build', async () => {
    vi.stubEnv('DOCTOR_TEST_BUILD', undefined);
    const binary = await fakeElectronBinary(dir, ELECTRON_45_FUSE_COUNT);

    await afterPack(contextFor(binary));

    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe(off);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(on);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(off);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(off);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(on);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(on);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(off);
  });

  it('keeps only the --inspect arguments open in a test build (Playwright needs them)', async () => {
    vi.stubEnv('DOCTOR_TEST_BUILD', '1');
    const binary = await fakeElectronBinary(dir, ELECTRON_45_FUSE_COUNT);

    await afterPack(contextFor(binary));

    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(on);
    expect(wire[FuseV1Options.RunAsNode]).toBe(off);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(off);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(on);
  });

  it('fails the build when the Electron binary has a fuse nobody decided on', async () => {
    vi.stubEnv('DOCTOR_TEST_BUILD', undefined);
    const binary = await fakeElectronBinary(dir, ELECTRON_45_FUSE_COUNT + 1);

    await expect(afterPack(contextFor(binary))).rejects.toThrow(/strictlyRequireAllFuses/);
  });

  it('fails a Windows build that lacks the native watchdog, before touching the binary', async () => {
    vi.stubEnv('DOCTOR_TEST_BUILD', undefined);
    const binary = await fakeElectronBinary(dir, ELECTRON_45_FUSE_COUNT);
    await rm(path.join(dir, 'resources', 'doctor-watchdog.exe'));

    await expect(afterPack(contextFor(binary))).rejects.toThrow(/doctor-watchdog\.exe is missing: build it with mingw-w64/);
    expect((await getCurrentFuseWire(binary))[FuseV1Options.RunAsNode]).toBe(on);
  });
});

describe('electronBinaryPath', () => {
  it('names the binary the way electron-builder names it on each platform', () => {
    const packager = { appInfo: { productFilename: 'python-dll-doctor' }, executableName: 'python-dll-doctor' };

    expect(electronBinaryPath({ electronPlatformName: 'win32', arch: 1, appOutDir: 'out', packager })).toBe(path.join('out', 'python-dll-doctor.exe'));
    expect(electronBinaryPath({ electronPlatformName: 'linux', arch: 1, appOutDir: 'out', packager })).toBe(path.join('out', 'python-dll-doctor'));
    expect(() => electronBinaryPath({ electronPlatformName: 'aix', arch: 1, appOutDir: 'out', packager })).toThrow(/No Electron binary/);
  });
});

describe('fuseConfig', () => {
  it('writes every fuse @electron/fuses knows, so none is left to Electron’s default', () => {
    const config = fuseConfig({ testBuild: false }) as unknown as Record<number, boolean | undefined>;
    const fuseIndexes = Object.values(FuseV1Options).filter((v): v is number => typeof v === 'number');

    for (const index of fuseIndexes) expect(typeof config[index], `fuse ${FuseV1Options[index]}`).toBe('boolean');
  });
});

describe('isTestBuild', () => {
  it('reads DOCTOR_TEST_BUILD=1 as a test build and unset or 0 as a release build', () => {
    expect(isTestBuild({ DOCTOR_TEST_BUILD: '1' })).toBe(true);
    expect(isTestBuild({})).toBe(false);
    expect(isTestBuild({ DOCTOR_TEST_BUILD: '0' })).toBe(false);
  });

  it('refuses any other value instead of guessing', () => {
    expect(() => isTestBuild({ DOCTOR_TEST_BUILD: 'yes' })).toThrow(/must be 1 \(test build\), or 0 or unset/);
  });
});
