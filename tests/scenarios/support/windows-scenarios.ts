/**
 * Windows environment folders for the offline scenarios: the layout a python.org or conda install
 * has (python.exe, pythonXY.dll, Lib/site-packages with dist-info records, conda-meta, Library/bin),
 * made of generated PE files whose imports and exports reproduce each failure class.
 *
 * Each builder returns the python.exe path, the loader options (PATH, System32) and the expected top
 * cause and first remedy. The repair and wizard tests reuse them.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { WindowsSimulationOptions } from '../../../app/diagnosis/binary-adapter';
import type { CauseKind } from '../../../app/diagnosis/types';
import { writePe } from './pe-writer';
import { withVersionResource } from './version-resource-writer';
import type { PeSpec } from './pe-writer';

export interface WindowsScenario {
  readonly name: string;
  readonly python: string;
  readonly prefix: string;
  readonly loader: WindowsSimulationOptions;
  readonly module: string;
  /** The error a user of this environment reports (from the public report it mirrors, if any). */
  readonly errorText: string;
  readonly expected: { readonly kind: CauseKind | null; readonly module: string | null; readonly firstRemedy: Record<string, unknown> };
}

/** Exports of a CPython 3.x DLL that the generated extensions use. */
export const PY_API = ['PyArg_ParseTuple', 'PyLong_FromLong', 'PyModule_Create2', 'PyErr_SetString', 'PySlice_GetIndicesEx'];
/** Added in CPython 3.6.1 (bpo-29943): absent from 3.6.0's python36.dll. */
export const PY_361 = ['PySlice_AdjustIndices', 'PySlice_Unpack'];

/** Writes a file, making its folders. */
export async function put(path: string, data: Buffer | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
}

/** A pip-installed distribution in `site` holding one file at `rel` (RECORD with its real hash and size). */
export async function putPipDistribution(site: string, name: string, version: string, rel: string, data: Buffer): Promise<void> {
  await put(join(site, ...rel.split('/')), data);
  const info = join(site, `${name}-${version}.dist-info`);
  await put(join(info, 'METADATA'), `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`);
  await put(join(info, 'INSTALLER'), 'pip\n');
  await put(join(info, 'RECORD'), `${rel},sha256=${createHash('sha256').update(data).digest('base64url')},${data.length}\n`);
}

/** The file version CPython's resource script gives pythonXY.dll: micro*1000 + 150 for a final release (PC/make_versioninfo.c). */
function pythonFileVersion(release: string): [number, number, number, number] {
  const [major = 3, minor = 0, micro = 0] = release.split('.').map(Number);
  return [major, minor, micro * 1000 + 150, 1013];
}

export async function pythonFolder(
  prefix: string,
  opts: { dll: string; exports: readonly string[]; machine?: PeSpec['machine']; conda?: boolean; release?: string; runtimeVersion?: [number, number, number, number] },
): Promise<string> {
  const machine = opts.machine ?? 'x64';
  const dllPe = writePe({ machine, name: opts.dll, exports: opts.exports, imports: { 'KERNEL32.dll': ['GetProcAddress'], 'VCRUNTIME140.dll': ['memcpy'] } });
  const release = opts.release ?? null;
  await put(join(prefix, opts.dll), release ? withVersionResource(dllPe, pythonFileVersion(release), { FileVersion: release, ProductName: 'Python' }) : dllPe);
  await put(join(prefix, 'python3.dll'), writePe({ machine, name: 'python3.dll', exports: ['PyArg_ParseTuple'] }));
  const runtime = writePe({ machine, name: 'vcruntime140.dll', exports: ['memcpy', 'memset', '__C_specific_handler'], imports: { 'KERNEL32.dll': ['GetProcAddress'] } });
  const rv = opts.runtimeVersion;
  await put(join(prefix, 'vcruntime140.dll'), rv ? withVersionResource(runtime, rv, { FileVersion: rv.join('.'), ProductName: 'Microsoft® Visual Studio®' }) : runtime);
  const exe = join(prefix, 'python.exe');
  await put(exe, writePe({ machine, name: 'python.exe', imports: { [opts.dll]: ['Py_Main'], 'VCRUNTIME140.dll': ['memcpy'], 'KERNEL32.dll': ['GetProcAddress'] } }));
  await mkdir(join(prefix, 'Lib', 'site-packages'), { recursive: true });
  if (opts.conda) await mkdir(join(prefix, 'conda-meta'), { recursive: true });
  return exe;
}

