import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeDyldFs } from '../../app/binary/dyld-fs';
import { compareDyldVersions, simulateDyldLoad, triedText } from '../../app/binary/dyld-loader';
import type { DyldFinding, DyldFs, DyldLoadContext, DyldSimulation } from '../../app/binary/dyld-types';
import { fixtureLib } from './support/fixtures';
import { buildMachO, lipo } from './support/ld64';
import { memoryDyldFs, type ModuleSpec } from './support/macho-modules';

function ofKind<K extends DyldFinding['kind']>(sim: DyldSimulation, kind: K): Extract<DyldFinding, { kind: K }>[] {
  return sim.findings.filter((f): f is Extract<DyldFinding, { kind: K }> => f.kind === kind);
}

const SYSTEM = '/usr/lib/libSystem.B.dylib';

function run(extension: string, files: Record<string, ModuleSpec>, context: Partial<DyldLoadContext> & Pick<DyldLoadContext, 'executablePath'>): Promise<DyldSimulation> {
  return simulateDyldLoad(extension, { cpu: 'arm64', hostMacos: '14.5', ...context }, memoryDyldFs(files));
}

/**
 * Each case rebuilds the files of a public report as an offline folder and checks the simulated
 * `tried:` list against the one dyld printed there. Where the report does not show an image's
 * LC_RPATHs, the test states the ones it gives it: the order of the search is what is checked.
 */
