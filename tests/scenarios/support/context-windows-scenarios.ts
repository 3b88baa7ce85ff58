/**
 * Copied Windows environments (examined offline from their files) where one package's DLL, loaded
 * first, breaks another package: a process holds one DLL per name, so the first msvcp140.dll loaded
 * is the one every later module gets.
 *
 * Modelled on pytorch/pytorch#166628 (torch 2.9's c10.dll fails after PyQt5 loaded the older
 * msvcp140.dll it ships; importing torch first works) and OpenMS/OpenMS#7691 (pyarrow's bundled
 * msvcp140.dll). `_Thrd_sleep_for` stands for a function only newer msvcp140.dll builds export.
 */
import { join } from 'node:path';
import { writePe } from './pe-writer';
import { distInfo, PY_API, pythonFolder } from './windows-scenarios';

const OLD_MSVCP = ['?_Xlength_error@std@@YAXPEBD@Z', '_Mtx_lock'];
const NEW_MSVCP = [...OLD_MSVCP, '_Thrd_sleep_for'];

/** An extension module (PyInit_<name>) importing from the given DLLs. */
export const pyd = (name: string, imports: Record<string, readonly string[]>): Buffer =>
  writePe({ name, exports: [`PyInit_${name.split('.')[0] ?? name}`], imports: { 'KERNEL32.dll': ['GetProcAddress'], ...imports } });

/** PyQt5 (older msvcp140.dll) and torch (a newer one its c10.dll needs). With `compatible`, both ship the newer one. */
export async function buildMsvcpOrderScenario(dir: string, compatible = false): Promise<{ python: string; prefix: string }> {
  const prefix = join(dir, compatible ? 'msvcp-compatible' : 'msvcp');
  const python = await pythonFolder(prefix, { dll: 'python312.dll', exports: PY_API, release: '3.12.7' });
  await distInfo(prefix, {
    name: 'PyQt5',
    version: '5.15.11',
    installer: 'pip',
    tag: 'cp38-abi3-win_amd64',
    files: {
      'PyQt5/__init__.py': Buffer.from(''),
      'PyQt5/QtCore.pyd': pyd('QtCore.pyd', { 'Qt5Core.dll': ['qVersion'], 'python3.dll': ['PyArg_ParseTuple'] }),
      'PyQt5/Qt5/bin/Qt5Core.dll': writePe({ name: 'Qt5Core.dll', exports: ['qVersion'], imports: { 'MSVCP140.dll': ['?_Xlength_error@std@@YAXPEBD@Z'], 'KERNEL32.dll': ['GetProcAddress'] } }),
      'PyQt5/Qt5/bin/msvcp140.dll': writePe({ name: 'msvcp140.dll', exports: compatible ? NEW_MSVCP : OLD_MSVCP, imports: { 'KERNEL32.dll': ['GetProcAddress'] } }),
    },
  });
  await distInfo(prefix, {
    name: 'torch',
    version: '2.9.0',
    installer: 'pip',
    tag: 'cp312-cp312-win_amd64',
    files: {
      'torch/__init__.py': Buffer.from(''),
      'torch/_C.cp312-win_amd64.pyd': pyd('_C.cp312-win_amd64.pyd', { 'c10.dll': ['c10_init'], 'python312.dll': ['PyArg_ParseTuple'] }),
      'torch/lib/c10.dll': writePe({ name: 'c10.dll', exports: ['c10_init'], imports: { 'MSVCP140.dll': ['_Mtx_lock', '_Thrd_sleep_for'], 'KERNEL32.dll': ['GetProcAddress'] } }),
      'torch/lib/msvcp140.dll': writePe({ name: 'msvcp140.dll', exports: NEW_MSVCP, imports: { 'KERNEL32.dll': ['GetProcAddress'] } }),
    },
  });
  return { python, prefix };
}

/**
 * torch's own loading, followed offline (pytorch/pytorch#131662): torch/__init__.py adds torch\lib
 * with os.add_dll_directory and preloads its DLLs before torch._C; deep under it fbgemm.dll needs
 * libomp140.x86_64.dll, which nothing ships. The __init__ follows the shape of torch's Windows
 * block (written here, not copied).
 */
