/**
 * Diagnosis facts for a Windows environment folder examined without running it: the folder's
 * package records, the simulated loader, and app/envs' health checks (they need no interpreter).
 */
import { elsewhereHostFacts } from '../../host-facts/gather';
import type { DiagnosisDeps } from '../facts';
import { stat } from 'node:fs/promises';
import { checkHealth, describeOffline } from '../../envs';
import { diagnosisHealth } from '../health-findings';
import { windowsPrefixOfInterpreter } from '../../envs/offline';
import { factsFromDescription } from '../environment-facts';
import { simulateWindowsWithBinary } from '../binary-adapter';
import type { WindowsSimulationOptions } from '../binary-adapter';

/** Facts for a Windows environment folder, from its files alone. */
export function createOfflineWindowsDeps(options: WindowsSimulationOptions = {}): DiagnosisDeps {
  return {
    describeEnvironment: async (python) => {
      // Given as its folder, or as python.exe (in the prefix, or in Scripts\ of a venv).
      const isFolder = (await stat(python).catch(() => null))?.isDirectory() ?? false;
      const folder = isFolder ? python : windowsPrefixOfInterpreter(python, process.platform);
      return factsFromDescription(await describeOffline(folder), python);
    },
    importModule: async () => ({ status: 'unavailable', reason: 'The environment is examined from its files; its interpreter does not run here.' }),
    simulateLoad: async (env, ext) => simulateWindowsWithBinary(env, ext, options),
    healthChecks: async (env) => diagnosisHealth(env, await checkHealth(env.description)),
    // Read from its files on another system: the machine's facts belong to the machine it runs on.
    hostFacts: async (env) => elsewhereHostFacts(env.python, 'windows'),
  };
}
