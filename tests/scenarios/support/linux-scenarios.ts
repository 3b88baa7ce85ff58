/**
 * Real broken Linux environments, one per failure class, for the scenario suite and for the repair
 * and wizard tests: a venv from the system python3, C extensions and shared libraries compiled with
 * gcc, packed into wheels and installed with the real pip from a local folder.
 *
 * Each builder returns the venv's interpreter, the wheel folder (the "index" the fix installs
 * from), the error the real import prints, and the expected top cause and first remedy.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CauseKind } from '../../../app/diagnosis/types';
import { buildWheel, gccShared, localIndexEnv, makeVenv, pip, pythonInfo, run } from './build-tools';

export interface LinuxScenario {
  readonly name: string;
  /** The venv's bin/python. */
  readonly python: string;
  readonly venv: string;
  /** Wheels of every version the scenario knows; pip reads it with PIP_NO_INDEX + PIP_FIND_LINKS. */
  readonly wheelDir: string;
  /** Environment for pip and the diagnosis so they use the wheel folder as the only index. */
  readonly env: NodeJS.ProcessEnv;
  readonly module: string;
  /** What `import <module>` prints in the broken venv, captured from the real interpreter. */
  readonly errorText: string;
  readonly expected: {
    readonly kind: CauseKind;
    readonly module: string | null;
    readonly firstRemedy: Record<string, unknown>;
  };
}

function extensionSource(module: string, body: { decl: string; call: string }): string {
  return `#include <Python.h>
${body.decl}
static PyObject* run_it(PyObject* self, PyObject* args) { int a, b; if (!PyArg_ParseTuple(args, "ii", &a, &b)) return NULL; return PyLong_FromLong(${body.call}); }
static PyMethodDef methods[] = {{"run", run_it, METH_VARARGS, "run"}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "${module}", NULL, -1, methods};
PyMODINIT_FUNC PyInit_${module}(void) { return PyModule_Create(&def); }
`;
}

async function captureImportError(python: string, module: string): Promise<string> {
  const { stdout } = await run(python, ['-c', `import traceback\ntry:\n    import ${module}\nexcept BaseException:\n    traceback.print_exc(file=__import__("sys").stdout)\nelse:\n    print("IMPORTED")`]);
  return stdout;
}

async function prepare(dir: string, name: string): Promise<{ root: string; build: string; wheels: string }> {
  const root = join(dir, name);
  const build = join(root, 'build');
  const wheels = join(root, 'wheels');
  await mkdir(build, { recursive: true });
  await mkdir(wheels, { recursive: true });
  return { root, build, wheels };
}

async function companionWheels(build: string, wheels: string): Promise<{ v1: string; v2: string }> {
  const v1 = join(build, 'companion-1', 'libcompanion.so.1');
  const v2 = join(build, 'companion-2', 'libcompanion.so.1');
  await mkdir(join(build, 'companion-1'), { recursive: true });
  await mkdir(join(build, 'companion-2'), { recursive: true });
  await gccShared(v1, { 'companion.c': 'int companion_blend(int a, int b) { return a + b; }\n' }, { soname: 'libcompanion.so.1' });
  await gccShared(v2, { 'companion.c': 'int companion_blend(int a, int b) { return a + b; }\nint companion_blend_v2(int a, int b) { return 2 * (a + b); }\n' }, { soname: 'libcompanion.so.1' });
  const init = join(build, 'empty_init.py');
  await writeFile(init, '');
  await buildWheel({ outDir: wheels, name: 'companion', version: '1.0', files: { 'companion/__init__.py': init, 'companion/libcompanion.so.1': v1 } });
  await buildWheel({ outDir: wheels, name: 'companion', version: '2.0', files: { 'companion/__init__.py': init, 'companion/libcompanion.so.1': v2 } });
  return { v1, v2 };
}