export async function buildTorchPreloadScenario(dir: string): Promise<{ python: string; prefix: string }> {
  const prefix = join(dir, 'torch-preload');
  const python = await pythonFolder(prefix, { dll: 'python312.dll', exports: PY_API, release: '3.12.7' });
  const init = [
    'import ctypes, glob, os',
    "if os.name == 'nt':",
    "    th_dll_path = os.path.join(os.path.dirname(__file__), 'lib')",
    "    kernel32 = ctypes.WinDLL('kernel32.dll', use_last_error=True)",
    '    os.add_dll_directory(th_dll_path)',
    "    for dll in glob.glob(os.path.join(th_dll_path, '*.dll')):",
    '        kernel32.LoadLibraryExW(dll, None, 0x00001100)',
    'from torch._C import *',
    '',
  ].join('\n');
  await distInfo(prefix, {
    name: 'torch',
    version: '2.4.0',
    installer: 'pip',
    tag: 'cp312-cp312-win_amd64',
    files: {
      'torch/__init__.py': Buffer.from(init),
      'torch/_C.cp312-win_amd64.pyd': pyd('_C.cp312-win_amd64.pyd', { 'torch_python.dll': ['initModule'], 'python312.dll': ['PyArg_ParseTuple'] }),
      'torch/lib/torch_python.dll': writePe({ name: 'torch_python.dll', exports: ['initModule'], imports: { 'torch_cpu.dll': ['at_init'], 'KERNEL32.dll': ['GetProcAddress'] } }),
      'torch/lib/torch_cpu.dll': writePe({ name: 'torch_cpu.dll', exports: ['at_init'], imports: { 'fbgemm.dll': ['fbgemmInit'], 'KERNEL32.dll': ['GetProcAddress'] } }),
      'torch/lib/fbgemm.dll': writePe({ name: 'fbgemm.dll', exports: ['fbgemmInit'], imports: { 'libomp140.x86_64.dll': ['__kmpc_fork_call'], 'KERNEL32.dll': ['GetProcAddress'] } }),
    },
  });
  return { python, prefix };
}

/**
 * pywin32's .pth bootstrap (mhammond/pywin32: pywin32.pth runs `import pywin32_bootstrap`, which
 * adds site-packages\pywin32_system32 with os.add_dll_directory): win32api.pyd needs
 * pywintypes312.dll from there.
 */
export async function buildPywin32Scenario(dir: string): Promise<{ python: string; prefix: string }> {
  const prefix = join(dir, 'pywin32');
  const python = await pythonFolder(prefix, { dll: 'python312.dll', exports: PY_API, release: '3.12.7' });
  const bootstrap = [
    'import os, site',
    'for maybe in site.getsitepackages():',
    "    pywin32_system32 = os.path.join(maybe, 'pywin32_system32')",
    '    if os.path.isdir(pywin32_system32):',
    '        os.add_dll_directory(pywin32_system32)',
    '        break',
    '',
  ].join('\n');
  await distInfo(prefix, {
    name: 'pywin32',
    version: '308',
    installer: 'pip',
    tag: 'cp312-cp312-win_amd64',
    files: {
      'pywin32.pth': Buffer.from('# .pth file for the PyWin32 extensions\nwin32\nwin32\\lib\nPythonwin\nimport pywin32_bootstrap\n'),
      'pywin32_bootstrap.py': Buffer.from(bootstrap),
      'win32/win32api.pyd': pyd('win32api.pyd', { 'pywintypes312.dll': ['PyWinObject_FromHANDLE'], 'python312.dll': ['PyArg_ParseTuple'] }),
      'pywin32_system32/pywintypes312.dll': writePe({ name: 'pywintypes312.dll', exports: ['PyWinObject_FromHANDLE'], imports: { 'KERNEL32.dll': ['GetProcAddress'] } }),
    },
  });
  return { python, prefix };
}
