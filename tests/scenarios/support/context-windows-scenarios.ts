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

const pyd = (name: string, imports: Record<string, readonly string[]>): Buffer =>
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