/** Installs files under site-packages with a dist-info record as pip (or conda-build) writes it. */
export async function distInfo(prefix: string, spec: { name: string; version: string; installer: string; tag: string; requires?: readonly string[]; files: Record<string, Buffer> }): Promise<void> {
  const site = join(prefix, 'Lib', 'site-packages');
  const info = `${spec.name}-${spec.version}.dist-info`;
  const record: string[] = [];
  for (const [rel, data] of Object.entries(spec.files)) {
    await put(join(site, ...rel.split('/')), data);
    record.push(`${rel},sha256=${createHash('sha256').update(data).digest('base64url')},${data.length}`);
  }
  const meta = `Metadata-Version: 2.1\nName: ${spec.name}\nVersion: ${spec.version}\n${(spec.requires ?? []).map((r) => `Requires-Dist: ${r}\n`).join('')}`;
  await put(join(site, info, 'METADATA'), meta);
  await put(join(site, info, 'INSTALLER'), `${spec.installer}\n`);
  await put(join(site, info, 'WHEEL'), `Wheel-Version: 1.0\nGenerator: bdist_wheel (0.29.0)\nRoot-Is-Purelib: false\nTag: ${spec.tag}\n`);
  record.push(`${info}/METADATA,,`, `${info}/INSTALLER,,`, `${info}/WHEEL,,`, `${info}/RECORD,,`);
  await put(join(site, info, 'RECORD'), `${record.join('\n')}\n`);
}

async function condaRecord(prefix: string, spec: { name: string; version: string; build: string; files: Record<string, Buffer>; depends?: readonly string[] }): Promise<void> {
  for (const [rel, data] of Object.entries(spec.files)) await put(join(prefix, ...rel.split('/')), data);
  // The fields conda writes into conda-meta/<name>-<version>-<build>.json (conda/core/package_cache_data.py, PrefixRecord).
  const record = { name: spec.name, version: spec.version, build: spec.build, build_number: 0, channel: 'https://repo.anaconda.com/pkgs/main/win-64', subdir: 'win-64', depends: spec.depends ?? [], files: Object.keys(spec.files) };
  await put(join(prefix, 'conda-meta', `${spec.name}-${spec.version}-${spec.build}.json`), JSON.stringify(record, null, 2));
}

export const pyd = (name: string, imports: PeSpec['imports'], machine: PeSpec['machine'] = 'x64'): Buffer =>
  writePe({ machine, name, exports: [`PyInit_${name.split('.')[0] ?? name}`], imports: { 'KERNEL32.dll': ['GetProcAddress'], ...imports } });

/** A Python 3.6.0 folder with one Pillow (and olefile) whose _imaging.pyd imports `api` from python36.dll. */
async function pillowOnPython360(prefix: string, version: string, api: readonly string[]): Promise<string> {
  const python = await pythonFolder(prefix, { dll: 'python36.dll', exports: PY_API, release: '3.6.0' });
  await distInfo(prefix, {
    name: 'Pillow',
    version,
    installer: 'pip',
    tag: 'cp36-cp36m-win_amd64',
    requires: ['olefile'],
    files: {
      'PIL/__init__.py': Buffer.from(`VERSION = "${version}"\n`),
      'PIL/_imaging.cp36-win_amd64.pyd': pyd('_imaging.cp36-win_amd64.pyd', { 'python36.dll': ['PyArg_ParseTuple', 'PyModule_Create2', ...api], 'VCRUNTIME140.dll': ['memcpy'] }),
    },
  });
  await distInfo(prefix, { name: 'olefile', version: '0.44', installer: 'pip', tag: 'py2.py3-none-any', files: { 'olefile/__init__.py': Buffer.from('') } });
  return python;
}

