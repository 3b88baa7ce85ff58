import { describe, expect, it } from 'vitest';
import { diagnose } from '../../app/diagnosis/diagnose';
import type { DiagnosisDeps, EnvironmentFacts, ImportOutcome, PackageFacts } from '../../app/diagnosis/facts/facts';
import { hostMacosVersion, processCpu, pythonExports, simulateMacosWithBinary } from '../../app/diagnosis/macos/dyld-adapter';
import { homebrewFormula } from '../../app/diagnosis/macos/missing-dylib';
import { macosTagVersions } from '../../app/diagnosis/macos/newer-macos';
import { diagnosisSchema, type Diagnosis } from '../../app/diagnosis/types';
import { memoryDyldFs, type ModuleSpec } from '../binary/support/macho-modules';
import { describedEnvironment, distributionRecord } from '../support/distribution';
import { cleanHealthReport } from '../support/health-report';

// Each environment rebuilds the files of the public report cited above its block as in-memory
// Mach-O modules; the real dyld simulation runs on them and the diagnosis ranks what it finds.

const SYSTEM = '/usr/lib/libSystem.B.dylib';
const nowFiles = { exists: () => true, canonical: (p: string) => p };

interface Case {
  readonly prefix: string;
  readonly python: string;
  readonly architecture: 'arm64' | 'x86_64';
  readonly site: string;
  readonly packages: readonly { name: string; version: string; files: readonly string[]; modules?: readonly { module: string; path: string }[]; wheelTags?: string[] }[];
  readonly files: Record<string, ModuleSpec>;
  readonly hostMacos?: string | null;
}

function environment(c: Case): EnvironmentFacts {
  const packages: PackageFacts[] = c.packages.map((p) => ({
    name: p.name, version: p.version, distribution: distributionRecord(p.name, p.version, c.site, { wheelTags: p.wheelTags ?? [] }), condaRecord: null, files: p.files, extensionModules: p.modules ?? [],
  }));
  return { python: c.python, description: describedEnvironment({ prefix: c.prefix, interpreter: c.python, version: '3.12.4', platform: 'darwin', architecture: c.architecture, kind: 'venv', status: 'ok' }), packages };
}

function deps(c: Case, env: EnvironmentFacts, outcome: ImportOutcome): DiagnosisDeps {
  return {
    describeEnvironment: async () => env,
    importModule: async () => outcome,
    simulateLoad: (e, ext) => simulateMacosWithBinary(e, ext, {}, c.hostMacos ?? '14.5', memoryDyldFs(c.files)),
    healthChecks: async () => cleanHealthReport(),
  };
}

async function diagnoseCase(c: Case, module: string, outcome: ImportOutcome): Promise<Diagnosis> {
  const env = environment(c);
  return diagnosisSchema.parse(await diagnose({ python: env.python, module }, deps(c, env, outcome), () => {}, { files: nowFiles }));
}

const failed = (message: string): ImportOutcome => ({ status: 'failed', exceptionType: 'ImportError', message, traceback: '' });

const FW = '/Library/Frameworks/Python.framework/Versions/3.12';
const FW_SITE = `${FW}/lib/python3.12/site-packages`;
const fwPython = (over: Partial<Case>): Case => ({ prefix: FW, python: `${FW}/bin/python3.12`, architecture: 'arm64', site: FW_SITE, packages: [], files: {}, ...over });

// https://github.com/smart-test-ti/SoloX/issues/275: psutil's x86_64 build under an arm64 Python.
describe('a wheel for the other architecture', () => {
  const so = `${FW_SITE}/psutil/_psutil_osx.abi3.so`;
  const c = fwPython({ packages: [{ name: 'psutil', version: '5.9.8', files: [so], modules: [{ module: 'psutil._psutil_osx', path: so }], wheelTags: ['cp36-abi3-macosx_10_9_x86_64'] }], files: { [so]: { cpu: 'x86_64', filetype: 'bundle', dylibs: [SYSTEM] } } });

  it('names the file, both architectures, and reinstalls psutil so pip takes the arm64 build', async () => {
    const d = await diagnoseCase(c, 'psutil._psutil_osx', failed(`dlopen(${so}, 0x0002): tried: '${so}' (mach-o file, but is an incompatible architecture (have 'x86_64', need 'arm64'))`));
    const top = d.causes[0];
    expect(top?.kind).toBe('wrong-architecture');
    expect(top?.title).toBe('_psutil_osx.abi3.so is built for x86_64, this Python runs as arm64');
    expect(top?.remedies.map((r) => [r.kind, 'package' in r ? r.package : null])).toEqual([['pip-force-reinstall', 'psutil']]);
    expect(top?.evidence.some((e) => e.kind === 'architecture' && e.machine === 'x86_64' && e.expectedMachine === 'arm64')).toBe(true);
  });
});

