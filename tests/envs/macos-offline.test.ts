import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHealth } from '../../app/envs/health';
import { describeOffline } from '../../app/envs/offline';
import { makeTempDir } from '../support/venv';
import { canLinkMachO, darwinNodeModules, installWheel, macExecutable } from './mac-binaries';

const real = darwinNodeModules();
describe.skipIf(!real)('offline description of macOS environments copied to this machine (real darwin builds from npm)', () => {
  let root: string;
  let arm: Buffer;
  let x64: Buffer;
  let universal: Buffer;
  beforeAll(async () => {
    root = await makeTempDir('macos-offline');
    [arm, x64, universal] = await Promise.all([readFile(real!.arm64), readFile(real!.x86_64), readFile(real!.universal)]);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads an Apple silicon venv: version from pyvenv.cfg, architecture from the extension modules, darwin suffixes, no health issue', async () => {
    const venv = path.join(root, 'arm-venv');
    await mkdir(path.join(venv, 'bin'), { recursive: true });
    await writeFile(path.join(venv, 'pyvenv.cfg'), 'home = /opt/homebrew/opt/python@3.12/bin\ninclude-system-site-packages = false\nversion = 3.12.7\n');
    const site = path.join(venv, 'lib', 'python3.12', 'site-packages');
    await installWheel(site, 'pillow', '11.0.0', 'cp312-cp312-macosx_11_0_arm64', { 'PIL/__init__.py': '', 'PIL/_imaging.cpython-312-darwin.so': arm });
    await installWheel(site, 'numpy', '2.1.3', 'cp312-cp312-macosx_14_0_arm64', { 'numpy/_core/_multiarray_umath.cpython-312-darwin.so': arm });
    const d = await describeOffline(venv);
    expect(d.status).toBe('offline');
    expect(d.kind).toBe('venv');
    expect(d.message).toContain('a macOS environment layout');
    expect(d.basePrefix).toBe('/opt/homebrew/opt/python@3.12');
    expect(d.python).toMatchObject({ version: '3.12.7', platform: 'darwin', architecture: 'arm64', platformTags: ['macosx_11_0_arm64'] });
    expect(d.evidence.some((e) => /^architecture arm64: Mach-O header of the extension module .*\.cpython-312-darwin\.so \((pillow|numpy)\)$/.test(e))).toBe(true);
    const pillow = d.distributions.find((x) => x.normalizedName === 'pillow');
    expect(pillow?.extensionModules).toEqual(['PIL/_imaging.cpython-312-darwin.so']);
    // numpy's macosx_14_0 wheel: the Mac's own version is unknown offline, so it is not called too new.
    expect((await checkHealth(d)).issues.filter((i) => i.check === 'incompatible-wheel')).toEqual([]);
  });

  it('flags an x86_64 wheel in an arm64 Homebrew Python (pyautogui#726 / custom-install#70: "have x86_64, need arm64")', async () => {
    // https://github.com/ihaveamac/custom-install/issues/70: Pillow's _imaging built x86_64 under an arm64 Python.
    const prefix = path.join(root, 'homebrew-keg');
    await mkdir(path.join(prefix, 'lib'), { recursive: true });
    await writeFile(path.join(prefix, 'lib', 'libpython3.10.dylib'), arm);
    const site = path.join(prefix, 'lib', 'python3.10', 'site-packages');
    await installWheel(site, 'pillow', '9.2.0', 'cp310-cp310-macosx_10_10_x86_64', { 'PIL/_imaging.cpython-310-darwin.so': x64 });
    const d = await describeOffline(prefix);
    expect(d.python).toMatchObject({ version: '3.10', platform: 'darwin', architecture: 'arm64' });
    expect(d.evidence).toContain('architecture arm64: Mach-O header of lib/libpython3.10.dylib');
    expect(d.evidence).toContain('shared library: lib/libpython3.10.dylib');
    const issues = (await checkHealth(d)).issues.filter((i) => i.check === 'incompatible-wheel');
    expect(issues.map((i) => i.package)).toEqual(['pillow']);
    expect(issues[0]!.message).toContain('macosx_10_10_x86_64');
  });

  it('takes the slice of a universal framework interpreter from its thin extension modules, and says when they disagree', async () => {
    const framework = path.join(root, 'Python.framework', 'Versions', '3.10');
    await mkdir(path.join(framework, 'bin'), { recursive: true });
    await writeFile(path.join(framework, 'Python'), universal);
    const site = path.join(framework, 'lib', 'python3.10', 'site-packages');
    await installWheel(site, 'pillow', '9.2.0', 'cp310-cp310-macosx_11_0_arm64', { 'PIL/_imaging.cpython-310-darwin.so': arm });
    const one = await describeOffline(framework);
    expect(one.evidence).toContain('Python is universal (x86_64, arm64): it runs the slice of the Mac it is started on');
    expect(one.python?.architecture).toBe('arm64');
    expect(one.evidence.some((e) => e.endsWith('the slice of the universal interpreter it needs'))).toBe(true);
    await installWheel(site, 'pyobjc-core', '10.3', 'cp310-cp310-macosx_10_9_x86_64', { 'objc/_objc.cpython-310-darwin.so': x64 });
    const mixed = await describeOffline(framework);
    expect(mixed.python?.architecture).toBe('unknown');
    expect(mixed.evidence.some((e) => /^architecture unknown: extension modules are built for different architectures \(arm64: .*; x86_64: .*\)$/.test(e))).toBe(true);
  });

  it.skipIf(!canLinkMachO)('reads the architecture of a generated x86_64 interpreter and leaves a Linux prefix a Linux one', async () => {
    const prefix = path.join(root, 'intel-pyenv');
    await mkdir(path.join(prefix, 'bin'), { recursive: true });
    await writeFile(path.join(prefix, 'bin', 'python3'), await macExecutable('x86_64'), { mode: 0o755 });
    await mkdir(path.join(prefix, 'lib', 'python3.11', 'site-packages'), { recursive: true });
    const d = await describeOffline(prefix);
    expect(d.python).toMatchObject({ platform: 'darwin', architecture: 'x86_64', extensionSuffixes: ['.cpython-311-darwin.so', '.abi3.so', '.so'] });
    expect(d.evidence).toContain('architecture x86_64: Mach-O header of bin/python3');

    const linux = path.join(root, 'linux-prefix');
    await mkdir(path.join(linux, 'lib', 'python3.11', 'site-packages'), { recursive: true });
    await installWheel(path.join(linux, 'lib', 'python3.11', 'site-packages'), 'six', '1.16.0', 'py2.py3-none-any', { 'six.py': '' });
    const l = await describeOffline(linux);
    expect(l.python?.platform).toBe('linux');
    expect(l.message).toContain('a POSIX environment layout');
  });
});
