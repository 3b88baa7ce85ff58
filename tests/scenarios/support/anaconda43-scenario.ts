/**
 * The seed's case in a conda environment of its era: an Anaconda 4.3 base environment on Windows
 * (Python 3.6.0 and Pillow 4.1.0 from conda's pkgs/free, scikit-image and anaconda-navigator
 * depending on pillow), issue 24 item 0.
 *
 * Where each fact comes from:
 * - packages, versions and builds: `conda list` of Anaconda 4.3 installs posted in
 *   https://github.com/ContinuumIO/anaconda-issues/issues/1646 (python 3.6.0 build 0,
 *   anaconda-navigator 1.5.1 py36_0, pyqt 5.6.0 py36_2, pytables 3.2.2 np111py36_4) and
 *   https://github.com/ContinuumIO/anaconda-issues/issues/1642 (jpeg 9b vc14_0, conda 4.3 on Windows 7);
 *   Pillow 4.1.0 with Python 3.6.0: python-pillow/Pillow#2479; `conda remove pillow` taking
 *   anaconda-navigator and scikit-image along: python-pillow/Pillow#2945;
 * - the records' keys: conda 4.3.30 `conda/models/index_record.py` `IndexRecord` (build,
 *   build_number, channel, schannel, date, depends, files, fn, license, link, md5, name, platform,
 *   size, subdir, url, version); `files` as conda's own test data lists an egg-info of that time
 *   (tests/data/env_metadata/envpy27win_whl/conda-meta/certifi-2018.8.13-py27_0.json at 25.11.1:
 *   "Lib/site-packages/certifi-2018.08.13-py2.7.egg-info");
 * - `depends` in the pre-4.4 form, "python 3.6*" and "jpeg 9*" (issue 24 quotes both);
 * - the binaries: the generated PE files of the pip scenario (windows-scenarios.ts), the same
 *   imports python-pillow/Pillow#2479 reports (PySlice_AdjustIndices, PySlice_Unpack).
 */
import { join } from 'node:path';
import { PY_361, PY_API, put, pyd, pythonFolder, type WindowsScenario } from './windows-scenarios';
import { writePe } from './pe-writer';

const FREE = 'https://repo.continuum.io/pkgs/free';

interface Package {
  readonly name: string;
  readonly version: string;
  readonly build: string;
  readonly depends: readonly string[];
  readonly files: Record<string, Buffer | string>;
}

/** Writes a package's files and its conda 4.3 record (an egg-info, never a RECORD). */
async function condaPackage(prefix: string, pkg: Package): Promise<void> {
  for (const [rel, data] of Object.entries(pkg.files)) await put(join(prefix, ...rel.split('/')), data);
  const fn = `${pkg.name}-${pkg.version}-${pkg.build}.tar.bz2`;
  const record = {
    arch: 'x86_64',
    build: pkg.build,
    build_number: Number(/_(\d+)$/.exec(pkg.build)?.[1] ?? 0),
    channel: `${FREE}/win-64`,
    date: '2017-04-03',
    depends: pkg.depends,
    files: Object.keys(pkg.files),
    fn,
    license: 'see the package',
    link: { source: `C:\\Anaconda3\\pkgs\\${pkg.name}-${pkg.version}-${pkg.build}`, type: 1 },
    md5: '0'.repeat(32),
    name: pkg.name,
    platform: 'win32',
    schannel: 'defaults',
    size: 1,
    subdir: 'win-64',
    url: `${FREE}/win-64/${fn}`,
    version: pkg.version,
  };
  await put(join(prefix, 'conda-meta', `${pkg.name}-${pkg.version}-${pkg.build}.json`), JSON.stringify(record, null, 2));
}

const pkgInfo = (name: string, version: string) => `Metadata-Version: 1.1\nName: ${name}\nVersion: ${version}\n`;
const site = 'Lib/site-packages';

/**
 * Anaconda 4.3 with conda's Pillow 4.1.0 on Python 3.6.0; `pillowVersion` 4.0.0 is the healthy
 * control (the downgrade Pillow#2479 recommends).
 */
export async function buildAnaconda43Scenario(dir: string, pillowVersion = '4.1.0'): Promise<WindowsScenario> {
  const prefix = join(dir, `anaconda43-pillow-${pillowVersion}`, 'Anaconda3');
  const python = await pythonFolder(prefix, { dll: 'python36.dll', exports: PY_API, conda: true, release: '3.6.0' });
  await condaPackage(prefix, { name: 'python', version: '3.6.0', build: '0', depends: [], files: {} });
  await condaPackage(prefix, { name: 'jpeg', version: '9b', build: 'vc14_0', depends: ['vc 14'], files: { 'Library/bin/libjpeg.dll': writePe({ name: 'libjpeg.dll', exports: ['jpeg_read_header'] }) } });
  await condaPackage(prefix, { name: 'vc', version: '14', build: '0', depends: [], files: {} });
  await condaPackage(prefix, { name: 'olefile', version: '0.44', build: 'py36_0', depends: ['python 3.6*'], files: { [`${site}/olefile/__init__.py`]: '', [`${site}/olefile-0.44-py3.6.egg-info/PKG-INFO`]: pkgInfo('olefile', '0.44') } });
  const api = pillowVersion === '4.1.0' ? PY_361 : ['PySlice_GetIndicesEx'];
  await condaPackage(prefix, {
    name: 'pillow',
    version: pillowVersion,
    build: 'py36_0',
    depends: ['jpeg 9*', 'olefile', 'python 3.6*'],
    files: {
      [`${site}/PIL/__init__.py`]: `VERSION = "${pillowVersion}"\n`,
      [`${site}/PIL/_imaging.cp36-win_amd64.pyd`]: pyd('_imaging.cp36-win_amd64.pyd', { 'python36.dll': ['PyArg_ParseTuple', 'PyModule_Create2', ...api], 'VCRUNTIME140.dll': ['memcpy'] }),
      [`${site}/Pillow-${pillowVersion}-py3.6.egg-info/PKG-INFO`]: pkgInfo('Pillow', pillowVersion),
      [`${site}/Pillow-${pillowVersion}-py3.6.egg-info/requires.txt`]: 'olefile\n',
    },
  });
  // The two packages of Anaconda 4.3 that depend on pillow (python-pillow/Pillow#2945 names both).
  for (const [name, version, build, module] of [
    ['scikit-image', '0.12.3', 'np111py36_1', 'skimage'],
    ['anaconda-navigator', '1.5.1', 'py36_0', 'anaconda_navigator'],
  ] as const) {
    const egg = `${site}/${name.replace(/-/g, '_')}-${version}-py3.6.egg-info/PKG-INFO`;
    await condaPackage(prefix, { name, version, build, depends: ['pillow', 'python 3.6*'], files: { [`${site}/${module}/__init__.py`]: '', [egg]: pkgInfo(name, version) } });
  }
  const failing = pillowVersion === '4.1.0';
  return {
    name: `anaconda43-pillow-${pillowVersion}`,
    python,
    prefix,
    loader: {},
    module: 'PIL._imaging',
    errorText: failing
      ? `Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\n  File "${prefix}\\lib\\site-packages\\PIL\\Image.py", line 56, in <module>\n    from . import _imaging as core\nImportError: DLL load failed: The specified procedure could not be found.\n`
      : '',
    expected: failing ? { kind: 'missing-symbol', module: 'PIL._imaging', firstRemedy: { kind: 'conda-install-version', package: 'pillow', version: '4.0.0' } } : { kind: null, module: null, firstRemedy: {} },
  };
}
