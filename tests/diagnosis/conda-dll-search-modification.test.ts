import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../app/diagnosis/diagnose';
import { createOfflineWindowsDeps } from '../../app/diagnosis/offline/offline-deps';
import { diagnosisSchema } from '../../app/diagnosis/types';
import { writePe } from '../scenarios/support/pe-writer';
import { put, putPipDistribution } from '../scenarios/support/windows-scenarios';

// conda-forge/python-feedstock#520 and conda/conda#10897: conda's Python 3.9 does not find a DLL that
// only a PATH folder holds; with CONDA_DLL_SEARCH_MODIFICATION_ENABLE set, its patched CPython
// searches PATH again (conda-forge/python-feedstock#481). An offline conda folder (conda-meta,
// python39.dll) and a PATH folder holding the extension's dependency.
let root: string;
let python: string;
let onPath: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'conda search-'));
  const prefix = join(root, 'envs', 'geo');
  python = join(prefix, 'python.exe');
  onPath = join(root, 'OSGeo4W', 'bin');
  await mkdir(join(prefix, 'conda-meta'), { recursive: true });
  await put(python, writePe({ name: 'python.exe', imports: { 'python39.dll': ['Py_Main'], 'KERNEL32.dll': ['GetProcAddress'] } }));
  await put(join(prefix, 'python39.dll'), writePe({ name: 'python39.dll', exports: ['PyModule_Create2'], imports: { 'KERNEL32.dll': ['GetProcAddress'] } }));
  await put(join(onPath, 'gdal304.dll'), writePe({ name: 'gdal304.dll', exports: ['GDALOpen'], imports: { 'KERNEL32.dll': ['GetProcAddress'] } }));
  const site = join(prefix, 'Lib', 'site-packages');
  const rel = 'osgeo/_gdal.cp39-win_amd64.pyd';
  const pyd = writePe({ name: '_gdal.cp39-win_amd64.pyd', exports: ['PyInit__gdal'], imports: { 'python39.dll': ['PyModule_Create2'], 'gdal304.dll': ['GDALOpen'], 'KERNEL32.dll': ['GetProcAddress'] } });
  await putPipDistribution(site, 'GDAL', '3.4.3', rel, pyd);
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('CONDA_DLL_SEARCH_MODIFICATION_ENABLE on an offline conda Python 3.9', () => {
  it('without it, a dependency only on PATH is not found: the search-policy cause', async () => {
    const d = diagnosisSchema.parse(await diagnose({ python, module: 'osgeo._gdal' }, createOfflineWindowsDeps({ pathDirs: [onPath] })));
    expect(d.causes[0]?.kind).toBe('search-policy');
  });

  it('with it, conda\'s Python searches PATH and the module loads (control)', async () => {
    const d = diagnosisSchema.parse(await diagnose({ python, module: 'osgeo._gdal' }, createOfflineWindowsDeps({ pathDirs: [onPath], condaDllSearchModification: true })));
    expect(d.causes.map((c) => c.kind)).not.toContain('search-policy');
    expect(d.causes.map((c) => c.kind)).not.toContain('missing-library');
    // Offline nothing is imported, so the verdict stays short of "healthy"; the loader found no problem.
    expect(d.causes).toEqual([]);
    expect(d.status).toBe('inconclusive');
  });
});