async function imagelibWheels(build: string, wheels: string, companion: { v1: string; v2: string }): Promise<void> {
  const { extSuffix } = await pythonInfo();
  const init = join(build, 'imagelib_init.py');
  await writeFile(init, 'from . import _core\n');
  for (const [version, lib, fn] of [['4.0.0', companion.v1, 'companion_blend'], ['4.1.0', companion.v2, 'companion_blend_v2']] as const) {
    const out = join(build, `imagelib-${version}`, `_core${extSuffix}`);
    await mkdir(join(build, `imagelib-${version}`), { recursive: true });
    await gccShared(out, { '_core.c': extensionSource('_core', { decl: `extern int ${fn}(int, int);`, call: `${fn}(a, b)` }) }, { python: true, libDirs: [join(lib, '..')], libs: ['libcompanion.so.1'], rpath: '$ORIGIN/../companion' });
    await buildWheel({ outDir: wheels, name: 'imagelib', version, requires: ['companion'], files: { 'imagelib/__init__.py': init, [`imagelib/_core${extSuffix}`]: out } });
  }
}

/**
 * imagelib 4.1.0 calls companion_blend_v2, which the installed companion 1.0 library lacks: the
 * import fails with "undefined symbol", and going back to imagelib 4.0.0 is the first fix.
 */
export async function buildImagelibScenario(dir: string): Promise<LinuxScenario> {
  const { root, build, wheels } = await prepare(dir, 'imagelib');
  const companion = await companionWheels(build, wheels);
  await imagelibWheels(build, wheels, companion);
  const python = await makeVenv(join(root, 'venv'));
  await pip(python, ['install', 'companion==1.0'], wheels);
  await pip(python, ['install', 'imagelib==4.1.0'], wheels);
  return {
    name: 'imagelib-undefined-symbol',
    python,
    venv: join(root, 'venv'),
    wheelDir: wheels,
    env: localIndexEnv(wheels),
    module: 'imagelib',
    errorText: await captureImportError(python, 'imagelib'),
    expected: { kind: 'missing-symbol', module: 'imagelib._core', firstRemedy: { kind: 'pip-install-version', package: 'imagelib', version: '4.0.0' } },
  };
}

/** The same wheels with imagelib 4.0.0: everything imports (the healthy control). */
export async function buildHealthyScenario(dir: string): Promise<LinuxScenario> {
  const { root, build, wheels } = await prepare(dir, 'healthy');
  const companion = await companionWheels(build, wheels);
  await imagelibWheels(build, wheels, companion);
  const python = await makeVenv(join(root, 'venv'));
  await pip(python, ['install', 'companion==1.0', 'imagelib==4.0.0'], wheels);
  return {
    name: 'healthy',
    python,
    venv: join(root, 'venv'),
    wheelDir: wheels,
    env: localIndexEnv(wheels),
    module: 'imagelib',
    errorText: await captureImportError(python, 'imagelib'),
    expected: { kind: 'missing-symbol', module: null, firstRemedy: {} },
  };
}

/** rawlib's extension needs libmissing.so.3, which nothing installs. */
export async function buildMissingLibraryScenario(dir: string): Promise<LinuxScenario> {
  const { root, build, wheels } = await prepare(dir, 'missing-library');
  const { extSuffix } = await pythonInfo();
  await mkdir(join(build, 'libmissing'), { recursive: true });
  const lib = join(build, 'libmissing', 'libmissing.so.3');
  await gccShared(lib, { 'm.c': 'int missing_fn(int a, int b) { return a * b; }\n' }, { soname: 'libmissing.so.3' });
  const ext = join(build, `_raw${extSuffix}`);
  await gccShared(ext, { '_raw.c': extensionSource('_raw', { decl: 'extern int missing_fn(int, int);', call: 'missing_fn(a, b)' }) }, { python: true, libDirs: [join(lib, '..')], libs: ['libmissing.so.3'] });
  await buildWheel({ outDir: wheels, name: 'rawlib', version: '1.0', files: { [`rawlib/_raw${extSuffix}`]: ext } });
  const python = await makeVenv(join(root, 'venv'));
  await pip(python, ['install', 'rawlib==1.0'], wheels);
  return {
    name: 'missing-library',
    python,
    venv: join(root, 'venv'),
    wheelDir: wheels,
    env: localIndexEnv(wheels),
    module: 'rawlib._raw',
    errorText: await captureImportError(python, 'rawlib._raw'),
    expected: { kind: 'missing-library', module: 'rawlib._raw', firstRemedy: { kind: 'install-system-library', library: 'libmissing.so.3' } },
  };
}

