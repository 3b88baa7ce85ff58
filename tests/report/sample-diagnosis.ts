import { diagnose } from '../../app/diagnosis/diagnose';
import type { DiagnosisDeps, EnvironmentFacts } from '../../app/diagnosis/facts/facts';
import type { Diagnosis } from '../../app/diagnosis/types';
import { describedEnvironment, distributionRecord } from '../support/distribution';
import { cleanHealthReport } from '../support/health-report';

/** A Pillow 4.1.0 / Python 3.6.0 diagnosis under a home folder, with hostile text in the error. */
export async function sampleDiagnosis(options: { home: string; errorText: string }): Promise<Diagnosis> {
  const deps = sampleDeps(options.home);
  return diagnose({ python: `${options.home}/py36/python.exe`, errorText: options.errorText }, deps, () => {}, { now: () => new Date('2026-11-24T10:00:00Z') });
}

/** Where sampleDiagnosis gathers its facts: a copied Pillow 4.1.0 / Python 3.6.0 under `home` (for the engine handlers too). */
export function sampleDeps(home: string): DiagnosisDeps {
  const prefix = `${home}/py36`;
  const pyd = `${prefix}/Lib/site-packages/PIL/_imaging.cp36-win_amd64.pyd`;
  const env: EnvironmentFacts = {
    python: `${prefix}/python.exe`,
    description: describedEnvironment({ prefix, interpreter: `${prefix}/python.exe`, version: '3.6.0', platform: 'win32', architecture: 'x64', kind: 'system', status: 'offline' }),
    packages: [{ name: 'Pillow', version: '4.1.0', distribution: distributionRecord('Pillow', '4.1.0', `${prefix}/Lib/site-packages`, { wheelTags: ['cp36-cp36m-win_amd64'] }), condaRecord: null, files: [pyd], extensionModules: [{ module: 'PIL._imaging', path: pyd }] }],
  };
  const deps: DiagnosisDeps = {
    describeEnvironment: async () => env,
    importModule: async () => ({ status: 'unavailable', reason: 'offline' }),
    healthChecks: async () => cleanHealthReport(),
    simulateLoad: async (_e, ext) => ({
      root: ext.path,
      resolved: [],
      findings: [
        {
          kind: 'missing-symbols',
          chain: [{ file: ext.path, needs: 'python36.dll', resolvedPath: `${prefix}/python36.dll`, foundBy: 'application-dir', owner: null }],
          importer: ext.path,
          provider: `${prefix}/python36.dll`,
          symbols: ['PySlice_AdjustIndices', 'PySlice_Unpack'],
          ordinals: [],
          versions: [],
        },
      ],
    }),
  };
  return deps;
}