// https://github.com/AirtestProject/AirtestIDE/issues/1119: an x86_64 Python (Rosetta) and arm64 cv2.
describe('an x86_64 Python under Rosetta with arm64 files', () => {
  const site = '/Library/Python/3.8/site-packages';
  const so = `${site}/cv2/cv2.abi3.so`;
  const c: Case = { prefix: '/usr', python: '/usr/bin/python3', architecture: 'x86_64', site, hostMacos: '12.3', packages: [{ name: 'opencv-python', version: '4.5.5.64', files: [so], modules: [{ module: 'cv2.cv2', path: so }] }], files: { [so]: { cpu: 'arm64', filetype: 'bundle' } } };

  it('says Rosetta and offers both the reinstall and a native Python', async () => {
    const d = await diagnoseCase(c, 'cv2.cv2', failed('incompatible architecture'));
    const top = d.causes[0];
    expect(top?.title).toContain('Rosetta');
    expect(top?.remedies.map((r) => r.title)).toEqual(['Reinstall opencv-python 4.5.5.64 with pip', 'Use an arm64 Python on this Apple silicon Mac']);
  });
});

// https://github.com/pytorch/pytorch/issues/72172: @rpath/libtorch_cpu.dylib gone from torch/lib.
describe('a library missing from @rpath that the package ships', () => {
  const torch = `${FW_SITE}/torch`;
  const c = fwPython({
    packages: [{ name: 'torch', version: '1.10.2', files: [`${torch}/_C.cpython-312-darwin.so`, `${torch}/lib/libtorch_python.dylib`, `${torch}/lib/libtorch_cpu.dylib`], modules: [{ module: 'torch._C', path: `${torch}/_C.cpython-312-darwin.so` }] }],
    files: {
      [`${torch}/_C.cpython-312-darwin.so`]: { filetype: 'bundle', dylibs: ['@rpath/libtorch_python.dylib', SYSTEM], rpaths: ['@loader_path/lib'] },
      [`${torch}/lib/libtorch_python.dylib`]: { id: '@rpath/libtorch_python.dylib', dylibs: ['@rpath/libtorch_cpu.dylib', SYSTEM], rpaths: ['@loader_path'] },
    },
  });

  it('names torch as the package that should ship it, shows the paths tried and reinstalls torch', async () => {
    const d = await diagnoseCase(c, 'torch._C', failed('Library not loaded: @rpath/libtorch_cpu.dylib'));
    const top = d.causes[0];
    expect(top?.kind).toBe('missing-library');
    expect(top?.title).toBe('libtorch_python.dylib needs @rpath/libtorch_cpu.dylib, which torch 1.10.2 should ship');
    const search = top?.evidence.find((e) => e.kind === 'search-path');
    expect(search?.kind === 'search-path' && search.directories[0]?.path).toBe(`${torch}/lib/libtorch_cpu.dylib`);
    expect(top?.remedies.map((r) => r.kind)).toEqual(['pip-force-reinstall']);
  });

  it('offers no reinstall when the package never shipped the library (it would not change the verdict)', async () => {
    const d = await diagnoseCase({ ...c, packages: [{ ...c.packages[0]!, files: c.packages[0]!.files.filter((f) => !f.endsWith('libtorch_cpu.dylib')) }] }, 'torch._C', failed('Library not loaded'));
    expect(d.causes[0]?.remedies).toEqual([]);
    expect(d.causes[0]?.explanation).toContain('does not list it among its files');
  });
});

