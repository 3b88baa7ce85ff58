import { realpath } from 'node:fs/promises';
import { readLdSoCache } from '../binary/ld-so-cache';
import type { LoadSimulation } from '../binary/loader-types';
import { simulateLinuxLoad } from '../binary/linux-loader';
import { nodeModuleFs } from '../binary/module-fs';
import { readModule } from '../binary/read-module';
import { simulateWindowsLoad } from '../binary/windows-loader';
import { DoctorError } from '../base/errors';
import { hostWindowsLoader, windowsLoadContext } from '../diagnosis/binary-adapter';
import { toLoadGraph } from '../diagnosis/load-graph-projection';
import { defaultDeps } from '../diagnosis/facts/default-deps';
import { envPlatform } from '../diagnosis/facts/environment-facts';
import type { LoadGraph } from '../contract/load-graph-types';
import { macosLoadGraph } from './load-graph-macos';
import { message } from '../messages';

/**
 * Every library a compiled module loads, as the loader simulation resolves it for this
 * interpreter, with the same inputs as the diagnosis: for a file the diagnosis did not simulate
 * itself (a module's own graph comes from the diagnosis, DiagnosisStore.loadGraph). Linux: LD_LIBRARY_PATH, the ld.so cache, the
 * interpreter's own objects already loaded. Windows (live, or a copied environment read offline):
 * the diagnosis' own Windows load context (windowsLoadContext: Python version, conda's DLL folders,
 * the interpreter's machine and DLLs, this machine's PATH and System32 on Windows only). macOS (live,
 * or a folder copied from a Mac): the dyld simulation (load-graph-macos.ts).
 */
export async function loadGraph(python: string, file: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Promise<LoadGraph | null> {
  const module = await readModule(file).catch((error: Error) => {
    throw new DoctorError('unreadable-module', message('error.unreadable-module', { file, why: error.message }), message('error.unreadable-module.what'));
  });
  if (module.format === 'pe') return toLoadGraph(await simulateWindows(python, file, env, platform));
  if (module.format === 'macho') return macosLoadGraph(python, file, env, platform);
  if (module.format !== 'elf') return null;
  const interpreter = await realpath(python).catch(() => python);
  const ld = env.LD_LIBRARY_PATH;
  return toLoadGraph(await simulateLinuxLoad(file, { ldLibraryPath: ld ? ld.split(':').filter(Boolean) : [], ldCache: await readLdSoCache(), loadedObjects: [interpreter] }, nodeModuleFs));
}

/** The Windows simulation for a module of the environment `python` names, described as the diagnosis describes it. */
async function simulateWindows(python: string, file: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<LoadSimulation> {
  const facts = await defaultDeps(python, env, platform).describeEnvironment(python);
  if (envPlatform(facts) !== 'windows') {
    throw new DoctorError('not-windows-environment', message('error.not-windows-environment', { file, python }), message('error.not-windows-environment.what'));
  }
  const context = await windowsLoadContext(facts, await hostWindowsLoader(env, platform));
  if (!context) {
    throw new DoctorError('unknown-python-version', message('error.unknown-python-version', { python }), message('error.unknown-python-version.what'));
  }
  return simulateWindowsLoad(file, context, nodeModuleFs);
}
