/**
 * Real Linux environments where a module fails only in context: what an earlier import or the
 * module's parent package loaded first decides. gcc-built libraries and extensions in wheels,
 * installed with the real pip into venvs of the system python3, run by the real interpreter.
 *
 * - Import order (mantidproject/mantidimaging#1228, parlance/ctcdecode#191): guipkg ships an
 *   older libstdc++.so.6 stand-in (GLIBCXX_3.4.29), scipkg a newer one (GLIBCXX_3.4.30) its
 *   extension needs; `import guipkg` then `import scipkg` fails, scipkg alone works.
 * - Parent-loaded library (Dao-AILab/flash-attention#931): corepkg's __init__ preloads its
 *   lib/libcore.so.1 (as torch loads libc10.so); the top-level extension extpkg_cuda links
 *   libcore.so.1 without a path and needs core_set_device_v2, which only corepkg 2.0's copy has.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildWheel, gccShared, localIndexEnv, makeVenv, pip, pythonInfo, run } from './build-tools';

export interface ContextScenario {
  readonly python: string;
  readonly venv: string;
  readonly wheelDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** The user's program (imports in order) and what running it printed. */
  readonly program: string;
  readonly errorText: string;
}

function extensionSource(module: string, decl: string, call: string): string {
  return `#include <Python.h>
${decl}
static PyObject* run_it(PyObject* self, PyObject* args) { return PyLong_FromLong(${call}); }
static PyMethodDef methods[] = {{"run", run_it, METH_NOARGS, "run"}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "${module}", NULL, -1, methods};
PyMODINIT_FUNC PyInit_${module}(void) { return PyModule_Create(&def); }
`;
}

/** Runs the program and returns the traceback it printed (stderr), or "" when it worked. */
async function runProgram(python: string, program: string): Promise<string> {
  try {
    await run(python, [program]);
    return '';
  } catch (e) {
    const text = (e as Error).message;
    return text.slice(text.indexOf('Traceback'));
  }
}

const OLD_CXX = 'GLIBCXX_3.4.29 { global: cxx_base; local: *; };\n';
const NEW_CXX = 'GLIBCXX_3.4.29 { global: cxx_base; local: *; };\nGLIBCXX_3.4.30 { global: cxx_new; } GLIBCXX_3.4.29;\n';

/**
 * guipkg (its libstdc++ stand-in without GLIBCXX_3.4.30) and scipkg (its own, with it). With
 * `compatible`, guipkg ships the same newer copy: duplicates that raise nothing.
 */
export async function buildImportOrderScenario(dir: string, compatible = false): Promise<ContextScenario> {
  const root = join(dir, compatible ? 'order-compatible' : 'order');
  const build = join(root, 'build');
  const wheels = join(root, 'wheels');
  await mkdir(join(build, 'old'), { recursive: true });
  await mkdir(join(build, 'new'), { recursive: true });
  await mkdir(wheels, { recursive: true });
  const { extSuffix } = await pythonInfo();
  const oldLib = join(build, 'old', 'libstdc++.so.6');
  const newLib = join(build, 'new', 'libstdc++.so.6');
  await gccShared(oldLib, { 'cxx.c': 'int cxx_base(void) { return 1; }\n' }, { soname: 'libstdc++.so.6', versionScript: OLD_CXX });
  await gccShared(newLib, { 'cxx.c': 'int cxx_base(void) { return 1; }\nint cxx_new(void) { return 2; }\n' }, { soname: 'libstdc++.so.6', versionScript: NEW_CXX });
  const gui = join(build, `_gui${extSuffix}`);
  const sci = join(build, `_sci${extSuffix}`);
  await gccShared(gui, { '_gui.c': extensionSource('_gui', 'extern int cxx_base(void);', 'cxx_base()') }, { python: true, libDirs: [join(build, 'old')], libs: ['libstdc++.so.6'], rpath: '$ORIGIN/Qt/lib' });
  await gccShared(sci, { '_sci.c': extensionSource('_sci', 'extern int cxx_new(void);', 'cxx_new()') }, { python: true, libDirs: [join(build, 'new')], libs: ['libstdc++.so.6'], rpath: '$ORIGIN/../scipkg.libs' });
  const guiInit = join(build, 'gui_init.py');
  const sciInit = join(build, 'sci_init.py');
  await writeFile(guiInit, 'from . import _gui\n');
  await writeFile(sciInit, 'from . import _sci\n');
  await buildWheel({ outDir: wheels, name: 'guipkg', version: '5.15.0', files: { 'guipkg/__init__.py': guiInit, [`guipkg/_gui${extSuffix}`]: gui, 'guipkg/Qt/lib/libstdc++.so.6': compatible ? newLib : oldLib } });
  await buildWheel({ outDir: wheels, name: 'scipkg', version: '1.11.0', files: { 'scipkg/__init__.py': sciInit, [`scipkg/_sci${extSuffix}`]: sci, 'scipkg.libs/libstdc++.so.6': newLib } });
  const venv = join(root, 'venv');
  const python = await makeVenv(venv);
  await pip(python, ['install', 'guipkg==5.15.0', 'scipkg==1.11.0'], wheels);
  const program = join(root, 'app.py');
  await writeFile(program, 'import sys\nimport guipkg\nimport scipkg\nprint("started")\n');
  return { python, venv, wheelDir: wheels, env: localIndexEnv(wheels), program, errorText: await runProgram(python, program) };
}