describe('simulateDyldLoad: tried lists of real dyld messages', () => {
  it('an absolute Homebrew install name that is gone: the path, its cryptex twin, the path, then the fallbacks (mlverse/libtorch-mac-m1#4)', async () => {
    // https://github.com/mlverse/libtorch-mac-m1/issues/4 (macOS 13+)
    const lib = '/Users/u/libtorch/lib/libtorch_cpu.dylib';
    const sim = await run('/Users/u/ext.so', {
      '/Users/u/ext.so': { filetype: 'bundle', dylibs: [`@rpath/libtorch_cpu.dylib`, SYSTEM], rpaths: ['/Users/u/libtorch/lib'] },
      [lib]: { id: '@rpath/libtorch_cpu.dylib', dylibs: ['/opt/homebrew/opt/libomp/lib/libomp.dylib', SYSTEM] },
    }, { executablePath: '/usr/local/bin/python3' });
    const [missing] = ofKind(sim, 'dyld-library-not-loaded');
    expect(missing?.installName).toBe('/opt/homebrew/opt/libomp/lib/libomp.dylib');
    expect(missing?.referencedFrom).toBe(lib);
    expect(triedText(missing?.tried ?? [])).toBe(
      "'/opt/homebrew/opt/libomp/lib/libomp.dylib' (no such file), '/System/Volumes/Preboot/Cryptexes/OS/opt/homebrew/opt/libomp/lib/libomp.dylib' (no such file), '/opt/homebrew/opt/libomp/lib/libomp.dylib' (no such file), '/usr/local/lib/libomp.dylib' (no such file), '/usr/lib/libomp.dylib' (no such file, not in dyld cache)",
    );
    expect(missing?.message).toContain('Library not loaded: /opt/homebrew/opt/libomp/lib/libomp.dylib\n  Referenced from: /Users/u/libtorch/lib/libtorch_cpu.dylib\n  Reason: tried:');
  });

  it('the same for a Homebrew formula upgraded under its user, up to where dyld retries the real path (Homebrew/homebrew-core#150336)', async () => {
    // https://github.com/Homebrew/homebrew-core/issues/150336: librist linked mbedtls' libmbedcrypto.14 by absolute path.
    const from = '/opt/homebrew/Cellar/librist/0.2.7_3/lib/librist.4.dylib';
    const sim = await run('/opt/homebrew/lib/python3.12/site-packages/rist/_rist.cpython-312-darwin.so', {
      '/opt/homebrew/lib/python3.12/site-packages/rist/_rist.cpython-312-darwin.so': { filetype: 'bundle', dylibs: ['/opt/homebrew/opt/librist/lib/librist.4.dylib'] },
      '/opt/homebrew/opt/librist/lib/librist.4.dylib': { id: from, dylibs: ['/opt/homebrew/opt/mbedtls/lib/libmbedcrypto.14.dylib'] },
    }, { executablePath: '/opt/homebrew/bin/python3.12' });
    const [missing] = ofKind(sim, 'dyld-library-not-loaded');
    expect(triedText(missing?.tried ?? [])).toBe(
      "'/opt/homebrew/opt/mbedtls/lib/libmbedcrypto.14.dylib' (no such file), '/System/Volumes/Preboot/Cryptexes/OS/opt/homebrew/opt/mbedtls/lib/libmbedcrypto.14.dylib' (no such file), '/opt/homebrew/opt/mbedtls/lib/libmbedcrypto.14.dylib' (no such file), '/usr/local/lib/libmbedcrypto.14.dylib' (no such file), '/usr/lib/libmbedcrypto.14.dylib' (no such file, not in dyld cache)",
    );
  });

  it('@rpath through the LC_RPATHs of the image, the images above it, the dlopen caller and the executable, repeats kept (pytorch#72172, macOS 12)', async () => {
    // https://github.com/pytorch/pytorch/issues/72172: conda's python is linked statically, so it is
    // both the dlopen caller and the executable; libtorch_python's second LC_RPATH is the CI machine's.
    const sp = '/Users/user/opt/anaconda3/lib/python3.8/site-packages';
    const sim = await run(`${sp}/torch/_C.cpython-38-darwin.so`, {
      [`${sp}/torch/_C.cpython-38-darwin.so`]: { filetype: 'bundle', dylibs: ['@rpath/libtorch_python.dylib'], rpaths: ['@loader_path/lib', '@loader_path/lib'] },
      [`${sp}/torch/lib/libtorch_python.dylib`]: { id: '@rpath/libtorch_python.dylib', dylibs: ['@rpath/libtorch_cpu.dylib'], rpaths: ['@loader_path', '/Users/distiller/project/miniconda/envs/wheel_py38/lib'] },
      '/Users/user/opt/anaconda3/bin/python': { filetype: 'execute', rpaths: ['/Users/user/opt/anaconda3/lib', '@loader_path/../lib'], exports: ['_Py_Initialize'] },
    }, { executablePath: '/Users/user/opt/anaconda3/bin/python', hostMacos: '12.1' });
    const [missing] = ofKind(sim, 'dyld-library-not-loaded');
    expect(missing?.referencedFrom).toBe(`${sp}/torch/lib/libtorch_python.dylib`);
    expect(missing?.tried.map((t) => t.path)).toEqual([
      `${sp}/torch/lib/libtorch_cpu.dylib`,
      '/Users/distiller/project/miniconda/envs/wheel_py38/lib/libtorch_cpu.dylib',
      `${sp}/torch/lib/libtorch_cpu.dylib`,
      `${sp}/torch/lib/libtorch_cpu.dylib`,
      '/Users/user/opt/anaconda3/lib/libtorch_cpu.dylib',
      '/Users/user/opt/anaconda3/bin/../lib/libtorch_cpu.dylib',
      '/Users/user/opt/anaconda3/lib/libtorch_cpu.dylib',
      '/Users/user/opt/anaconda3/bin/../lib/libtorch_cpu.dylib',
      '/usr/local/lib/libtorch_cpu.dylib',
      '/usr/lib/libtorch_cpu.dylib',
    ]);
    // macOS 12 prints no cryptex paths and no "not in dyld cache".
    expect(missing?.tried.every((t) => t.why === 'no such file')).toBe(true);
  });

  it('each rpath candidate three times on macOS 13+ (xmake-io/xmake-repo#7184, macOS 15)', async () => {
    // https://github.com/xmake-io/xmake-repo/issues/7184 (the message is cut after the third entry there).
    const lib = '/Users/xxx/.xmake/packages/l/libtorch/v2.5.0/af01607121fe4031ac84c00277db49e7/lib';
    const sim = await run('/Users/xxx/ext.so', {
      '/Users/xxx/ext.so': { filetype: 'bundle', dylibs: ['@rpath/libomp.dylib'], rpaths: [lib] },
    }, { executablePath: '/usr/local/bin/python3', hostMacos: '15.0' });
    const [missing] = ofKind(sim, 'dyld-library-not-loaded');
    expect(triedText(missing?.tried ?? []).startsWith(
      `'${lib}/libomp.dylib' (no such file), '/System/Volumes/Preboot/Cryptexes/OS${lib}/libomp.dylib' (no such file), '${lib}/libomp.dylib' (no such file)`,
    )).toBe(true);
  });

  it('an extension for the other CPU: no fallback past a file that exists on macOS 13+ (SoloX#275, psutil)', async () => {
    // https://github.com/smart-test-ti/SoloX/issues/275
    const so = '/Library/Frameworks/Python.framework/Versions/3.12/lib/python3.12/site-packages/psutil/_psutil_osx.abi3.so';
    const sim = await run(so, { [so]: { cpu: 'x86_64', filetype: 'bundle' } }, { executablePath: '/Library/Frameworks/Python.framework/Versions/3.12/bin/python3.12' });
    const [arch] = ofKind(sim, 'dyld-incompatible-architecture');
    expect(arch?.have).toEqual(['x86_64']);
    expect(arch?.referencedFrom).toBeNull();
    expect(arch?.message).toBe(
      `dlopen(${so}, 0x0002): tried: '${so}' (mach-o file, but is an incompatible architecture (have 'x86_64', need 'arm64')), '/System/Volumes/Preboot/Cryptexes/OS${so}' (no such file), '${so}' (mach-o file, but is an incompatible architecture (have 'x86_64', need 'arm64'))`,
    );
  });

  it('the same on macOS 12 goes on to the fallbacks (AirtestIDE#1119, opencv under Rosetta)', async () => {
    // https://github.com/AirtestProject/AirtestIDE/issues/1119: an x86_64 Python loading an arm64 cv2.
    const so = '/Library/Python/3.8/site-packages/cv2/cv2.abi3.so';
    const sim = await run(so, { [so]: { cpu: 'arm64', filetype: 'bundle' } }, { executablePath: '/usr/bin/python3', cpu: 'x86_64', hostMacos: '12.3' });
    expect(ofKind(sim, 'dyld-incompatible-architecture')[0]?.message).toBe(
      `dlopen(${so}, 0x0002): tried: '${so}' (mach-o file, but is an incompatible architecture (have 'arm64', need 'x86_64')), '/usr/local/lib/cv2.abi3.so' (no such file), '/usr/lib/cv2.abi3.so' (no such file)`,
    );
  });

  it('an arm64e process takes arm64 or arm64e and says so (wbond/oscrypto#84)', async () => {
    // https://github.com/wbond/oscrypto/pull/84: the system Python (arm64e) and an x86_64 Homebrew libcrypto.
    const lib = '/usr/local/lib/libcrypto.dylib';
    const sim = await run(lib, { [lib]: { cpu: 'x86_64' } }, { executablePath: '/usr/bin/python3', cpu: 'arm64e' });
    expect(triedText(ofKind(sim, 'dyld-incompatible-architecture')[0]?.tried ?? [])).toBe(
      `'${lib}' (mach-o file, but is an incompatible architecture (have 'x86_64', need 'arm64e' or 'arm64')), '/System/Volumes/Preboot/Cryptexes/OS${lib}' (no such file), '${lib}' (mach-o file, but is an incompatible architecture (have 'x86_64', need 'arm64e' or 'arm64'))`,
    );
  });

  it('@rpath with no LC_RPATH anywhere in the chain: "no LC_RPATH\'s found" (llvm-project#128870)', async () => {
    // https://github.com/llvm/llvm-project/issues/128870
    const sim = await run('/w/ext.so', { '/w/ext.so': { filetype: 'bundle', dylibs: ['@rpath/libomp.dylib', SYSTEM] } }, { executablePath: '/w/python' });
    const [missing] = ofKind(sim, 'dyld-library-not-loaded');
    expect(missing?.noRpaths).toBe(true);
    expect(missing?.tried).toEqual([]);
    expect(missing?.message).toBe("Library not loaded: @rpath/libomp.dylib\n  Referenced from: /w/ext.so\n  Reason: no LC_RPATH's found");
  });
});

