import { BinaryReadError } from '../binary/binary-errors';
import { readLdSoCache, type LdCacheEntry } from '../binary/ld-so-cache';
import { simulateLinuxLoad } from '../binary/linux-loader';
import { cachedModuleFs, joinPath, nodeModuleFs, type ModuleFs } from '../binary/module-fs';
import { simulateWindowsLoad, type WindowsResolutionCache } from '../binary/windows-loader';
import type { InspectedModule, InspectModuleRequest } from '../contract/inspect-module';
import { readKnownDlls } from '../envs';

/** What the files of one inspect run share: every file read once, the ld.so cache and KnownDLLs read once. */
export interface InspectRun {
  readonly fs: ModuleFs;
  ldCache: Promise<LdCacheEntry[]> | null;
  /** Windows: this machine's KnownDLLs from its registry (null: the built-in list). */
  knownDlls: Promise<string[] | null> | null;
  /** Windows: each DLL name resolved once per set of search rules for all the files of the run. */
  readonly resolutions: WindowsResolutionCache;
}

/** A run with nothing read yet, reading from `base` (the real disk unless a test passes a folder in memory). */
export function newInspectRun(base: ModuleFs = nodeModuleFs): InspectRun {
  return { fs: cachedModuleFs(base), ldCache: null, knownDlls: null, resolutions: new Map() };
}

/**
 * One file's tables and its simulated load under the rules asked for, or the reader's error when it
 * is no module. `env` is the host's environment: on Windows (SystemRoot set) the machine's own
 * System32, KnownDLLs and PATH are the defaults, elsewhere none.
 */
export async function inspectModule(request: InspectModuleRequest, run: InspectRun, env: NodeJS.ProcessEnv): Promise<InspectedModule> {
  const { path, pythonVersion, searchPath, loaded } = request;
  const { fs } = run;
  try {
    const module = await fs.readModule(path);
    if (module.format === 'macho') return { module, simulation: null };
    if (module.format === 'pe') {
      const conda = request.condaPrefix;
      const systemRoot = env.SystemRoot ?? env.SYSTEMROOT;
      const systemDir = request.systemDir ?? (systemRoot ? joinPath(systemRoot, module.bitness === 32 && module.machine === 'x86' ? 'SysWOW64' : 'System32') : null);
      const pathDirs = request.pathDirs.length > 0 || !systemRoot ? request.pathDirs : (env.PATH ?? env.Path ?? '').split(';').filter(Boolean);
      // The machine's own KnownDLLs go with its own System32 only; a stand-in folder keeps the built-in list.
      const knownDlls = !request.systemDir && systemRoot ? ((await (run.knownDlls ??= readKnownDlls(env))) ?? undefined) : undefined;
      // python.exe tells the interpreter's CPU (a 32-bit module in a 64-bit Python fails).
      const pythonExe = request.interpreterDir ? await fs.readModule(joinPath(request.interpreterDir, 'python.exe')).catch(() => null) : null;
      const simulation = await simulateWindowsLoad(path, {
        pythonVersion,
        pythonMachine: pythonExe?.format === 'pe' && pythonExe.machine !== 'unknown' ? pythonExe.machine : null,
        distribution: conda ? 'conda' : 'cpython',
        condaPrefix: conda,
        interpreterDir: request.interpreterDir,
        dllDirectories: [...searchPath],
        path: pathDirs,
        systemDir,
        knownDlls,
        loadedModules: loaded.map((l) => (l.path ? { name: l.name, path: l.path } : { name: l.name })),
      }, fs, run.resolutions);
      return { module, simulation };
    }
    run.ldCache ??= readLdSoCache();
    const simulation = await simulateLinuxLoad(path, {
      ldLibraryPath: [...searchPath],
      ldCache: await run.ldCache,
      loadedObjects: loaded.flatMap((l) => (l.path ? [l.path] : [])),
    }, fs);
    return { module, simulation };
  } catch (error) {
    if (error instanceof BinaryReadError) return { error: { code: error.code, path: error.path, message: error.message } };
    throw error;
  }
}