/**
 * corepkg preloads its libcore.so.1 in __init__; extpkg's __init__ imports corepkg, then the
 * top-level extension extpkg_cuda, which links libcore.so.1 by name only. Installed: corepkg
 * `core` with extpkg 2.0 (built for corepkg 2.0). With core 2.0 it works (the control).
 */
export async function buildParentLoadedScenario(dir: string, core: '1.0' | '2.0'): Promise<ContextScenario> {
  const root = join(dir, `parent-${core}`);
  const build = join(root, 'build');
  const wheels = join(root, 'wheels');
  await mkdir(wheels, { recursive: true });
  const { extSuffix } = await pythonInfo();
  const coreInit = join(build, 'core_init.py');
  await mkdir(build, { recursive: true });
  await writeFile(coreInit, 'import ctypes, os\n# Like torch: the package loads its own libraries before its extensions.\n_lib = ctypes.CDLL(os.path.join(os.path.dirname(__file__), "lib", "libcore.so.1"), mode=ctypes.RTLD_GLOBAL)\n');
  const libs: Record<string, string> = {};
  for (const [version, source] of [
    ['1.0', 'int core_set_device(int d) { return d; }\n'],
    ['2.0', 'int core_set_device(int d) { return d; }\nint core_set_device_v2(int d) { return d + 1; }\n'],
  ] as const) {
    await mkdir(join(build, `core-${version}`), { recursive: true });
    const lib = join(build, `core-${version}`, 'libcore.so.1');
    await gccShared(lib, { 'core.c': source }, { soname: 'libcore.so.1' });
    libs[version] = lib;
    await buildWheel({ outDir: wheels, name: 'corepkg', version, files: { 'corepkg/__init__.py': coreInit, 'corepkg/lib/libcore.so.1': lib } });
  }
  const extInit = join(build, 'ext_init.py');
  await writeFile(extInit, 'import corepkg\nimport extpkg_cuda\n');
  for (const [version, fn, lib] of [['1.0', 'core_set_device', libs['1.0']], ['2.0', 'core_set_device_v2', libs['2.0']]] as const) {
    await mkdir(join(build, `ext-${version}`), { recursive: true });
    const ext = join(build, `ext-${version}`, `extpkg_cuda${extSuffix}`);
    await gccShared(ext, { 'e.c': extensionSource('extpkg_cuda', `extern int ${fn}(int);`, `${fn}(0)`) }, { python: true, libDirs: [join(lib ?? '', '..')], libs: ['libcore.so.1'] });
    await buildWheel({ outDir: wheels, name: 'extpkg', version, requires: ['corepkg'], files: { 'extpkg/__init__.py': extInit, [`extpkg_cuda${extSuffix}`]: ext } });
  }
  const venv = join(root, 'venv');
  const python = await makeVenv(venv);
  await pip(python, ['install', `corepkg==${core}`], wheels);
  await pip(python, ['install', '--no-deps', 'extpkg==2.0'], wheels);
  const program = join(root, 'train.py');
  await writeFile(program, 'import extpkg\n');
  return { python, venv, wheelDir: wheels, env: localIndexEnv(wheels), program, errorText: await runProgram(python, program) };
}