describe('simulateDyldLoad: resolution', () => {
  const py = '/opt/py/bin/python3';
  const python = { filetype: 'execute' as const, rpaths: ['@executable_path/../lib'], exports: ['_PyLong_FromLong', '_Py_Initialize'] };

  it('loads a healthy tree: @loader_path, @rpath, the shared cache, and reports nothing', async () => {
    const sim = await run('/e/pkg/_ext.so', {
      [py]: python,
      '/e/pkg/_ext.so': { filetype: 'bundle', dylibs: ['@rpath/libfoo.1.dylib', '@loader_path/.dylibs/libbar.dylib', SYSTEM], rpaths: ['@loader_path/.dylibs'], imports: [['_foo', 1], ['_bar', 2], ['_malloc', 3], '_PyLong_FromLong'] },
      '/e/pkg/.dylibs/libfoo.1.dylib': { id: '@rpath/libfoo.1.dylib', exports: ['_foo'], dylibs: [SYSTEM] },
      '/e/pkg/.dylibs/libbar.dylib': { id: '/e/pkg/.dylibs/libbar.dylib', exports: ['_bar'] },
    }, { executablePath: py });
    expect(sim.findings).toEqual([]);
    expect(sim.images.map((i) => [i.path, i.foundBy])).toEqual([
      [py, 'executable'],
      ['/e/pkg/_ext.so', 'root'],
      ['/e/pkg/.dylibs/libfoo.1.dylib', 'rpath'],
      ['/e/pkg/.dylibs/libbar.dylib', 'loader-path'],
      [SYSTEM, 'shared-cache'],
    ]);
  });

  it('DYLD_LIBRARY_PATH is searched first, by leaf name', async () => {
    const sim = await run('/e/_ext.so', {
      '/e/_ext.so': { filetype: 'bundle', dylibs: ['/opt/lib/libz.1.dylib'] },
      '/opt/lib/libz.1.dylib': { id: '/opt/lib/libz.1.dylib' },
      '/override/libz.1.dylib': { id: '/override/libz.1.dylib' },
    }, { executablePath: py, env: { DYLD_LIBRARY_PATH: '/override' } });
    expect(sim.images.find((i) => i.loadedAs === '/opt/lib/libz.1.dylib')).toMatchObject({ path: '/override/libz.1.dylib', foundBy: 'dyld-library-path' });
  });

  it('DYLD_FALLBACK_LIBRARY_PATH replaces the default fallbacks', async () => {
    const sim = await run('/e/_ext.so', {
      '/e/_ext.so': { filetype: 'bundle', dylibs: ['/gone/libq.dylib'] },
      '/fb/libq.dylib': { id: '/fb/libq.dylib' },
    }, { executablePath: py, env: { DYLD_FALLBACK_LIBRARY_PATH: '/fb' } });
    expect(sim.findings).toEqual([]);
    expect(sim.images.at(-1)).toMatchObject({ path: '/fb/libq.dylib', foundBy: 'fallback' });
  });

  it('before macOS 12 the fallbacks include $HOME/lib and /lib, and @rpath names do not fall back', async () => {
    const files = { '/e/_ext.so': { filetype: 'bundle' as const, dylibs: ['/gone/libq.dylib', '@rpath/libr.dylib'], rpaths: ['/r'] } };
    const sim = await run('/e/_ext.so', files, { executablePath: py, hostMacos: '10.15', env: { HOME: '/Users/me' } });
    const [abs, rpath] = ofKind(sim, 'dyld-library-not-loaded');
    expect(abs?.tried.map((t) => t.path)).toEqual(['/gone/libq.dylib', '/Users/me/lib/libq.dylib', '/usr/local/lib/libq.dylib', '/lib/libq.dylib', '/usr/lib/libq.dylib']);
    expect(rpath?.tried.map((t) => t.path)).toEqual(['/r/libr.dylib']);
  });

  it('a missing weak dylib is fine', async () => {
    const sim = await run('/e/_ext.so', { '/e/_ext.so': { filetype: 'bundle', dylibs: [{ name: '/opt/x/libopt.dylib', kind: 'weak' }] } }, { executablePath: py });
    expect(sim.findings.every((f) => f.severity === 'info')).toBe(true);
    expect(ofKind(sim, 'dyld-library-not-loaded')[0]?.weak).toBe(true);
  });

  it('a libc++ named by @rpath that the package does not ship still loads from the shared cache through the fallback', async () => {
    const sim = await run('/e/_ext.so', { '/e/_ext.so': { filetype: 'bundle', dylibs: ['@rpath/libc++.1.dylib'], rpaths: ['@loader_path'] } }, { executablePath: py });
    expect(sim.findings).toEqual([]);
    expect(sim.images.at(-1)).toMatchObject({ path: '/usr/lib/libc++.1.dylib', foundBy: 'shared-cache' });
  });

  it('a live Mac\'s answer about the shared cache wins over the offline assumption', async () => {
    const sim = await run('/e/_ext.so', { '/e/_ext.so': { filetype: 'bundle', dylibs: ['/usr/lib/libgone.dylib'] } }, { executablePath: py, inSharedCache: () => false });
    expect(ofKind(sim, 'dyld-library-not-loaded')[0]?.tried.at(-1)).toEqual({ path: '/usr/lib/libgone.dylib', outcome: 'not-in-dyld-cache', why: 'no such file, not in dyld cache' });
  });

  it('a dependency found only for the other CPU names the file and both architectures', async () => {
    const sim = await run('/e/_ext.so', {
      '/e/_ext.so': { filetype: 'bundle', dylibs: ['@rpath/libomp.dylib'], rpaths: ['/opt/homebrew/opt/libomp/lib'] },
      '/opt/homebrew/opt/libomp/lib/libomp.dylib': { cpu: 'x86_64', id: '@rpath/libomp.dylib' },
    }, { executablePath: py });
    const [arch] = ofKind(sim, 'dyld-incompatible-architecture');
    expect(arch).toMatchObject({ file: '/opt/homebrew/opt/libomp/lib/libomp.dylib', have: ['x86_64'], need: ['arm64'], referencedFrom: '/e/_ext.so' });
    expect(ofKind(sim, 'dyld-library-not-loaded')).toHaveLength(1);
  });

  it('a universal file loads its slice for the process', async () => {
    const sim = await run('/e/_ext.so', { '/e/_ext.so': { cpu: 'x86_64', alsoCpus: ['arm64'], filetype: 'bundle' } }, { executablePath: py });
    expect(sim.findings).toEqual([]);
    expect(sim.images.at(-1)?.cpu).toBe('arm64');
  });
});