// https://github.com/fbrundu/pymrmr/issues/98 (lightgbm's lib_lightgbm.so and /usr/local/opt/libomp);
// https://github.com/Homebrew/homebrew-core/issues/150336 (a formula upgraded under its user).
describe('a Homebrew library gone from under a package that linked it by absolute path', () => {
  const lib = `${FW_SITE}/lightgbm/lib/lib_lightgbm.so`;
  const c = fwPython({
    architecture: 'x86_64',
    packages: [{ name: 'lightgbm', version: '2.2.2', files: [lib, `${FW_SITE}/lightgbm/basic.py`], modules: [] }],
    files: { [lib]: { cpu: 'x86_64', filetype: 'bundle', dylibs: ['/usr/local/opt/libomp/lib/libomp.dylib', SYSTEM] } },
  });

  it('names the formula and offers brew install, then the package\'s reinstall', async () => {
    const env = environment(c);
    const sim = await simulateMacosWithBinary(env, { module: 'lightgbm.lib_lightgbm', path: lib }, {}, '13.4', memoryDyldFs(c.files));
    expect(sim?.findings.map((f) => f.kind)).toEqual(['missing-library']);
    const d = await diagnoseCase({ ...c, packages: [{ ...c.packages[0]!, modules: [{ module: 'lightgbm.lib_lightgbm', path: lib }] }] }, 'lightgbm.lib_lightgbm', failed('Library not loaded: /usr/local/opt/libomp/lib/libomp.dylib'));
    const top = d.causes[0];
    expect(top?.title).toBe("lib_lightgbm.so needs Homebrew's libomp.dylib, which is not at /usr/local/opt/libomp/lib/libomp.dylib any more");
    expect(top?.remedies.map((r) => r.title)).toEqual(["Install Homebrew's libomp (brew install libomp)", 'Reinstall lightgbm 2.2.2 with pip']);
  });
});

// https://github.com/Farama-Foundation/ViZDoom/issues/246: a boost-python symbol gone from Homebrew's newer build.
describe('symbol not found in the library the ordinal names', () => {
  const so = `${FW_SITE}/vizdoom/vizdoom.so`;
  const boost = '/usr/local/opt/boost-python/lib/libboost_python-mt.dylib';
  const symbol = '__ZN5boost6python7numeric5array19set_module_and_typeEPKcS4_';
  const c = fwPython({
    architecture: 'x86_64',
    packages: [{ name: 'vizdoom', version: '1.1.3', files: [so], modules: [{ module: 'vizdoom.vizdoom', path: so }] }],
    files: { [so]: { cpu: 'x86_64', filetype: 'bundle', dylibs: [boost, SYSTEM], imports: [[symbol, 1]] }, [boost]: { cpu: 'x86_64', id: boost, exports: ['__ZN5boost6python6detail12gcc_demangleEPKc'] } },
  });

  it('names the symbol and the library it is expected in, and reinstalls the extension\'s package', async () => {
    const d = await diagnoseCase(c, 'vizdoom.vizdoom', failed(`Symbol not found: ${symbol}`));
    const top = d.causes[0];
    expect(top?.kind).toBe('missing-symbol');
    expect(top?.evidence.find((e) => e.kind === 'missing-symbols')).toMatchObject({ importer: so, provider: boost, symbols: [symbol] });
    expect(top?.remedies.map((r) => r.title)).toEqual(['Reinstall vizdoom 1.1.3 with pip']);
  });
});

// https://github.com/salilab/imp/issues/1039: an extension run by another Python than it was built
// for ("Symbol not found: _PyBytes_AsString ... Expected in: flat namespace"); here a 3.13 build
// binding PyImport_AddModuleRef (new in 3.13, CPython's stable ABI list) under Python 3.12.
describe('an extension for a newer Python: its C API is not in this interpreter', () => {
  const so = `${FW_SITE}/fastpkg/_core.abi3.so`;
  const c = fwPython({ packages: [{ name: 'fastpkg', version: '1.0.0', files: [so], modules: [{ module: 'fastpkg._core', path: so }] }], files: { [so]: { filetype: 'bundle', dylibs: [SYSTEM], imports: ['_PyImport_AddModuleRef', '_PyLong_FromLong'] } } });

  it('names the symbol missing from the flat namespace, read from CPython\'s list without the interpreter\'s file', async () => {
    const d = await diagnoseCase(c, 'fastpkg._core', failed("symbol not found in flat namespace '_PyImport_AddModuleRef'"));
    const symbols = d.causes[0]?.evidence.find((e) => e.kind === 'missing-symbols');
    expect(symbols).toMatchObject({ provider: 'flat namespace', symbols: ['_PyImport_AddModuleRef'] });
  });

  it('decides Python\'s API by the interpreter\'s version', () => {
    expect(pythonExports('_PyImport_AddModuleRef', '3.12.4')).toBe(false);
    expect(pythonExports('_PyImport_AddModuleRef', '3.13.1')).toBe(true);
    expect(pythonExports('_PyLong_FromLong', '3.8.10')).toBe(true);
    expect(pythonExports('_malloc', '3.12.4')).toBeNull();
  });
});

