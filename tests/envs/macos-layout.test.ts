import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { architectureFromMacWheels, darwinOfflineFacts, machoSlices, macInstallerOf, macLibPython } from '../../app/envs/macos-layout';
import type { Distribution } from '../../app/envs/types';
import { canLinkMachO, darwinNodeModules, macExecutable } from './mac-binaries';

const real = darwinNodeModules();

function dist(name: string, tag: string): Distribution {
  return { name, normalizedName: name, version: '1.0', installer: 'pip', location: '/x', metadataPath: '/x/m', format: 'dist-info', requiresDist: [], requiresPython: null, wheelTags: [tag], extensionModules: [], bundledLibraries: [], recordEntries: 0 };
}

describe('Mach-O header slices', () => {
  it.skipIf(!real)('reads thin arm64, thin x86_64 and universal npm builds as llvm-objdump --universal-headers does', async () => {
    expect(machoSlices(await readFile(real!.arm64))).toEqual(['arm64']);
    expect(machoSlices(await readFile(real!.x86_64))).toEqual(['x86_64']);
    // llvm-objdump-19 --macho --universal-headers fsevents.node: x86_64 at 16384, arm64 at 98304.
    expect(machoSlices(await readFile(real!.universal))).toEqual(['x86_64', 'arm64']);
  });

  it.skipIf(!canLinkMachO)('reads executables linked here and a lipo-made universal one (x86_64 subtype with the LIB64 flag)', async () => {
    expect(machoSlices(await macExecutable('arm64'))).toEqual(['arm64']);
    expect(machoSlices(await macExecutable('x86_64'))).toEqual(['x86_64']);
    // llvm-lipo writes x86_64 first whatever the order given, as the header bytes show.
    expect(machoSlices(await macExecutable('universal'))).toEqual(['x86_64', 'arm64']);
  });

  it('reads FAT_MAGIC_64 slice tables and arm64e', () => {
    const b = Buffer.alloc(8 + 2 * 32);
    b.writeUInt32BE(0xcafebabf, 0);
    b.writeUInt32BE(2, 4);
    b.writeUInt32BE(0x0100000c, 8);
    b.writeUInt32BE(2, 12);
    b.writeUInt32BE(0x01000007, 40);
    b.writeUInt32BE(3, 44);
    expect(machoSlices(b)).toEqual(['arm64e', 'x86_64']);
  });

  it('gives null for ELF, PE, a Java class file and truncated headers', () => {
    expect(machoSlices(Buffer.from('7f454c46020101000000000000000000', 'hex'))).toBeNull();
    expect(machoSlices(Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'))).toBeNull();
    // A Java 8 class file: cafebabe, minor 0, major 52.
    expect(machoSlices(Buffer.from('cafebabe00000034000000000000000000000000', 'hex'))).toBeNull();
    expect(machoSlices(Buffer.from('cafebabe00000002', 'hex'))).toBeNull();
    expect(machoSlices(Buffer.from('cffaedfe0c', 'hex'))).toBeNull();
  });
});

describe('macOS installers and their shared library', () => {
  it('names the installer from the prefix and leaves Linux-like folders alone', () => {
    expect(macInstallerOf('/Library/Frameworks/Python.framework/Versions/3.12')).toBe('python.org');
    expect(macInstallerOf('/opt/homebrew/Cellar/python@3.12/3.12.7_1/Frameworks/Python.framework/Versions/3.12')).toBe('homebrew');
    expect(macInstallerOf('/usr/local/Cellar/python@3.11/3.11.9/Frameworks/Python.framework/Versions/3.11')).toBe('homebrew');
    expect(macInstallerOf('/Library/Developer/CommandLineTools/Library/Frameworks/Python3.framework/Versions/3.9')).toBe('command-line-tools');
    expect(macInstallerOf('/Applications/Xcode.app/Contents/Developer/Library/Frameworks/Python3.framework/Versions/3.9')).toBe('xcode');
    expect(macInstallerOf('/home/me/.pyenv/versions/3.12.7')).toBeNull();
    expect(macInstallerOf('/usr/local')).toBeNull();
  });

  it('finds the framework library before lib/libpython3.X.dylib', () => {
    expect(macLibPython(['Python', 'bin', 'lib'], ['libpython3.12.dylib'])).toBe('Python');
    expect(macLibPython(['Python3', 'bin', 'lib'], [])).toBe('Python3');
    expect(macLibPython(['bin', 'lib'], ['libpython3.13t.dylib', 'python3.13t'])).toBe('lib/libpython3.13t.dylib');
    expect(macLibPython(['bin', 'lib'], ['libpython3.12.so.1.0'])).toBeNull();
  });
});

describe('macOS facts read offline', () => {
  it('takes the architecture from thin macOS wheels only when they agree', () => {
    expect(architectureFromMacWheels([dist('pillow', 'cp312-cp312-macosx_11_0_arm64'), dist('numpy', 'cp312-cp312-macosx_14_0_arm64')])?.arch).toBe('arm64');
    expect(architectureFromMacWheels([dist('pillow', 'cp312-cp312-macosx_10_13_x86_64'), dist('numpy', 'cp312-cp312-macosx_14_0_arm64')])).toBeNull();
    expect(architectureFromMacWheels([dist('pillow', 'cp312-cp312-macosx_10_13_universal2'), dist('six', 'py2.py3-none-any')])).toBeNull();
  });

  it('gives CPython-on-macOS suffixes and markers, and both architectures when the slice is unknown', () => {
    const arm = darwinOfflineFacts('3.12.7', 'arm64');
    expect(arm.extensionSuffixes).toEqual(['.cpython-312-darwin.so', '.abi3.so', '.so']);
    expect(arm.platformTags).toEqual(['macosx_11_0_arm64']);
    expect(arm.markers.sys_platform).toBe('darwin');
    expect(darwinOfflineFacts('3.7.9', 'x86_64').extensionSuffixes[0]).toBe('.cpython-37m-darwin.so');
    expect(darwinOfflineFacts('3.12.7', null).platformTags).toEqual(['macosx_11_0_arm64', 'macosx_10_9_x86_64']);
  });
});