describe('simulateDyldLoad: symbols, versions and minimum macOS', () => {
  const py = '/opt/py/bin/python3';

  it('a two-level symbol missing from the library its ordinal names: Symbol not found, Expected in that library', async () => {
    const sim = await run('/e/_ext.so', {
      '/e/_ext.so': { filetype: 'bundle', dylibs: ['@loader_path/libpng16.16.dylib'], imports: [['_png_set_eXIf_1', 1], ['_png_create_read_struct', 1]] },
      '/e/libpng16.16.dylib': { id: '@rpath/libpng16.16.dylib', exports: ['_png_create_read_struct'] },
    }, { executablePath: py });
    expect(ofKind(sim, 'dyld-symbol-not-found')).toEqual([expect.objectContaining({
      symbol: '_png_set_eXIf_1', referencedFrom: '/e/_ext.so', expectedIn: '/e/libpng16.16.dylib',
      message: 'Symbol not found: _png_set_eXIf_1\n  Referenced from: /e/_ext.so\n  Expected in: /e/libpng16.16.dylib',
    })]);
  });

  it('a symbol re-exported (LC_REEXPORT_DYLIB) by the named library is found', async () => {
    const sim = await run('/e/_ext.so', {
      '/e/_ext.so': { filetype: 'bundle', dylibs: ['/e/libumbrella.dylib'], imports: [['_inner', 1]] },
      '/e/libumbrella.dylib': { id: '/e/libumbrella.dylib', dylibs: [{ name: '/e/libinner.dylib', kind: 'reexport' }] },
      '/e/libinner.dylib': { id: '/e/libinner.dylib', exports: ['_inner'] },
    }, { executablePath: py });
    expect(sim.findings).toEqual([]);
  });

  it('a weak import may be missing', async () => {
    const sim = await run('/e/_ext.so', {
      '/e/_ext.so': { filetype: 'bundle', dylibs: ['/e/liba.dylib'], imports: [['_newer_api', 1, 'weak']] },
      '/e/liba.dylib': { id: '/e/liba.dylib' },
    }, { executablePath: py });
    expect(sim.findings).toEqual([]);
  });

  it('Python\'s API looked up flat is found in the interpreter, and is not "missing" when the interpreter cannot be read', async () => {
    const ext = { '/e/_ext.so': { filetype: 'bundle' as const, imports: ['_PyLong_FromLong', '_PyUnicode_AsUTF8AndSize'] } };
    const unread = await run('/e/_ext.so', ext, { executablePath: py });
    expect(unread.findings).toEqual([]);
    const read = await run('/e/_ext.so', { ...ext, [py]: { filetype: 'execute', exports: ['_PyLong_FromLong'] } }, { executablePath: py });
    expect(ofKind(read, 'dyld-symbol-not-found')).toEqual([expect.objectContaining({ symbol: '_PyUnicode_AsUTF8AndSize', expectedIn: null, message: "symbol not found in flat namespace '_PyUnicode_AsUTF8AndSize'" })]);
  });

  it('without the interpreter\'s file, what interpreterExports says this Python lacks is missing from the flat namespace', async () => {
    const ext = { '/e/_ext.so': { filetype: 'bundle' as const, dylibs: [SYSTEM], imports: ['_PyImport_AddModuleRef', '_PyLong_FromLong', '_malloc'] } };
    const sim = await run('/e/_ext.so', ext, { executablePath: py, interpreterExports: (s) => (s.startsWith('_Py') ? s !== '_PyImport_AddModuleRef' : null) });
    expect(ofKind(sim, 'dyld-symbol-not-found').map((f) => [f.symbol, f.expectedIn])).toEqual([['_PyImport_AddModuleRef', null]]);
  });

  it('a flat lookup of a C library symbol is not called missing while a shared-cache library could hold it', async () => {
    const sim = await run('/e/_ext.so', { '/e/_ext.so': { filetype: 'bundle', dylibs: [SYSTEM], imports: ['_malloc'] }, [py]: { filetype: 'execute', dylibs: [SYSTEM] } }, { executablePath: py });
    expect(sim.findings).toEqual([]);
  });

  it('Python\'s API from a framework build: libpython loaded by the executable provides it', async () => {
    const fw = '/Library/Frameworks/Python.framework/Versions/3.12/Python';
    const sim = await run('/e/_ext.so', {
      '/e/_ext.so': { filetype: 'bundle', imports: ['_PyLong_FromLong'] },
      [py]: { filetype: 'execute', dylibs: [fw] },
      [fw]: { id: fw, exports: ['_PyLong_FromLong'] },
    }, { executablePath: py, dlopenCaller: fw });
    expect(sim.findings).toEqual([]);
  });

  it('the dlopen caller of a framework build is Python.framework: its LC_RPATHs come between the extension\'s and the executable\'s', async () => {
    const fw = '/Library/Frameworks/Python.framework/Versions/3.12/Python';
    const exe = '/Library/Frameworks/Python.framework/Versions/3.12/bin/python3.12';
    const sim = await run('/e/_ext.so', {
      '/e/_ext.so': { filetype: 'bundle', dylibs: ['@rpath/libgone.dylib'], rpaths: ['/e/a'] },
      [exe]: { filetype: 'execute', dylibs: [fw], rpaths: ['/exe/r'] },
      [fw]: { id: fw, rpaths: ['/fw/r'], exports: ['_Py_Initialize'] },
    }, { executablePath: exe, hostMacos: '12.6' });
    expect(ofKind(sim, 'dyld-library-not-loaded')[0]?.tried.map((t) => t.path)).toEqual(['/e/a/libgone.dylib', '/fw/r/libgone.dylib', '/exe/r/libgone.dylib', '/usr/local/lib/libgone.dylib', '/usr/lib/libgone.dylib']);
  });

  it('an image built for a newer macOS than the host is named with both versions', async () => {
    const sim = await run('/e/_ext.so', { '/e/_ext.so': { filetype: 'bundle', minMacos: '14.0' } }, { executablePath: py, hostMacos: '13.6' });
    expect(ofKind(sim, 'dyld-newer-macos')).toEqual([expect.objectContaining({ file: '/e/_ext.so', minimum: '14.0', host: '13.6' })]);
  });

  it('compatibility_version is enforced by dyld 3 for libraries built for macOS before 10.14, and no longer by dyld 4 (giordano/macos-compatibility-version)', async () => {
    // https://github.com/giordano/macos-compatibility-version: the same files fail on 11.6 and load on 12.4.
    const files: Record<string, ModuleSpec> = {
      '/w/ext.so': { cpu: 'x86_64', filetype: 'bundle', dylibs: [{ name: '@rpath/libfoo.dylib', compatibilityVersion: '2.0.0' }], rpaths: ['/w'], minMacos: '10.13' },
      '/w/libfoo.dylib': { cpu: 'x86_64', id: 'libfoo.dylib', compatibilityVersion: '1.0.0', minMacos: '10.13' },
    };
    const old = await run('/w/ext.so', files, { executablePath: py, cpu: 'x86_64', hostMacos: '11.6' });
    expect(ofKind(old, 'dyld-incompatible-version')).toEqual([expect.objectContaining({
      required: '2.0.0', provided: '1.0.0',
      message: 'Library not loaded: @rpath/libfoo.dylib\n  Referenced from: /w/ext.so\n  Reason: Incompatible library version: ext.so requires version 2.0.0 or later, but libfoo.dylib provides version 1.0.0',
    })]);
    const recentLib = await run('/w/ext.so', { ...files, '/w/libfoo.dylib': { ...files['/w/libfoo.dylib'], minMacos: '10.14' } }, { executablePath: py, cpu: 'x86_64', hostMacos: '11.6' });
    expect(ofKind(recentLib, 'dyld-incompatible-version')).toEqual([]);
    const dyld4 = await run('/w/ext.so', files, { executablePath: py, cpu: 'x86_64', hostMacos: '12.4' });
    expect(ofKind(dyld4, 'dyld-incompatible-version')).toEqual([]);
  });
});