describe('a binary built for a newer macOS than the host', () => {
  const so = `${FW_SITE}/pkg/_native.cpython-312-darwin.so`;
  const c = fwPython({ hostMacos: '13.6', packages: [{ name: 'pkg', version: '2.0.0', files: [so], modules: [{ module: 'pkg._native', path: so }], wheelTags: ['cp312-cp312-macosx_14_0_arm64'] }], files: { [so]: { filetype: 'bundle', dylibs: [SYSTEM], minMacos: '14.0' } } });

  it('states both versions and the wheel tag, and offers the reinstall that picks a build for this macOS', async () => {
    const d = await diagnoseCase(c, 'pkg._native', failed('Symbol not found: _something_new'));
    const top = d.causes[0];
    expect(top?.kind).toBe('os-too-old');
    expect(top?.title).toBe('_native.cpython-312-darwin.so needs macOS 14.0; this Mac runs 13.6');
    expect(top?.explanation).toContain('its wheel\'s tag says macOS 14.0 too');
    expect(top?.remedies.map((r) => r.kind)).toEqual(['pip-force-reinstall']);
  });
});

describe('healthy controls', () => {
  it('a delocated wheel with its .dylibs, libc++ from the shared cache and Python\'s API from the interpreter: no cause', async () => {
    const so = `${FW_SITE}/PIL/_imaging.cpython-312-darwin.so`;
    const c = fwPython({
      packages: [{ name: 'pillow', version: '10.4.0', files: [so, `${FW_SITE}/PIL/.dylibs/libjpeg.62.4.0.dylib`], modules: [{ module: 'PIL._imaging', path: so }] }],
      files: {
        [so]: { filetype: 'bundle', dylibs: ['@loader_path/.dylibs/libjpeg.62.4.0.dylib', '/usr/lib/libc++.1.dylib', SYSTEM], imports: [['_jpeg_read_header', 1], '_PyLong_FromLong'] },
        [`${FW_SITE}/PIL/.dylibs/libjpeg.62.4.0.dylib`]: { id: '@rpath/libjpeg.62.4.0.dylib', exports: ['_jpeg_read_header'], dylibs: [SYSTEM] },
      },
    });
    const sim = await simulateMacosWithBinary(environment(c), { module: 'PIL._imaging', path: so }, {}, '14.5', memoryDyldFs(c.files));
    expect(sim).toMatchObject({ root: so, findings: [] });
    expect(sim?.resolved.map((l) => l.foundBy)).toEqual(['@loader_path', 'dyld shared cache', 'dyld shared cache', 'dyld shared cache']);
    const d = await diagnoseCase(c, 'PIL._imaging', { status: 'ok' });
    expect(d.causes).toEqual([]);
  });
});

describe('the context of a live Mac', () => {
  it('reads the macOS version from the Darwin kernel release, only on a Mac', () => {
    expect(hostMacosVersion('darwin', '23.5.0')).toBe('14.5');
    expect(hostMacosVersion('darwin', '19.6.0')).toBe('10.15');
    expect(hostMacosVersion('linux', '6.1.0')).toBeNull();
  });

  it('maps the interpreter\'s architecture to the slice dyld needs', () => {
    expect(processCpu('arm64')).toBe('arm64');
    expect(processCpu('x86_64')).toBe('x86_64');
    expect(processCpu('ppc')).toBeNull();
  });

  it('reads a Homebrew formula from either prefix and the macOS versions a wheel tag names', () => {
    expect(homebrewFormula('/opt/homebrew/opt/libomp/lib/libomp.dylib')).toBe('libomp');
    expect(homebrewFormula('/usr/local/Cellar/mbedtls/3.5.0/lib/libmbedcrypto.14.dylib')).toBe('mbedtls');
    expect(homebrewFormula('/usr/lib/libz.1.dylib')).toBeNull();
    expect(macosTagVersions(['cp312-cp312-macosx_14_0_arm64', 'cp312-cp312-macosx_10_9_universal2'])).toEqual(['14.0', '10.9']);
  });
});