/** Pillow 4.1.0 on Python 3.6.0 (python-pillow/Pillow#2479): _imaging.pyd imports two functions python36.dll lacks. */
export async function buildPillowProcedureScenario(dir: string): Promise<WindowsScenario> {
  const prefix = join(dir, 'pillow-procedure', 'Python36');
  const python = await pillowOnPython360(prefix, '4.1.0', PY_361);
  return {
    name: 'pillow-procedure-not-found',
    python,
    prefix,
    loader: {},
    module: 'PIL._imaging',
    errorText: `Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\n  File "${prefix}\\Lib\\site-packages\\PIL\\Image.py", line 56, in <module>\n    from . import _imaging as core\nImportError: DLL load failed: The specified procedure could not be found.\n`,
    expected: { kind: 'missing-symbol', module: 'PIL._imaging', firstRemedy: { kind: 'pip-install-version', package: 'pillow', version: '4.1.1', recommended: true } },
  };
}

/**
 * Healthy control: Pillow 4.0.0 on Python 3.6.0, the downgrade python-pillow/Pillow#2479 recommends.
 * Examined offline it has no cause and no problem, and still no "healthy" verdict: nothing imported it.
 */
export async function buildHealthyWindowsScenario(dir: string): Promise<WindowsScenario> {
  const prefix = join(dir, 'healthy', 'Python36');
  const python = await pillowOnPython360(prefix, '4.0.0', ['PySlice_GetIndicesEx']);
  return { name: 'healthy-windows', python, prefix, loader: {}, module: 'PIL._imaging', errorText: '', expected: { kind: null, module: null, firstRemedy: {} } };
}

/** A dependency DLL (geos_c.dll) is nowhere on the search path (Python 3.8). */
export async function buildDllNotFoundScenario(dir: string): Promise<WindowsScenario> {
  const prefix = join(dir, 'dll-not-found', 'Python38');
  const python = await pythonFolder(prefix, { dll: 'python38.dll', exports: [...PY_API, ...PY_361] });
  await distInfo(prefix, {
    name: 'geopkg',
    version: '1.0',
    installer: 'pip',
    tag: 'cp38-cp38-win_amd64',
    files: { 'geopkg/_geos.cp38-win_amd64.pyd': pyd('_geos.cp38-win_amd64.pyd', { 'python38.dll': ['PyModule_Create2'], 'geos_c.dll': ['GEOSversion'] }) },
  });
  return {
    name: 'dll-not-found',
    python,
    prefix,
    loader: {},
    module: 'geopkg._geos',
    errorText: 'ImportError: DLL load failed while importing _geos: The specified module could not be found.',
    expected: { kind: 'missing-library', module: 'geopkg._geos', firstRemedy: { kind: 'pip-force-reinstall', package: 'geopkg' } },
  };
}

/** A 32-bit helper DLL next to a 64-bit extension in a 64-bit Python (catalog row 19). */
export async function buildWrongArchitectureScenario(dir: string): Promise<WindowsScenario> {
  const prefix = join(dir, 'wrong-architecture', 'Python38');
  const python = await pythonFolder(prefix, { dll: 'python38.dll', exports: [...PY_API, ...PY_361] });
  await distInfo(prefix, {
    name: 'fastmath',
    version: '2.0',
    installer: 'pip',
    tag: 'cp38-cp38-win_amd64',
    files: {
      'fastmath/_core.cp38-win_amd64.pyd': pyd('_core.cp38-win_amd64.pyd', { 'python38.dll': ['PyModule_Create2'], 'fastmath_impl.dll': ['fm_add'] }),
      'fastmath/fastmath_impl.dll': writePe({ machine: 'x86', name: 'fastmath_impl.dll', exports: ['fm_add'] }),
    },
  });
  return {
    name: 'wrong-architecture',
    python,
    prefix,
    loader: {},
    module: 'fastmath._core',
    errorText: 'ImportError: DLL load failed while importing _core: %1 is not a valid Win32 application.',
    expected: { kind: 'wrong-architecture', module: 'fastmath._core', firstRemedy: { kind: 'pip-force-reinstall', package: 'fastmath' } },
  };
}