/**
 * verlib 2.0 needs symbol version VERS_2.0 of libvers.so.1; the installed verscomp 1.0 defines only
 * VERS_1.0 (the GLIBCXX_3.4.30 shape): going back to verlib 1.0 is the first fix.
 */
export async function buildSymbolVersionScenario(dir: string): Promise<LinuxScenario> {
  const { root, build, wheels } = await prepare(dir, 'symbol-version');
  const { extSuffix } = await pythonInfo();
  const init = join(build, 'empty_init.py');
  await writeFile(init, '');
  const libs: Record<string, string> = {};
  for (const [version, source, map] of [
    ['1.0', 'int vers_fn(int a, int b) { return a - b; }\n', 'VERS_1.0 { global: vers_fn; local: *; };\n'],
    ['2.0', 'int vers_fn(int a, int b) { return a - b; }\nint vers_fn2(int a, int b) { return b - a; }\n', 'VERS_1.0 { global: vers_fn; local: *; };\nVERS_2.0 { global: vers_fn2; } VERS_1.0;\n'],
  ] as const) {
    await mkdir(join(build, `verscomp-${version}`), { recursive: true });
    const lib = join(build, `verscomp-${version}`, 'libvers.so.1');
    await gccShared(lib, { 'v.c': source }, { soname: 'libvers.so.1', versionScript: map });
    libs[version] = lib;
    await buildWheel({ outDir: wheels, name: 'verscomp', version, files: { 'verscomp/__init__.py': init, 'verscomp/libvers.so.1': lib } });
  }
  for (const [version, lib, fn] of [['1.0', libs['1.0'] ?? '', 'vers_fn'], ['2.0', libs['2.0'] ?? '', 'vers_fn2']] as const) {
    await mkdir(join(build, `verlib-${version}`), { recursive: true });
    const ext = join(build, `verlib-${version}`, `_ext${extSuffix}`);
    await gccShared(ext, { '_ext.c': extensionSource('_ext', { decl: `extern int ${fn}(int, int);`, call: `${fn}(a, b)` }) }, { python: true, libDirs: [join(lib, '..')], libs: ['libvers.so.1'], rpath: '$ORIGIN/../verscomp' });
    await buildWheel({ outDir: wheels, name: 'verlib', version, requires: ['verscomp'], files: { 'verlib/__init__.py': init, [`verlib/_ext${extSuffix}`]: ext } });
  }
  const python = await makeVenv(join(root, 'venv'));
  await pip(python, ['install', 'verscomp==1.0'], wheels);
  await pip(python, ['install', 'verlib==2.0'], wheels);
  return {
    name: 'symbol-version',
    python,
    venv: join(root, 'venv'),
    wheelDir: wheels,
    env: localIndexEnv(wheels),
    module: 'verlib._ext',
    errorText: await captureImportError(python, 'verlib._ext'),
    expected: { kind: 'missing-symbol-version', module: 'verlib._ext', firstRemedy: { kind: 'pip-install-version', package: 'verlib', version: '1.0' } },
  };
}

/**
 * plugin needs libcore.so.1 from its requirement corelib, which was uninstalled afterwards:
 * reinstalling the dependent (plugin) brings corelib back.
 */
