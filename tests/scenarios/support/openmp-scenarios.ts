/**
 * Copied Windows environments where two packages each ship Intel's OpenMP runtime, libiomp5md.dll:
 * "OMP: Error #15: Initializing libiomp5md.dll, but found libiomp5md.dll already initialized".
 *
 * Modelled on meta-pytorch/csprng#115 (one copy in torch\lib, another elsewhere in the environment)
 * and harry0703/MoneyPrinterTurbo#90 (ctranslate2 ships its own libiomp5md.dll next to torch's).
 * Both copies export the same functions: only their initialisation conflicts.
 */
import { join } from 'node:path';
import { pyd } from './context-windows-scenarios';
import { writePe } from './pe-writer';
import { distInfo, PY_API, pythonFolder } from './windows-scenarios';

const KMPC = ['__kmpc_fork_call', '__kmpc_barrier', 'omp_get_max_threads'];

const iomp = (): Buffer => writePe({ name: 'libiomp5md.dll', exports: KMPC, imports: { 'KERNEL32.dll': ['GetProcAddress'] } });

/** torch (torch\lib\libiomp5md.dll) and, unless `oneCopy`, ctranslate2 with its own copy. */
export async function buildOpenmpScenario(dir: string, oneCopy = false): Promise<{ python: string; prefix: string }> {
  const prefix = join(dir, oneCopy ? 'openmp-one' : 'openmp-two');
  const python = await pythonFolder(prefix, { dll: 'python312.dll', exports: PY_API, release: '3.12.7' });
  await distInfo(prefix, {
    name: 'torch',
    version: '2.3.1',
    installer: 'pip',
    tag: 'cp312-cp312-win_amd64',
    files: {
      'torch/__init__.py': Buffer.from(''),
      'torch/_C.cp312-win_amd64.pyd': pyd('_C.cp312-win_amd64.pyd', { 'torch_cpu.dll': ['at_init'], 'python312.dll': ['PyArg_ParseTuple'] }),
      'torch/lib/torch_cpu.dll': writePe({ name: 'torch_cpu.dll', exports: ['at_init'], imports: { 'libiomp5md.dll': ['__kmpc_fork_call'], 'KERNEL32.dll': ['GetProcAddress'] } }),
      'torch/lib/libiomp5md.dll': iomp(),
    },
  });
  await distInfo(prefix, {
    name: 'ctranslate2',
    version: '4.3.1',
    installer: 'pip',
    tag: 'cp312-cp312-win_amd64',
    files: {
      'ctranslate2/__init__.py': Buffer.from(''),
      'ctranslate2/_ext.cp312-win_amd64.pyd': pyd('_ext.cp312-win_amd64.pyd', { 'ctranslate2.dll': ['ct2_init'], 'python312.dll': ['PyArg_ParseTuple'] }),
      'ctranslate2/ctranslate2.dll': writePe({ name: 'ctranslate2.dll', exports: ['ct2_init'], imports: oneCopy ? { 'KERNEL32.dll': ['GetProcAddress'] } : { 'libiomp5md.dll': ['__kmpc_fork_call'], 'KERNEL32.dll': ['GetProcAddress'] } }),
      ...(oneCopy ? {} : { 'ctranslate2/libiomp5md.dll': iomp() }),
    },
  });
  return { python, prefix };
}