/**
 * A 32-bit extension in a 64-bit Python: pip on a 32-bit Python downloaded the win32 wheel, and its
 * files were copied into a 64-bit environment (as in https://github.com/manugarg/pacparser/issues/19:
 * "DLL load failed: %1 is not a valid Win32 application"). The .pyd is the cause, never python38.dll.
 */
export async function buildX86ExtensionScenario(dir: string): Promise<WindowsScenario> {
  const prefix = join(dir, 'x86-extension', 'Python38');
  const python = await pythonFolder(prefix, { dll: 'python38.dll', exports: [...PY_API, ...PY_361], release: '3.8.10' });
  await distInfo(prefix, {
    name: 'fastmath',
    version: '2.0',
    installer: 'pip',
    tag: 'cp38-cp38-win32',
    files: { 'fastmath/_core.cp38-win32.pyd': pyd('_core.cp38-win32.pyd', { 'python38.dll': ['PyModule_Create2'], 'VCRUNTIME140.dll': ['memcpy'] }, 'x86') },
  });
  return {
    name: 'x86-extension-in-x64-python',
    python,
    prefix,
    loader: {},
    module: 'fastmath._core',
    errorText: 'ImportError: DLL load failed while importing _core: %1 is not a valid Win32 application.',
    expected: { kind: 'wrong-architecture', module: 'fastmath._core', firstRemedy: { kind: 'pip-force-reinstall', package: 'fastmath' } },
  };
}

/**
 * conda: the consumer's record says `libfoo >=1.5`, but libfoo 1.0 is installed (a later `conda
 * install libfoo=1.0`, or pip/conda mixing, left it behind): foo's _foo.pyd imports foo_v2, which
 * libfoo 1.0's Library\bin\libfoo.dll lacks. Modelled on conda-forge reports such as
 * https://github.com/conda-forge/rasterio-feedstock/issues/250 (a library other than the one the
 * package was built with: "The specified procedure could not be found").
 */
export async function buildCondaConstraintScenario(dir: string): Promise<WindowsScenario> {
  const prefix = join(dir, 'conda-constraint', 'envs', 'work');
  const python = await pythonFolder(prefix, { dll: 'python38.dll', exports: [...PY_API, ...PY_361], conda: true, release: '3.8.16' });
  await condaRecord(prefix, { name: 'libfoo', version: '1.0', build: 'h2bbff1b_0', files: { 'Library/bin/libfoo.dll': writePe({ name: 'libfoo.dll', exports: ['foo_init'] }) } });
  await condaRecord(prefix, {
    name: 'foo',
    version: '2.0',
    build: 'py38h2bbff1b_0',
    depends: ['libfoo >=1.5,<2.0a0', 'python >=3.8,<3.9.0a0', 'vc >=14.1,<15.0a0'],
    files: { 'Lib/site-packages/foo/_foo.cp38-win_amd64.pyd': pyd('_foo.cp38-win_amd64.pyd', { 'python38.dll': ['PyModule_Create2'], 'libfoo.dll': ['foo_init', 'foo_v2'] }) },
  });
  return {
    name: 'conda-constraint',
    python,
    prefix,
    loader: {},
    module: 'foo._foo',
    errorText: 'ImportError: DLL load failed while importing _foo: The specified procedure could not be found.',
    expected: { kind: 'missing-symbol', module: 'foo._foo', firstRemedy: { kind: 'install-constraint', manager: 'conda', package: 'libfoo', specifier: '>=1.5,<2.0a0', command: ['conda', 'install', 'libfoo>=1.5,<2.0a0'] } },
  };
}

