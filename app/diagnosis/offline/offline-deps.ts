/**
 * Diagnosis facts for a Windows environment folder examined without running it: the folder's
 * package records, the simulated loader, and app/envs' health checks (they need no interpreter).
 */
import { elsewhereHostFacts } from '../../host-facts/gather';
import { message } from '../../messages';
import { unavailableImport } from '../facts/unavailable-import';
import type { DiagnosisDeps } from '../facts/facts';
import { stat } from 'node:fs/promises';
import { checkHealth, describeOffline, windowsPrefixOfInterpreter } from '../../envs';
import { factsFromDescription } from '../facts/environment-facts';
import { simulateWindowsWithBinary } from '../binary-adapter';
import type { WindowsSimulationOptions } from '../binary-adapter';
import { nodeModuleFs } from '../../binary/module-fs';
import { readPackageLoading, type CodeFiles } from '../context/package-loading-code';
import { readFile, readdir } from 'node:fs/promises';

/** The package code of a folder on this disk (sources above 2 MB are not read). */
const diskCodeFiles: CodeFiles = {
  readText: async (path) => {
    const s = await stat(path).catch(() => null);
    return s?.isFile() && s.size <= 2 * 1024 * 1024 ? readFile(path, 'utf8').catch(() => null) : null;
  },
  listDir: (path) => readdir(path).catch(() => null),
};

/** Facts for a Windows environment folder, from its files alone. */
export function createOfflineWindowsDeps(options: WindowsSimulationOptions = {}): DiagnosisDeps {
  return {
    describeEnvironment: async (python) => {
      // Given as its folder, or as python.exe (in the prefix, or in Scripts\ of a venv).
      const isFolder = (await stat(python).catch(() => null))?.isDirectory() ?? false;
      const folder = isFolder ? python : windowsPrefixOfInterpreter(python, process.platform);
      return factsFromDescription(await describeOffline(folder), python);
    },
    importModule: async () => unavailableImport(message('import.unavailable.from-files')),
    simulateLoad: async (env, ext, state) => simulateWindowsWithBinary(env, ext, { ...options, dllDirectories: [...(options.dllDirectories ?? []), ...(state?.dllDirectories ?? [])], preloaded: [...(options.preloaded ?? []), ...(state?.loaded ?? [])] }),
    healthChecks: (env) => checkHealth(env.description),
    readBinary: (path) => nodeModuleFs.readModule(path).catch(() => null),
    packageLoading: (env, ext) => readPackageLoading(env, ext, diskCodeFiles),
    // Read from its files on another system: the machine's facts belong to the machine it runs on.
    hostFacts: async (env) => elsewhereHostFacts(env.python, 'windows'),
  };
}