describe('compareDyldVersions', () => {
  it('compares numerically, part by part', () => {
    expect(compareDyldVersions('10.14', '10.9')).toBeGreaterThan(0);
    expect(compareDyldVersions('11.0', '11')).toBe(0);
    expect(compareDyldVersions('13.6', '14.0')).toBeLessThan(0);
  });
});

/**
 * Files made here by clang-19 and ld64.lld-19, read by the Mach-O reader from disk: the same rules
 * on real load commands, chained fixups and export tries.
 */
describe('simulateDyldLoad on generated Mach-O files', () => {
  let dir = '';
  const ctx = (): DyldLoadContext => ({ executablePath: join(dir, 'bin', 'python3'), cpu: 'arm64', hostMacos: '14.5' });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dyld-'));
    for (const sub of ['bin', 'pkg', 'pkg/.dylibs', 'stale', 'x86', 'fat', 'inner', 'sdk']) await mkdir(join(dir, sub), { recursive: true });
    // A stand-in for the SDK's libSystem (every real image links it; dyld_stub_binder lives there): in the shared cache.
    const libSystem = await buildMachO(join(dir, 'sdk'), 'libSystem.B.dylib', 'void dyld_stub_binder(void){}', 'dylib', ['-install_name', '/usr/lib/libSystem.B.dylib']);
    await buildMachO(join(dir, 'bin'), 'python3', 'void* PyLong_FromLong(long v){return (void*)v;} int main(void){return 0;}', 'execute', ['-rpath', '@executable_path/../lib']);
    await buildMachO(join(dir, 'inner'), 'libinner.dylib', 'int inner(void){return 2;}', 'dylib', ['-install_name', '@loader_path/libinner.dylib']);
    await buildMachO(join(dir, 'pkg', '.dylibs'), 'libfoo.dylib', 'int foo(void){return 1;}', 'dylib', ['-install_name', '@rpath/libfoo.dylib', '-compatibility_version', '2.0', '-current_version', '2.5', '-reexport_library', join(dir, 'inner', 'libinner.dylib'), '-rpath', '@loader_path', libSystem]);
    await copyFile(join(dir, 'inner', 'libinner.dylib'), join(dir, 'pkg', '.dylibs', 'libinner.dylib'));
    await buildMachO(join(dir, 'stale'), 'libfoo.dylib', 'int bar(void){return 1;}', 'dylib', ['-install_name', '@rpath/libfoo.dylib']);
    await buildMachO(join(dir, 'x86'), 'libfoo.dylib', 'int foo(void){return 1;} int inner(void){return 2;}', 'dylib', ['-install_name', '@rpath/libfoo.dylib'], 'x86_64', '10.13');
    await buildMachO(join(dir, 'fat'), 'libfoo.arm64.dylib', 'int foo(void){return 1;} int inner(void){return 2;}', 'dylib', ['-install_name', '@rpath/libfoo.dylib']);
    await lipo(join(dir, 'fat', 'libfoo.dylib'), [join(dir, 'x86', 'libfoo.dylib'), join(dir, 'fat', 'libfoo.arm64.dylib')]);
    await buildMachO(join(dir, 'pkg'), 'optional.dylib', 'int opt(void){return 3;}', 'dylib', ['-install_name', '/opt/gone/liboptional.dylib']);
    const ext = 'extern int foo(void); extern int inner(void); extern void* PyLong_FromLong(long); void* f(void){return PyLong_FromLong(foo() + inner());}';
    await buildMachO(join(dir, 'pkg'), '_ext.so', ext, 'bundle', ['-undefined', 'dynamic_lookup', '-fixup_chains', '-rpath', '@loader_path/.dylibs', libSystem, join(dir, 'pkg', '.dylibs', 'libfoo.dylib'), '-weak_library', join(dir, 'pkg', 'optional.dylib')]);
    await rm(join(dir, 'pkg', 'optional.dylib'));
  });

  it('loads the healthy tree: @rpath, @loader_path, a re-exported symbol, a missing weak dylib, Python\'s API from the interpreter', async () => {
    const sim = await simulateDyldLoad(join(dir, 'pkg', '_ext.so'), ctx(), nodeDyldFs);
    expect(sim.findings.filter((f) => f.severity === 'problem')).toEqual([]);
    expect(sim.images.map((i) => i.foundBy)).toEqual(['executable', 'root', 'shared-cache', 'rpath', 'loader-path']);
    expect(ofKind(sim, 'dyld-library-not-loaded')).toEqual([expect.objectContaining({ installName: '/opt/gone/liboptional.dylib', weak: true, severity: 'info' })]);
  });

  it('names the library and every path tried when the package\'s copy is gone', async () => {
    const fs: DyldFs = { readMachO: (path, cpu) => (path.endsWith('.dylibs/libfoo.dylib') ? Promise.resolve(null) : nodeDyldFs.readMachO(path, cpu)) };
    const sim = await simulateDyldLoad(join(dir, 'pkg', '_ext.so'), ctx(), fs);
    const [missing] = ofKind(sim, 'dyld-library-not-loaded').filter((f) => !f.weak);
    const lib = `${join(dir, 'pkg')}/.dylibs/libfoo.dylib`;
    const exeLib = `${join(dir, 'bin')}/../lib/libfoo.dylib`;
    expect(missing?.tried.map((t) => t.path)).toEqual([
      lib, `/System/Volumes/Preboot/Cryptexes/OS${lib}`, lib,
      exeLib, `/System/Volumes/Preboot/Cryptexes/OS${exeLib}`, exeLib,
      exeLib, `/System/Volumes/Preboot/Cryptexes/OS${exeLib}`, exeLib,
      '/usr/local/lib/libfoo.dylib', '/usr/lib/libfoo.dylib',
    ]);
  });

  it('a library of the same install name lacking the symbol: Symbol not found, expected in it', async () => {
    const fs: DyldFs = { readMachO: (path, cpu) => nodeDyldFs.readMachO(path.replace(/pkg\/\.dylibs\/libfoo\.dylib$/, 'stale/libfoo.dylib'), cpu) };
    const sim = await simulateDyldLoad(join(dir, 'pkg', '_ext.so'), ctx(), fs);
    expect(ofKind(sim, 'dyld-symbol-not-found').map((f) => f.symbol).sort()).toEqual(['_foo', '_inner']);
  });

  it('an x86_64 library under an arm64 Python: incompatible architecture; a universal one loads its arm64 slice', async () => {
    const swap = (folder: string): DyldFs => ({ readMachO: (path, cpu) => nodeDyldFs.readMachO(path.replace(/pkg\/\.dylibs\/libfoo\.dylib$/, `${folder}/libfoo.dylib`), cpu) });
    const x86 = await simulateDyldLoad(join(dir, 'pkg', '_ext.so'), ctx(), swap('x86'));
    expect(ofKind(x86, 'dyld-incompatible-architecture')[0]).toMatchObject({ have: ['x86_64'], need: ['arm64'] });
    const fat = await simulateDyldLoad(join(dir, 'pkg', '_ext.so'), ctx(), swap('fat'));
    expect(fat.findings.filter((f) => f.severity === 'problem')).toEqual([]);
    expect(fat.images.find((i) => i.loadedAs === '@rpath/libfoo.dylib')?.cpu).toBe('arm64');
  });

  it('the extension\'s minimum macOS against an older host', async () => {
    const sim = await simulateDyldLoad(join(dir, 'pkg', '_ext.so'), { ...ctx(), hostMacos: '10.15' }, nodeDyldFs);
    expect(ofKind(sim, 'dyld-newer-macos').map((f) => f.minimum)).toContain('11.0');
  });
});

