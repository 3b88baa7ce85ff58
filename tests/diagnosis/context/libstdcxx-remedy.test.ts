import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../app/diagnosis/diagnose';
import type { DiagnosisDeps, EnvironmentFacts } from '../../../app/diagnosis/facts/facts';
import { describedEnvironment, distributionRecord } from '../../support/distribution';
import { cleanHealthReport } from '../../support/health-report';

// A conda environment whose lib/libstdc++.so.6 wins through the interpreter's RPATH and lacks
// GLIBCXX_3.4.30 (the shape of mantidproject/mantidimaging#1228 and the countless
// "version `GLIBCXX_3.4.30' not found" reports): the cause was found, and now its fix is the
// libstdcxx-ng release of the GCC that introduced the label.
const PREFIX = '/opt/conda/envs/app';
const SITE = `${PREFIX}/lib/python3.11/site-packages`;
const EXT = `${SITE}/scipy/interpolate/_rbfinterp_pythran.cpython-311-x86_64-linux-gnu.so`;
const LIBSTDCXX = `${PREFIX}/lib/libstdc++.so.6`;

function env(kind: 'conda' | 'venv'): EnvironmentFacts {
  return {
    python: `${PREFIX}/bin/python`,
    description: describedEnvironment({ prefix: PREFIX, interpreter: `${PREFIX}/bin/python`, version: '3.11.9', platform: 'linux', architecture: 'x86_64', kind, status: 'ok' }),
    packages: [{ name: 'scipy', version: '1.14.1', distribution: distributionRecord('scipy', '1.14.1', SITE), condaRecord: null, files: [EXT], extensionModules: [{ module: 'scipy.interpolate._rbfinterp_pythran', path: EXT }] }],
  };
}

function deps(kind: 'conda' | 'venv'): DiagnosisDeps {
  return {
    describeEnvironment: async () => env(kind),
    importModule: async () => ({ status: 'failed', exceptionType: 'ImportError', message: `${LIBSTDCXX}: version \`GLIBCXX_3.4.30' not found (required by ${EXT})`, traceback: '' }),
    simulateLoad: async (_e, ext) => ({
      root: ext.path,
      resolved: [],
      findings: [{ kind: 'missing-symbols', chain: [{ file: ext.path, needs: 'libstdc++.so.6', resolvedPath: LIBSTDCXX, foundBy: 'DT_RPATH', owner: null }], importer: ext.path, provider: LIBSTDCXX, symbols: [], ordinals: [], versions: ['GLIBCXX_3.4.30'] }],
    }),
    healthChecks: async () => cleanHealthReport(),
  };
}

describe('the libstdc++ release fix', () => {
  it('offers conda\'s libstdcxx-ng of GCC 12.1.0 for GLIBCXX_3.4.30, recommended', async () => {
    const d = await diagnose({ python: 'py', module: 'scipy.interpolate._rbfinterp_pythran' }, deps('conda'));
    const top = d.causes[0];
    expect(top?.kind).toBe('missing-symbol-version');
    expect(top?.remedies[0]).toMatchObject({ kind: 'install-constraint', manager: 'conda', package: 'libstdcxx-ng', specifier: '>=12.1.0', command: ['conda', 'install', 'libstdcxx-ng>=12.1.0'], recommended: true });
    expect(top?.remedies[0]?.explanation).toContain('GCC 12.1.0');
  });

  it('is not offered outside a conda environment', async () => {
    const d = await diagnose({ python: 'py', module: 'scipy.interpolate._rbfinterp_pythran' }, deps('venv'));
    expect(d.causes.flatMap((c) => c.remedies).some((r) => r.kind === 'install-constraint' && r.package === 'libstdcxx-ng')).toBe(false);
  });
});
