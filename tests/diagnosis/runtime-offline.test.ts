import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../app/diagnosis/diagnose';
import { createOfflineWindowsDeps } from '../../app/diagnosis/offline/offline-deps';
import { diagnosisSchema } from '../../app/diagnosis/types';
import { writePe } from '../scenarios/support/pe-writer';

// google/magika#1099 and microsoft/onnxruntime#24843: onnxruntime >= 1.21 is linked by the 14.4x
// toolset and needs an msvcp140.dll at least that new. In a copied Windows folder without its own
// msvcp140.dll the loader takes the machine's: which version that is cannot be read here, and the
// diagnosis says so.
let root: string;
let python: string;

async function put(path: string, data: Buffer | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'runtime offline-'));
  const prefix = join(root, 'Python312');
  python = join(prefix, 'python.exe');
  await put(python, writePe({ name: 'python.exe', imports: { 'python312.dll': ['Py_Main'], 'VCRUNTIME140.dll': ['memcpy'], 'KERNEL32.dll': ['GetProcAddress'] } }));
  await put(join(prefix, 'python312.dll'), writePe({ name: 'python312.dll', exports: ['PyModule_Create2', 'PyArg_ParseTuple'], imports: { 'KERNEL32.dll': ['GetProcAddress'] } }));
  await put(join(prefix, 'vcruntime140.dll'), writePe({ name: 'vcruntime140.dll', exports: ['memcpy', 'memset'], imports: { 'KERNEL32.dll': ['GetProcAddress'] } }));
  const site = join(prefix, 'Lib', 'site-packages');
  const rel = 'onnxruntime/capi/onnxruntime_pybind11_state.pyd';
  const pyd = writePe({ name: 'onnxruntime_pybind11_state.pyd', exports: ['PyInit_onnxruntime_pybind11_state'], linkerVersion: [14, 42], imports: { 'python312.dll': ['PyModule_Create2'], 'MSVCP140.dll': ['_Mtx_init_in_situ'], 'VCRUNTIME140.dll': ['memcpy'], 'KERNEL32.dll': ['GetProcAddress'] } });
  await put(join(site, ...rel.split('/')), pyd);
  const info = join(site, 'onnxruntime-1.22.0.dist-info');
  await put(join(info, 'METADATA'), 'Metadata-Version: 2.1\nName: onnxruntime\nVersion: 1.22.0\n');
  await put(join(info, 'INSTALLER'), 'pip\n');
  await put(join(info, 'WHEEL'), 'Wheel-Version: 1.0\nRoot-Is-Purelib: false\nTag: cp312-cp312-win_amd64\n');
  await put(join(info, 'RECORD'), `${rel},sha256=${createHash('sha256').update(pyd).digest('base64url')},${pyd.length}\n`);
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('the runtime of a copied Windows folder', () => {
  it('lists the machine\'s runtime copies as not checked, with how to read them, and claims no machine fact', async () => {
    const d = diagnosisSchema.parse(await diagnose({ python, module: 'onnxruntime.capi.onnxruntime_pybind11_state' }, createOfflineWindowsDeps({})));
    // The folder has no msvcp140.dll: the loader would take System32's, which is not here to read.
    expect(d.causes[0]?.kind).toBe('missing-vc-runtime');
    const runtime = d.unchecked?.find((u) => u.what.startsWith('The Visual C++ runtime copies the loader takes'));
    expect(runtime?.why).toContain('belongs to the machine it runs on');
    expect(runtime?.howToCheck).toContain('python-dll-doctor diagnose --python');
    expect(d.host?.vcRuntime.status).toBe('absent');
    expect(d.causes.every((c) => c.evidence.every((e) => e.kind !== 'host-fact'))).toBe(true);
  });
});
