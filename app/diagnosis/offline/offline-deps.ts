/**
 * Diagnosis facts for a Windows environment folder examined without running it: the folder's
 * package records, the simulated loader, and app/envs' health checks (they need no interpreter).
 */
import type { DiagnosisDeps } from '../facts';
import { stat } from 'node:fs/promises';
import { checkHealth, describeOffline } from '../../envs';
import type { EnvironmentDescription } from '../../envs';
import { diagnosisHealth } from '../health-findings';
import { windowsPrefixOfInterpreter } from '../../envs/offline';
import { factsFromDescription } from '../facts-from-envs';
import { simulateWindowsWithBinary } from '../binary-adapter';
import type { WindowsSimulationOptions } from '../binary-adapter';

/** Facts for a Windows environment folder, from its files alone. */
export function createOfflineWindowsDeps(options: WindowsSimulationOptions = {}): DiagnosisDeps {
  // The description each environment was read into, so the health checks use the same one.
  const descriptions = new Map<string, EnvironmentDescription>();
  return {
    describeEnvironment: async (python) => {
      // Given as its folder, or as python.exe (in the prefix, or in Scripts\ of a venv).
      const isFolder = (await stat(python).catch(() => null))?.isDirectory() ?? false;
      const folder = isFolder ? python : windowsPrefixOfInterpreter(python, process.platform);
      const description = await describeOffline(folder);
      const facts = { ...factsFromDescription(description, python), python: description.interpreter ?? python };
      descriptions.set(facts.prefix, description);
      return facts;
    },
    importModule: async () => ({ status: 'unavailable', reason: 'The environment is examined from its files; its interpreter does not run here.' }),
    simulateLoad: async (env, ext) => simulateWindowsWithBinary(env, ext, options),
    healthChecks: async (env) => diagnosisHealth(env, await checkHealth(descriptions.get(env.prefix) ?? (await describeOffline(env.prefix)))),
  };
}
