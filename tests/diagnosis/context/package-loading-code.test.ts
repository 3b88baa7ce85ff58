import { describe, expect, it } from 'vitest';
import { readPackageLoading, type CodeFiles } from '../../../app/diagnosis/context/package-loading-code';
import type { EnvironmentFacts } from '../../../app/diagnosis/facts/facts';
import { describedEnvironment } from '../../support/distribution';

const SITE = 'C:/Py312/Lib/site-packages';

function env(): EnvironmentFacts {
  const description = describedEnvironment({ prefix: 'C:/Py312', interpreter: 'C:/Py312/python.exe', version: '3.12.7', platform: 'win32', architecture: 'x64', kind: 'system', status: 'offline' });
  return { python: 'C:/Py312/python.exe', description: { ...description, sitePackages: [SITE] }, packages: [] };
}

function files(tree: Record<string, string | string[]>): CodeFiles {
  return {
    readText: async (p) => (typeof tree[p] === 'string' ? (tree[p] as string) : null),
    listDir: async (p) => (Array.isArray(tree[p]) ? (tree[p] as string[]) : null),
  };
}

describe('readPackageLoading', () => {
  it("follows delvewheel's patch to <name>.libs next to the package", async () => {
    // The shape delvewheel writes into a repaired wheel's __init__.py (adang1345/delvewheel).
    const init = "def _delvewheel_patch_1_8_0():\n    import os\n    libs_dir = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, 'numpy.libs'))\n    if os.path.isdir(libs_dir):\n        os.add_dll_directory(libs_dir)\n\n_delvewheel_patch_1_8_0()\n";
    const r = await readPackageLoading(env(), { module: 'numpy._core._multiarray_umath', path: `${SITE}/numpy/_core/_multiarray_umath.cp312-win_amd64.pyd` }, files({ [SITE]: [], [`${SITE}/numpy/__init__.py`]: init, [`${SITE}/numpy.libs`]: ['libscipy_openblas64_.dll'] }));
    expect(r.state.dllDirectories).toEqual([`${SITE}/numpy.libs`]);
    expect(r.state.loaded).toEqual([]);
  });

  it('lists a loader call whose path it cannot read as not checked, and adds nothing', async () => {
    const init = "import os\nos.add_dll_directory(os.environ['MY_DLLS'])\n";
    const r = await readPackageLoading(env(), { module: 'pkg._ext', path: `${SITE}/pkg/_ext.pyd` }, files({ [SITE]: [], [`${SITE}/pkg/__init__.py`]: init }));
    expect(r.state).toEqual({ loaded: [], dllDirectories: [] });
    expect(r.notChecked).toEqual(['pkg/__init__.py: add_dll_directory with a path not built from __file__']);
  });
});