/** kiwisolver's _cext.pyd needs MSVCP140.dll, which the machine lacks (catalog row 15). */
export async function buildVcRuntimeScenario(dir: string): Promise<WindowsScenario> {
  const root = join(dir, 'vc-runtime');
  const prefix = join(root, 'Python38');
  const python = await pythonFolder(prefix, { dll: 'python38.dll', exports: [...PY_API, ...PY_361] });
  const system32 = join(root, 'Windows', 'System32');
  await put(join(system32, 'kernel32.dll'), writePe({ name: 'kernel32.dll', exports: ['GetProcAddress', 'LoadLibraryExW'] }));
  await distInfo(prefix, {
    name: 'kiwisolver',
    version: '1.3.1',
    installer: 'pip',
    tag: 'cp38-cp38-win_amd64',
    files: { 'kiwisolver/_cext.cp38-win_amd64.pyd': pyd('_cext.cp38-win_amd64.pyd', { 'python38.dll': ['PyModule_Create2'], 'MSVCP140.dll': ['?_Xlength_error@std@@YAXPEBD@Z'], 'VCRUNTIME140.dll': ['memcpy'] }) },
  });
  return {
    name: 'missing-vc-runtime',
    python,
    prefix,
    loader: { system32 },
    module: 'kiwisolver._cext',
    errorText: 'ImportError: DLL load failed while importing _cext: The specified module could not be found.',
    expected: { kind: 'missing-vc-runtime', module: 'kiwisolver._cext', firstRemedy: { kind: 'install-vc-runtime', architecture: 'x64' } },
  };
}

/**
 * A conda environment whose libfoo.dll lives in Library\bin, and a stale libfoo.dll earlier on PATH.
 * Python 3.7 searches PATH and takes the stale copy; Python 3.8 searches Library\bin (conda adds it
 * with AddDllDirectory) and never PATH.
 */
export async function buildPathShadowScenario(dir: string, pythonMinor: 7 | 8): Promise<WindowsScenario> {
  const root = join(dir, `path-shadow-3${pythonMinor}`);
  const prefix = join(root, 'envs', 'foo');
  const dll = `python3${pythonMinor}.dll`;
  const tag = `cp3${pythonMinor}`;
  const python = await pythonFolder(prefix, { dll, exports: [...PY_API, ...PY_361], conda: true });
  await condaRecord(prefix, {
    name: 'foo',
    version: '1.0',
    build: `py3${pythonMinor}_0`,
    files: {
      [`Lib/site-packages/foo/_foo.${tag}-win_amd64.pyd`]: pyd(`_foo.${tag}-win_amd64.pyd`, { [dll]: ['PyModule_Create2'], 'libfoo.dll': ['foo_init', 'foo_v2'] }),
      'Library/bin/libfoo.dll': writePe({ name: 'libfoo.dll', exports: ['foo_init', 'foo_v2'] }),
    },
  });
  const tools = join(root, 'Tools', 'bin');
  await put(join(tools, 'libfoo.dll'), writePe({ name: 'libfoo.dll', exports: ['foo_init'] }));
  const shadowed = pythonMinor === 7;
  return {
    name: `path-shadow-3${pythonMinor}`,
    python,
    prefix,
    loader: { pathDirs: [tools, join(prefix, 'Library', 'bin')] },
    module: 'foo._foo',
    errorText: `ImportError: DLL load failed${pythonMinor >= 8 ? ' while importing _foo' : ''}: The specified procedure could not be found.`,
    expected: shadowed
      ? // The stray copy belongs to another program outside the environment: never moved, its folder comes off PATH.
        { kind: 'shadowed-library', module: 'foo._foo', firstRemedy: { kind: 'manual', title: `Take ${tools} off PATH for this Python` } }
      : { kind: null, module: null, firstRemedy: {} },
  };
}

/** A cp37 build (its _speedups.pyd imports python37.dll) copied into a Python 3.6 environment. */
export async function buildForeignWheelScenario(dir: string): Promise<WindowsScenario> {
  const prefix = join(dir, 'foreign-wheel', 'Python36');
  const python = await pythonFolder(prefix, { dll: 'python36.dll', exports: PY_API });
  await distInfo(prefix, {
    name: 'speedups',
    version: '1.0',
    installer: 'pip',
    tag: 'cp37-cp37m-win_amd64',
    files: { 'speedups/_speedups.pyd': pyd('_speedups.pyd', { 'python37.dll': ['PyModule_Create2'] }) },
  });
  return {
    name: 'cp37-wheel-in-cp36',
    python,
    prefix,
    loader: {},
    module: 'speedups._speedups',
    errorText: 'ImportError: DLL load failed: The specified module could not be found.',
    expected: { kind: 'python-abi-mismatch', module: 'speedups._speedups', firstRemedy: { kind: 'pip-force-reinstall', package: 'speedups' } },
  };
}