export async function buildRemovedDependencyScenario(dir: string): Promise<LinuxScenario> {
  const { root, build, wheels } = await prepare(dir, 'removed-dependency');
  const { extSuffix } = await pythonInfo();
  const init = join(build, 'empty_init.py');
  await writeFile(init, '');
  await mkdir(join(build, 'corelib'), { recursive: true });
  const lib = join(build, 'corelib', 'libcore.so.1');
  await gccShared(lib, { 'c.c': 'int core_fn(int a, int b) { return a | b; }\n' }, { soname: 'libcore.so.1' });
  await buildWheel({ outDir: wheels, name: 'corelib', version: '1.0', files: { 'corelib/__init__.py': init, 'corelib/libcore.so.1': lib } });
  const ext = join(build, `_plug${extSuffix}`);
  await gccShared(ext, { '_plug.c': extensionSource('_plug', { decl: 'extern int core_fn(int, int);', call: 'core_fn(a, b)' }) }, { python: true, libDirs: [join(lib, '..')], libs: ['libcore.so.1'], rpath: '$ORIGIN/../corelib' });
  await buildWheel({ outDir: wheels, name: 'plugin', version: '1.0', requires: ['corelib'], files: { 'plugin/__init__.py': init, [`plugin/_plug${extSuffix}`]: ext } });
  const python = await makeVenv(join(root, 'venv'));
  await pip(python, ['install', 'plugin==1.0'], wheels);
  await pip(python, ['uninstall', '-y', 'corelib'], wheels);
  return {
    name: 'removed-dependency',
    python,
    venv: join(root, 'venv'),
    wheelDir: wheels,
    env: localIndexEnv(wheels),
    module: 'plugin._plug',
    errorText: await captureImportError(python, 'plugin._plug'),
    expected: { kind: 'broken-requirements', module: 'plugin._plug', firstRemedy: { kind: 'reinstall-dependents', package: 'corelib' } },
  };
}

/**
 * An older libshade.so.1 in a folder on LD_LIBRARY_PATH (a vendor SDK, or a conda env's lib/
 * exported by an activation script) wins over the copy shadowpkg ships in shadowpkg.libs/ and
 * reaches through its RUNPATH: ld.so searches LD_LIBRARY_PATH first. The real-world shape of
 * https://github.com/ContinuumIO/anaconda-issues/issues/13100 (a compiler module's older
 * libstdc++.so.6 on LD_LIBRARY_PATH lacks GLIBCXX_3.4.29, the environment's copy has it). The fix is
 * the folder off LD_LIBRARY_PATH, not a reinstall.
 */
export async function buildLdLibraryPathShadowScenario(dir: string): Promise<LinuxScenario> {
  const { root, build, wheels } = await prepare(dir, 'ld-library-path-shadow');
  const { extSuffix } = await pythonInfo();
  const init = join(build, 'empty_init.py');
  await writeFile(init, '');
  const vendor = join(root, 'vendor', 'lib');
  await mkdir(vendor, { recursive: true });
  await mkdir(join(build, 'shade-2'), { recursive: true });
  const v1 = join(vendor, 'libshade.so.1');
  const v2 = join(build, 'shade-2', 'libshade.so.1');
  await gccShared(v1, { 's.c': 'int shade_fn(int a, int b) { return a + b; }\n' }, { soname: 'libshade.so.1', versionScript: 'SHADE_1.0 { global: shade_fn; local: *; };\n' });
  await gccShared(v2, { 's.c': 'int shade_fn(int a, int b) { return a + b; }\nint shade_fn2(int a, int b) { return a * b; }\n' }, { soname: 'libshade.so.1', versionScript: 'SHADE_1.0 { global: shade_fn; local: *; };\nSHADE_2.0 { global: shade_fn2; } SHADE_1.0;\n' });
  await mkdir(join(build, 'ext'), { recursive: true });
  const ext = join(build, 'ext', `_core${extSuffix}`);
  await gccShared(ext, { '_core.c': extensionSource('_core', { decl: 'extern int shade_fn2(int, int);', call: 'shade_fn2(a, b)' }) }, { python: true, libDirs: [join(v2, '..')], libs: ['libshade.so.1'], rpath: '$ORIGIN/../shadowpkg.libs' });
  await buildWheel({ outDir: wheels, name: 'shadowpkg', version: '1.0', files: { 'shadowpkg/__init__.py': init, [`shadowpkg/_core${extSuffix}`]: ext, 'shadowpkg.libs/libshade.so.1': v2 } });
  const python = await makeVenv(join(root, 'venv'));
  await pip(python, ['install', 'shadowpkg==1.0'], wheels);
  const env = { ...localIndexEnv(wheels), LD_LIBRARY_PATH: vendor };
  const { stdout } = await run(python, ['-c', 'import traceback\ntry:\n    import shadowpkg._core\nexcept BaseException:\n    traceback.print_exc(file=__import__("sys").stdout)\nelse:\n    print("IMPORTED")'], { env });
  return {
    name: 'ld-library-path-shadow',
    python,
    venv: join(root, 'venv'),
    wheelDir: wheels,
    env,
    module: 'shadowpkg._core',
    errorText: stdout,
    expected: { kind: 'shadowed-library', module: 'shadowpkg._core', firstRemedy: { kind: 'manual', title: `Take ${vendor} off LD_LIBRARY_PATH for this Python` } },
  };
}

