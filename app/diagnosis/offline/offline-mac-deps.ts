/**
 * Diagnosis facts for a macOS environment folder examined off a Mac (copied or mounted): the
 * folder's package records, the dyld simulation with the Mac's version unknown, and app/envs'
 * health checks. Its Mach-O python is never started here, so no import is tried.
 */
import { nodeDyldFs } from '../../binary';
import { nodeModuleFs } from '../../binary/module-fs';
import { checkHealth, probeEnvironment } from '../../envs';
import { elsewhereHostFacts } from '../../host-facts/gather';
import { factsFromDescription } from '../facts/environment-facts';
import type { DiagnosisDeps } from '../facts/facts';
import { simulateMacosWithBinary } from '../macos/dyld-adapter';

/** Facts for a macOS environment folder (or its bin/python3), from its files alone. */
export function createOfflineMacDeps(childEnv: NodeJS.ProcessEnv = {}): DiagnosisDeps {
  return {
    // probeEnvironment reads a Mach-O python off a Mac from its files (app/envs/macos-offline.ts).
    describeEnvironment: async (python) => factsFromDescription(await probeEnvironment(python), python),
    importModule: async () => ({ status: 'unavailable', reason: 'The environment is examined from its files; its interpreter does not run here.' }),
    // The Mac's version is not in the folder: nothing that depends on it (minimum macOS) is reported.
    simulateLoad: async (env, ext) => simulateMacosWithBinary(env, ext, childEnv, null, nodeDyldFs),
    healthChecks: (env) => checkHealth(env.description),
    readBinary: (path) => nodeModuleFs.readModule(path).catch(() => null),
    hostFacts: async (env) => elsewhereHostFacts(env.python, 'macos'),
  };
}