/** Pillow installed by conda and then again by pip over it (python-pillow/Pillow#2945 shape). */
export async function buildPipAndCondaScenario(dir: string): Promise<WindowsScenario> {
  const prefix = join(dir, 'pip-and-conda', 'Anaconda3');
  const python = await pythonFolder(prefix, { dll: 'python36.dll', exports: [...PY_API, ...PY_361], conda: true });
  const imaging = pyd('_imaging.cp36-win_amd64.pyd', { 'python36.dll': ['PyModule_Create2'] });
  await condaRecord(prefix, { name: 'pillow', version: '5.0.0', build: 'py36h0738816_0', files: { 'Lib/site-packages/PIL/_imaging.cp36-win_amd64.pyd': imaging } });
  await distInfo(prefix, { name: 'Pillow', version: '5.0.0', installer: 'pip', tag: 'cp36-cp36m-win_amd64', files: { 'PIL/_imaging.cp36-win_amd64.pyd': imaging } });
  return {
    name: 'pillow-pip-and-conda',
    python,
    prefix,
    loader: {},
    module: 'PIL._imaging',
    errorText: 'ImportError: DLL load failed: The specified procedure could not be found.',
    expected: { kind: 'mixed-managers', module: null, firstRemedy: { kind: 'remove-duplicate', keep: 'conda', remove: 'pip' } },
  };
}

/**
 * GDAL's DLL installed outside the environment and reached through PATH (catalog row 16): found by
 * Python 3.7, not by Python 3.8, which no longer searches PATH.
 */
export async function buildPathOnlyScenario(dir: string, pythonMinor: 7 | 8): Promise<WindowsScenario> {
  const root = join(dir, `path-only-3${pythonMinor}`);
  const prefix = join(root, `Python3${pythonMinor}`);
  const dll = `python3${pythonMinor}.dll`;
  const tag = `cp3${pythonMinor}`;
  const python = await pythonFolder(prefix, { dll, exports: [...PY_API, ...PY_361] });
  await distInfo(prefix, {
    name: 'GDAL',
    version: '3.0.4',
    installer: 'pip',
    tag: `${tag}-${tag}${pythonMinor === 7 ? 'm' : ''}-win_amd64`,
    files: { [`osgeo/_gdal.${tag}-win_amd64.pyd`]: pyd(`_gdal.${tag}-win_amd64.pyd`, { [dll]: ['PyModule_Create2'], 'gdal304.dll': ['GDALAllRegister'] }) },
  });
  const osgeo = join(root, 'OSGeo4W', 'bin');
  await put(join(osgeo, 'gdal304.dll'), writePe({ name: 'gdal304.dll', exports: ['GDALAllRegister'] }));
  return {
    name: `path-only-3${pythonMinor}`,
    python,
    prefix,
    loader: { pathDirs: [osgeo] },
    module: 'osgeo._gdal',
    errorText: 'ImportError: DLL load failed while importing _gdal: The specified module could not be found.',
    expected: pythonMinor === 8 ? { kind: 'search-policy', module: 'osgeo._gdal', firstRemedy: { kind: 'manual' } } : { kind: null, module: null, firstRemedy: {} },
  };
}

/**
 * conda on Windows, January 2019 (ContinuumIO/anaconda-issues#10553): Pillow's _imaging fails with
 * "module could not be found" under libtiff 4.0.10 build he490001_1001, not under 4.0.9. The thread
 * does not say which DLL tiff.dll missed; here it needs a zstd.dll that nothing installed. `build`
 * chooses the libtiff build string in conda-meta: the knowledge base names he490001_1001 only.
 */