/**
 * A library bundled in the wheel's own .libs folder (as auditwheel puts libjpeg into pillow.libs) is
 * missing after the install while the package's RECORD still lists it. The shape of
 * https://github.com/pyinstaller/pyinstaller/issues/5366 ("ImportError: libjpeg-ba7bf5af.so.9.4.0:
 * cannot open shared object file", because Pillow.libs was left behind when PIL was copied); the fix
 * is reinstalling the package that installed the file, never a system package.
 */
export async function buildDeletedBundledLibraryScenario(dir: string): Promise<LinuxScenario> {
  const { root, build, wheels } = await prepare(dir, 'deleted-bundled-library');
  const { extSuffix } = await pythonInfo();
  const init = join(build, 'empty_init.py');
  await writeFile(init, '');
  await mkdir(join(build, 'lib'), { recursive: true });
  const lib = join(build, 'lib', 'libbundled-5a3c9f01.so.2');
  await gccShared(lib, { 'b.c': 'int bundled_fn(int a, int b) { return a - b; }\n' }, { soname: 'libbundled-5a3c9f01.so.2' });
  await mkdir(join(build, 'ext'), { recursive: true });
  const ext = join(build, 'ext', `_core${extSuffix}`);
  await gccShared(ext, { '_core.c': extensionSource('_core', { decl: 'extern int bundled_fn(int, int);', call: 'bundled_fn(a, b)' }) }, { python: true, libDirs: [join(lib, '..')], libs: ['libbundled-5a3c9f01.so.2'], rpath: '$ORIGIN/../bundlepkg.libs' });
  await buildWheel({ outDir: wheels, name: 'bundlepkg', version: '2.1', files: { 'bundlepkg/__init__.py': init, [`bundlepkg/_core${extSuffix}`]: ext, 'bundlepkg.libs/libbundled-5a3c9f01.so.2': lib } });
  const venv = join(root, 'venv');
  const python = await makeVenv(venv);
  await pip(python, ['install', 'bundlepkg==2.1'], wheels);
  const site = (await readdir(join(venv, 'lib'))).find((d) => d.startsWith('python'));
  await rm(join(venv, 'lib', site ?? '', 'site-packages', 'bundlepkg.libs', 'libbundled-5a3c9f01.so.2'));
  return {
    name: 'deleted-bundled-library',
    python,
    venv,
    wheelDir: wheels,
    env: localIndexEnv(wheels),
    module: 'bundlepkg._core',
    errorText: await captureImportError(python, 'bundlepkg._core'),
    expected: { kind: 'missing-library', module: 'bundlepkg._core', firstRemedy: { kind: 'pip-force-reinstall', package: 'bundlepkg' } },
  };
}
