import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factsFromDescription } from '../../app/diagnosis/facts/environment-facts';
import { managersOf } from '../../app/diagnosis/facts/package-records';
import { describeOffline, nodeHost } from '../../app/envs';
import { readCondaRecords, readDistributions } from '../../app/envs/distributions';
import { recordOfDistribution } from '../../app/repair/conda-meta';
import { writePe } from '../scenarios/support/pe-writer';
import { writeCondaPackage } from './conda-record';

// Issue 24 item 3: one installation, two names. Pairs and where they are seen together:
// matplotlib-base 3.3.4 py36h49ac443_0 beside matplotlib (https://github.com/ContinuumIO/anaconda-issues/issues/12993);
// pyqt 5.6.0 py36_2 and pytables 3.2.2 np111py36_4 (https://github.com/ContinuumIO/anaconda-issues/issues/1646, with
// PyQt5 imported from site-packages in /1481); `conda install pytorch … -c pytorch` then `import torch` from
// site-packages\torch (https://github.com/pytorch/pytorch/issues/17203); conda-forge's msgpack-python installs
// `msgpack` (conda-forge/msgpack-python-feedstock). The pytorch and msgpack-python versions and builds below
// are not from a record (the join reads neither); the metadata folders are named as setuptools and pip name them.
const PAIRS = [
  { conda: 'matplotlib-base', version: '3.3.4', build: 'py36h49ac443_0', pip: 'matplotlib', folder: 'matplotlib-3.3.4-py3.6.egg-info', module: 'matplotlib/_path.cp36-win_amd64.pyd' },
  { conda: 'pytorch', version: '1.0.1', build: 'py3.7_0', pip: 'torch', folder: 'torch-1.0.1.dist-info', module: 'torch/_C.cp37-win_amd64.pyd' },
  { conda: 'pytables', version: '3.2.2', build: 'np111py36_4', pip: 'tables', folder: 'tables-3.2.2-py3.6.egg-info', module: 'tables/utilsextension.cp36-win_amd64.pyd' },
  { conda: 'pyqt', version: '5.6.0', build: 'py36_2', pip: 'PyQt5', folder: 'PyQt5-5.6.0.dist-info', module: 'PyQt5/QtCore.pyd' },
  { conda: 'msgpack-python', version: '1.0.2', build: 'py39_0', pip: 'msgpack', folder: 'msgpack-1.0.2.dist-info', module: 'msgpack/_cmsgpack.cp39-win_amd64.pyd' },
] as const;

describe('conda and pip packages joined through the files conda-meta lists', () => {
  let prefix = '';
  beforeAll(async () => {
    prefix = await mkdtemp(path.join(tmpdir(), 'conda-join-'));
    // A Windows interpreter for the offline reader (its files only: nothing runs).
    await writeFile(path.join(prefix, 'python.exe'), writePe({ name: 'python.exe', imports: { 'python37.dll': ['Py_Main'] } }));
    await writeFile(path.join(prefix, 'python37.dll'), writePe({ name: 'python37.dll', exports: ['Py_Main'] }));
    for (const p of PAIRS) {
      const meta = p.folder.endsWith('.dist-info') ? `${p.folder}/METADATA` : `${p.folder}/PKG-INFO`;
      await writeCondaPackage(prefix, {
        name: p.conda,
        version: p.version,
        build: p.build,
        files: { [`Lib/site-packages/${meta}`]: `Metadata-Version: 2.1\nName: ${p.pip}\nVersion: ${p.version}\n`, [`Lib/site-packages/${p.module}`]: 'MZ' },
      });
    }
    // conda's `matplotlib` meta-package installs no Python files of its own (it depends on matplotlib-base).
    await writeCondaPackage(prefix, { name: 'matplotlib', version: '3.3.4', build: 'py36haa95532_0', depends: ['matplotlib-base >=3.3.4,<3.3.5.0a0'], files: {} });
  });
  afterAll(() => rm(prefix, { recursive: true, force: true }));

  it('gives each distribution the record that lists its metadata folder, and that record’s files when it has no RECORD', async () => {
    const host = nodeHost();
    const records = await readCondaRecords(host, prefix);
    const dists = await readDistributions(host, [path.join(prefix, 'Lib', 'site-packages')], ['.pyd'], { prefix, records });
    for (const p of PAIRS) {
      const d = dists.find((x) => x.name === p.pip);
      expect(d?.condaMetaFile, p.pip).toBe(path.join(prefix, 'conda-meta', `${p.conda}-${p.version}-${p.build}.json`));
      expect(d?.extensionModules, p.pip).toEqual([p.module]);
    }
  });

  it('makes one package of each pair for the diagnosis, conda-managed, under pip’s name with conda’s record', async () => {
    const d = await describeOffline(prefix);
    const env = factsFromDescription(d, path.join(prefix, 'python.exe'));
    for (const p of PAIRS) {
      const pkg = env.packages.find((x) => x.name === p.pip);
      expect(pkg?.condaRecord?.name, p.pip).toBe(p.conda);
      expect(managersOf(pkg!), p.pip).toEqual(['conda']);
      expect(env.packages.filter((x) => x.condaRecord?.name === p.conda), p.conda).toHaveLength(1);
    }
  });

  it('finds the conda record of a pip name for the repair (torch is pytorch, matplotlib is matplotlib-base, not the meta-package)', async () => {
    const records = await readCondaRecords(nodeHost(), prefix);
    for (const p of PAIRS) expect(recordOfDistribution(records, p.pip)?.name, p.pip).toBe(p.conda);
    expect(recordOfDistribution(records, 'numpy')).toBeNull();
  });
});