export async function buildLibtiffBuildScenario(dir: string, build: string): Promise<WindowsScenario> {
  const prefix = join(dir, `libtiff-${build}`, 'envs', 'test');
  const python = await pythonFolder(prefix, { dll: 'python37.dll', exports: [...PY_API, ...PY_361], conda: true });
  await condaRecord(prefix, { name: 'python', version: '3.7.2', build: 'h8c8aaf0_0', files: {} });
  await condaRecord(prefix, {
    name: 'libtiff',
    version: '4.0.10',
    build,
    files: { 'Library/bin/tiff.dll': writePe({ name: 'tiff.dll', exports: ['TIFFOpen'], imports: { 'KERNEL32.dll': ['GetProcAddress'], 'zstd.dll': ['ZSTD_compress'] } }) },
  });
  await condaRecord(prefix, {
    name: 'pillow',
    version: '5.4.1',
    build: 'py37hdc69c19_0',
    depends: ['libtiff >=4.0.9,<5.0a0', 'python >=3.7,<3.8.0a0'],
    files: { 'Lib/site-packages/PIL/_imaging.cp37-win_amd64.pyd': pyd('_imaging.cp37-win_amd64.pyd', { 'python37.dll': ['PyModule_Create2'], 'tiff.dll': ['TIFFOpen'], 'VCRUNTIME140.dll': ['memcpy'] }) },
  });
  return {
    name: `libtiff-${build}`,
    python,
    prefix,
    // The report's environment was activated ("active environment : test"): PATH holds Library\bin.
    loader: { pathDirs: [join(prefix, 'Library', 'bin')] },
    module: 'PIL._imaging',
    errorText: `Traceback (most recent call last):\n  File "test.py", line 1, in <module>\n    from PIL import Image\n  File "${prefix}\\lib\\site-packages\\PIL\\Image.py", line 94, in <module>\n    from . import _imaging as core\nImportError: DLL load failed: The specified module could not be found.\n`,
    expected: { kind: 'missing-library', module: 'PIL._imaging', firstRemedy: { kind: 'conda-install-version', package: 'libtiff', version: '4.0.9' } },
  };
}

/**
 * A module linked by the Visual C++ 14.29 toolset (Visual Studio 2019 16.11) in a Python folder
 * whose vcruntime140.dll is 14.16.27012.0 (Visual Studio 2017 15.9): python.exe loads that copy
 * from its own folder, and Microsoft supports the pair only when the runtime is at least as new as
 * the toolset. `runtime` null: the DLL has no version resource, so nothing can be claimed.
 */
export async function buildOldVcRuntimeScenario(dir: string, runtime: [number, number, number, number] | null, name = 'old-vc-runtime', conda = false): Promise<WindowsScenario> {
  const prefix = join(dir, name, 'Python39');
  const python = await pythonFolder(prefix, { dll: 'python39.dll', exports: [...PY_API, ...PY_361], release: '3.9.13', conda, ...(runtime ? { runtimeVersion: runtime } : {}) });
  if (conda && runtime) {
    // In a conda environment the runtime next to python.exe is conda's vc14_runtime package.
    const dll = withVersionResource(writePe({ name: 'vcruntime140.dll', exports: ['memcpy', 'memset', '__C_specific_handler'] }), runtime, { FileVersion: runtime.join('.') });
    await condaRecord(prefix, { name: 'vc14_runtime', version: runtime.slice(0, 3).join('.'), build: 'h5fd3d9f_0', files: { 'vcruntime140.dll': dll } });
  }
  await distInfo(prefix, {
    name: 'fastcodec',
    version: '3.1',
    installer: 'pip',
    tag: 'cp39-cp39-win_amd64',
    files: {
      'fastcodec/_codec.cp39-win_amd64.pyd': writePe({
        name: '_codec.cp39-win_amd64.pyd',
        exports: ['PyInit__codec'],
        linkerVersion: [14, 29],
        imports: { 'KERNEL32.dll': ['GetProcAddress'], 'python39.dll': ['PyModule_Create2'], 'VCRUNTIME140.dll': ['memcpy', '__C_specific_handler'] },
      }),
    },
  });
  return {
    name,
    python,
    prefix,
    loader: {},
    module: 'fastcodec._codec',
    errorText: 'ImportError: DLL load failed while importing _codec: A dynamic link library (DLL) initialization routine failed.',
    expected: { kind: 'outdated-vc-runtime', module: 'fastcodec._codec', firstRemedy: { kind: 'manual' } },
  };
}
