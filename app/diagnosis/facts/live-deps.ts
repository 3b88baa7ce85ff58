/**
 * The diagnosis' facts gathered from a real interpreter: describe it, import a module in a fresh
 * process, check its health by app/envs' rules, ask the index for versions.
 *
 * Every call runs `python -I` (isolated: no PYTHON* variables, no user site, no current folder on
 * sys.path) with an argument array, a time limit and an output cap. On Linux the loader is
 * simulated from the ELF files and on Windows from the PE files (this process's PATH, the real
 * System32) by app/binary; inject `simulateLoad` to use another. Elsewhere the static analysis is
 * reported as skipped, never as "no problem".
 */
import { DoctorError } from '../../base/errors';
import { isModuleName } from '../../base/module-name';
import { isPackageName } from '../../base/package-spec';
import { runProcess } from '../../process/run-process';
import { plainOutputEnv } from '../../process/run-command';
import { checkHealth, nodeHost, probeEnvironment } from '../../envs';
import { envPlatform, factsFromDescription } from './environment-facts';
import type { DiagnosisDeps, EnvironmentFacts, ExtensionModule, ImportOutcome, LoadSimulation, LoadState } from './facts';
import { hostWindowsLoader, simulateLinuxWithBinary, simulateWindowsWithBinary } from '../binary-adapter';
import { indexVersions } from '../../package-index/index-versions';
import { importBatchInProcess } from '../import-batch-process';
import { cachedModuleFs, nodeModuleFs } from '../../binary/module-fs';
import { readProgramImports, replayImports } from '../context/replay';
import { sessionHostFacts } from '../../host-facts/session';
import { gatherHostFacts } from '../../host-facts/gather';
import type { EnvHost } from '../../envs';
import { isaNeedsOf } from '../host/isa-needs';
import { hostMacosVersion, simulateMacosWithBinary } from '../macos/dyld-adapter';

const TIMEOUT_MS = 120_000;
const MAX_OUTPUT = 64 * 1024 * 1024;

/** Imports argv[1] and prints {ok, type, message, traceback} as JSON. */
const IMPORT_SCRIPT = String.raw`
import importlib, json, sys, traceback
try:
    importlib.import_module(sys.argv[1])
    print(json.dumps({"ok": True}))
except BaseException as e:
    print(json.dumps({"ok": False, "type": type(e).__name__, "message": str(e), "traceback": "".join(traceback.format_exception(type(e), e, e.__traceback__))}))
`;
import { message } from '../../messages';

interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

/**
 * Through the one process runner (app/process): the time limit and a cancel stop the whole tree. An
 * interpreter ended by a signal (a crash in an extension's init, the time limit, a cancel) is a
 * result, not a start failure.
 */
async function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<RunResult> {
  const result = await runProcess([file, ...args], { env, timeoutMs: TIMEOUT_MS, maxOutput: MAX_OUTPUT, signal });
  if (result.spawnError !== null) {
    const why = result.stderr.trim().split('\n').pop() || result.spawnError;
    throw new DoctorError('python-not-runnable', message('error.python-not-runnable', { file, why }), message('error.python-not-runnable.what'));
  }
  return { stdout: result.stdout, stderr: result.stderr, code: result.code };
}

export interface LiveDepsOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** The loader simulation (app/binary); without it the static analysis is reported as skipped. */
  readonly simulateLoad?: (env: EnvironmentFacts, extension: ExtensionModule, state?: LoadState) => Promise<LoadSimulation | null>;
  /** The machine the host facts are read from (tests pass a recorded one); default this machine, once per session. */
  readonly factsHost?: EnvHost;
}

/** Facts from a real interpreter on this machine. */
export function createLiveDeps(options: LiveDepsOptions = {}): DiagnosisDeps {
  // The one cleaner of the runner (colour off: pip colours even output we parse when FORCE_COLOR is set), and UTF-8 from Python.
  const childEnv: NodeJS.ProcessEnv = { ...plainOutputEnv(options.env), PYTHONIOENCODING: 'utf-8', PIP_DISABLE_PIP_VERSION_CHECK: '1' };
  // One diagnosis reads each library once, however many of its modules load it (numpy's
  // libopenblas, libstdc++ ...); a new diagnosis (a new deps object) reads the disk afresh.
  const moduleFs = cachedModuleFs(nodeModuleFs);
  const host = nodeHost({ env: childEnv });
  return {
    async describeEnvironment(python) {
      // One probe for the whole app: the environments engine's (app/envs/probe.py).
      return factsFromDescription(await probeEnvironment(python, { host }), python);
    },
    async importModule(env, module, signal): Promise<ImportOutcome> {
      if (!isModuleName(module)) return { status: 'unavailable', reason: `"${module}" is not a module name.` };
      const result = await run(env.python, ['-I', '-c', IMPORT_SCRIPT, module], childEnv, signal);
      if (signal?.aborted) return { status: 'unavailable', reason: 'Cancelled before this import finished.' };
      try {
        const data = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as { ok: boolean; type?: string; message?: string; traceback?: string };
        if (data.ok) return { status: 'ok' };
        return { status: 'failed', exceptionType: data.type ?? null, message: data.message ?? '', traceback: data.traceback ?? '' };
      } catch {
        // The interpreter died during the import (a crash in the extension's init): that is a failure too.
        return { status: 'failed', exceptionType: null, message: `The interpreter exited with code ${result.code} while importing ${module}. ${result.stderr.trim().slice(-2000)}`, traceback: result.stderr.slice(-8000) };
      }
    },
    importBatch: (env, modules, signal, onOutcome) => importBatchInProcess(env, modules, childEnv, signal, onOutcome),
    simulateLoad:
      options.simulateLoad ??
      (async (env, ext, state) => {
        if (envPlatform(env) === 'linux') {
          const ld = childEnv.LD_LIBRARY_PATH;
          return simulateLinuxWithBinary(env, ext, ld ? ld.split(':').filter(Boolean) : [], moduleFs, state?.loaded);
        }
        if (envPlatform(env) === 'macos') return simulateMacosWithBinary(env, ext, childEnv, hostMacosVersion());
        if (envPlatform(env) === 'windows' && process.platform === 'win32') {
          // On Windows itself: this process's PATH, the real System32 and Windows folders, the registry's KnownDLLs.
          return simulateWindowsWithBinary(env, ext, { ...(await hostWindowsLoader(childEnv)), dllDirectories: state?.dllDirectories, preloaded: state?.loaded }, moduleFs);
        }
        return null;
      }),
    replayImports: (env, modules, signal) => replayImports(env, modules, childEnv, signal),
    programImports: (env, file, signal) => readProgramImports(env, file, childEnv, signal),
    readBinary: (path) => moduleFs.readModule(path).catch(() => null),
    // app/envs' rules on the description this diagnosis was read from (the `env` command's checks).
    healthChecks: (env) => checkHealth(env.description, { host }),
    // The machine's facts, read with this environment's interpreter once per session (app/host-facts).
    hostFacts: (env) => (options.factsHost ? gatherHostFacts(env.python, options.factsHost) : sessionHostFacts(env.python, host)),
    isaNeeds: (files) => isaNeedsOf(files, moduleFs),
    async availableVersions(env, packageName) {
      if (!isPackageName(packageName)) return [];
      // The PEP 691 client (app/package-index/) with pip's own index and tags: no pip start per package.
      return indexVersions(env.python, packageName, childEnv).catch(() => []);
    },
  };
}