/**
 * The darwin builds of sharp on npm (fetched by scripts/fetch-fixtures.ts): sharp-darwin-arm64.node
 * names @rpath/libvips-cpp.8.17.3.dylib with six LC_RPATHs for the layouts npm, pnpm and yarn make.
 * Laid out as npm installs them, the real files load; without libvips every rpath is tried in order.
 */
describe('simulateDyldLoad on sharp\'s darwin binaries from npm', () => {
  const sharpLib = fixtureLib('@img/sharp-darwin-arm64', '0.34.5');
  const vipsLib = fixtureLib('@img/sharp-libvips-darwin-arm64', '1.2.4');
  const sharpX64 = fixtureLib('@img/sharp-darwin-x64', '0.34.5');
  const present = sharpLib !== null && vipsLib !== null && sharpX64 !== null;
  let root = '';
  const node = (): string => join(root, 'node_modules', '@img', 'sharp-darwin-arm64', 'lib', 'sharp-darwin-arm64.node');
  const ctx = (): DyldLoadContext => ({ executablePath: join(root, 'bin', 'node'), cpu: 'arm64', hostMacos: '15.1' });

  beforeAll(async () => {
    if (!present) return;
    root = await mkdtemp(join(tmpdir(), 'dyld-sharp-'));
    await mkdir(join(root, 'node_modules', '@img', 'sharp-darwin-arm64', 'lib'), { recursive: true });
    await mkdir(join(root, 'node_modules', '@img', 'sharp-libvips-darwin-arm64', 'lib'), { recursive: true });
    await copyFile(join(sharpLib, 'sharp-darwin-arm64.node'), node());
    await copyFile(join(vipsLib, 'libvips-cpp.8.17.3.dylib'), join(root, 'node_modules', '@img', 'sharp-libvips-darwin-arm64', 'lib', 'libvips-cpp.8.17.3.dylib'));
  });

  it.skipIf(!present)('loads libvips through the first LC_RPATH and finds every symbol sharp binds to it', async () => {
    const sim = await simulateDyldLoad(node(), ctx(), nodeDyldFs);
    expect(sim.findings.filter((f) => f.severity === 'problem')).toEqual([]);
    expect(sim.images.find((i) => i.loadedAs === '@rpath/libvips-cpp.8.17.3.dylib')).toMatchObject({
      path: `${join(root, 'node_modules', '@img', 'sharp-darwin-arm64', 'lib')}/../../sharp-libvips-darwin-arm64/lib/libvips-cpp.8.17.3.dylib`, foundBy: 'rpath', cpu: 'arm64',
    });
  });

  it.skipIf(!present)('a libvips without one of the 200 functions sharp binds to it: Symbol not found, expected in libvips', async () => {
    const sharp = await nodeDyldFs.readMachO(node(), 'arm64');
    const bound = sharp?.image?.imports.filter((i) => i.libraryOrdinal === 1 && !i.weakImport) ?? [];
    expect(bound.length).toBe(200);
    const gone = bound[0]?.name ?? '';
    const fs: DyldFs = {
      async readMachO(path, cpu) {
        const m = await nodeDyldFs.readMachO(path, cpu);
        if (!m?.image || !path.endsWith('libvips-cpp.8.17.3.dylib')) return m;
        return { ...m, image: { ...m.image, exports: m.image.exports.filter((e) => e.name !== gone) } };
      },
    };
    const sim = await simulateDyldLoad(node(), ctx(), fs);
    expect(ofKind(sim, 'dyld-symbol-not-found')).toEqual([expect.objectContaining({ symbol: gone, referencedFrom: node() })]);
    expect(ofKind(sim, 'dyld-symbol-not-found')[0]?.expectedIn).toMatch(/libvips-cpp\.8\.17\.3\.dylib$/);
  });

  it.skipIf(!present)('without libvips: Library not loaded, each of the six rpaths three times, then the fallbacks', async () => {
    const fs: DyldFs = { readMachO: (path, cpu) => (path.endsWith('libvips-cpp.8.17.3.dylib') ? Promise.resolve(null) : nodeDyldFs.readMachO(path, cpu)) };
    const sim = await simulateDyldLoad(node(), ctx(), fs);
    const [missing] = ofKind(sim, 'dyld-library-not-loaded');
    const dir = join(root, 'node_modules', '@img', 'sharp-darwin-arm64', 'lib');
    const rpaths = ['../../sharp-libvips-darwin-arm64/lib', '../../../sharp-libvips-darwin-arm64/1.2.4/lib', '../node_modules/@img/sharp-libvips-darwin-arm64/lib', '../../node_modules/@img/sharp-libvips-darwin-arm64/lib', '../../../node_modules/@img/sharp-libvips-darwin-arm64/lib', '../../../../../@img-sharp-libvips-darwin-arm64-npm-1.2.4-09e109d5ab/node_modules/@img/sharp-libvips-darwin-arm64/lib'];
    const expected = rpaths.flatMap((r) => {
      const p = `${dir}/${r}/libvips-cpp.8.17.3.dylib`;
      return [p, `/System/Volumes/Preboot/Cryptexes/OS${p}`, p];
    });
    expect(missing?.tried.map((t) => t.path)).toEqual([...expected, '/usr/local/lib/libvips-cpp.8.17.3.dylib', '/usr/lib/libvips-cpp.8.17.3.dylib']);
  });

  it.skipIf(!present)('the x64 build under an arm64 process: incompatible architecture', async () => {
    const file = join(sharpX64 ?? '', 'sharp-darwin-x64.node');
    const sim = await simulateDyldLoad(file, ctx(), nodeDyldFs);
    expect(ofKind(sim, 'dyld-incompatible-architecture')[0]).toMatchObject({ file, have: ['x86_64'], need: ['arm64'] });
  });
});
