/**
 * Probes an environment (one interpreter run) and assembles its full description.
 *
 * What only the interpreter knows comes from app/envs/probe.py; what files tell (distributions, RECORD,
 * WHEEL, conda-meta, *.libs folders) is read by the engine, so that probed and offline descriptions share
 * one reader and one shape.
 */
import { findDllDirectories, readCondaRecords, readDistributions } from './distributions';
import { nodeHost, type EnvHost, type ExecResult } from './host';
import { checkModuleName } from '../base/module-name';
import { describeOffline, findInterpreterIn, isMacExecutableOffMac, isWindowsExecutable, windowsPrefixOfInterpreter } from './offline';
import { cachedProbe, rememberProbe } from './probe-cache';
import { factsFromProbe, interpretProbe, probeMark, type ProbeOutcome } from './probe-output';
import { forgetProbeCodeStem, probeBoot, probeCodeStem } from './probe-code';
import { probeScript } from './probe-script';
import { pathKey, pathsFor, type PathApi } from './paths';
import type { CondaRecord, DiscoverySource, Distribution, EnvironmentDescription, EnvironmentKind } from './types';
import { findUnrecordedExtensions } from './unrecorded-extensions';
import { ISOLATED_ARGS, ISOLATED_ARGS_OLD, pythonPathCopies, refusedIsolation, variableFacts } from './user-variables';
import { describeUnstartable } from './unstartable';

export interface ProbeOptions {
  /** Module to import inside the environment (dotted identifier), with the loaded native modules captured. */
  readonly importModule?: string;
  /** Default 20 s: a cold start of a big conda Python on a slow disk can take several seconds. */
  readonly timeoutMs?: number;
  readonly host?: EnvHost;
  readonly probeScriptPath?: string;
  readonly sources?: DiscoverySource[];
  /** Known beforehand (discovery saw the Store stub): no run is attempted. */
  readonly storeStub?: boolean;
}

/** Thrown for bad arguments (not for environments that fail: those are results). */
export class EnvironmentArgumentError extends Error {}

/**
 * Describes one environment given its interpreter or its folder, with at most one interpreter run.
 *
 * A folder without a runnable interpreter for this machine is described offline (status 'offline').
 */
export async function probeEnvironment(interpreterOrFolder: string, options: ProbeOptions = {}): Promise<EnvironmentDescription> {
  const host = options.host ?? nodeHost();
  const p = pathsFor(host.platform);
  const importModule = options.importModule ?? null;
  if (importModule !== null) {
    const problem = checkModuleName(importModule);
    if (problem) throw new EnvironmentArgumentError(problem);
  }
  const target = p.resolve(interpreterOrFolder);
  const kind = await host.kind(target);
  let interpreter = target;
  // One read of the file's first bytes answers both questions below.
  const head = kind === 'dir' ? null : await host.readBytes(target, 4096);
  if (kind === 'dir') {
    const found = await findInterpreterIn(host, target);
    if (!found) return describeOffline(target, { host, sources: options.sources });
    interpreter = found;
  } else if (host.platform !== 'win32' && isWindowsExecutable(head)) {
    // A Windows python.exe named on Linux or macOS (a copied or mounted environment): read its folder.
    return describeOffline(windowsPrefixOfInterpreter(target, host.platform), { host, sources: options.sources });
  } else if (isMacExecutableOffMac(host, head)) {
    // A macOS python3 named off a Mac (a folder copied from one): read its prefix, bin/'s parent.
    return describeOffline(p.dirname(p.dirname(target)), { host, sources: options.sources });
  }
  const sources = options.sources ?? [];
  if (options.storeStub) return failed(host, interpreter, 'store-stub', storeStubMessage(interpreter), sources, 0);
  const probed = await probeInterpreter(interpreter, { host, importModule, timeoutMs: options.timeoutMs, probeScriptPath: options.probeScriptPath });
  const outcome = probed.outcome;
  if (outcome.status !== 'ok' || !outcome.raw) {
    // An interpreter that does not start is examined from its files, with the reason (unstartable.ts).
    const fromFiles = await describeUnstartable(host, interpreter, outcome, sources, probed.runs);
    return fromFiles ?? { ...(await failed(host, interpreter, outcome.status, outcome.message, sources, 1, outcome.raw?.prefix)), ...(outcome.messages ? { messages: outcome.messages } : {}) };
  }
  const raw = outcome.raw;
  const python = factsFromProbe(raw);
  const prefix = raw.prefix ?? p.dirname(p.dirname(interpreter));
  const site = uniquePaths(host.platform, [raw.purelib, raw.platlib, ...(raw.sitePackages ?? []), raw.userSiteEnabled ? raw.userSite : null]);
  const existingSite: string[] = [];
  for (const s of site) if ((await host.kind(s)) === 'dir') existingSite.push(s);
  const searchFolders: string[] = [];
  const known = new Set(existingSite.map((s) => pathKey(s, host.platform)));
  for (const s of uniquePaths(host.platform, [...(raw.sysPath ?? []), ...existingSite])) {
    // The site folders were just seen to be folders; only the rest of sys.path is asked.
    if (known.has(pathKey(s, host.platform)) || (await host.kind(s)) === 'dir') searchFolders.push(s);
  }
  const condaRecords = await readCondaRecords(host, prefix);
  const distributions = await readDistributions(host, searchFolders, python.extensionSuffixes, { prefix, records: condaRecords });
  // Only this machine's files can be walked (a host for another platform is a test's or an offline one).
  const unrecordedExtensions = host.platform === process.platform
    ? await findUnrecordedExtensions(p, existingSite, python.extensionSuffixes, recordedFiles(p, prefix, distributions, condaRecords))
    : undefined;
  const importTest = outcome.importTest && { ...outcome.importTest, pythonPathCopies: await pythonPathCopies(host, outcome.importTest.module) };
  const isConda = condaRecords.length > 0 || (await host.kind(p.join(prefix, 'conda-meta'))) === 'dir';
  return {
    schemaVersion: 1,
    id: (await host.realPath(prefix)) ?? prefix,
    status: 'ok',
    message: null,
    kind: await environmentKind(host, prefix, isConda, raw.basePrefix ?? prefix),
    interpreter,
    prefix,
    basePrefix: raw.basePrefix ?? null,
    python,
    sysPath: raw.sysPath ?? [],
    sitePackages: existingSite,
    dllDirectories: await findDllDirectories(host, prefix, existingSite, isConda),
    distributions,
    condaRecords,
    unrecordedExtensions,
    importTest,
    interpreterRuns: probed.runs,
    variables: variableFacts(host),
    evidence: [],
    sources,
  };
}

/** Absolute paths of the native files the installers recorded. */
function recordedFiles(p: PathApi, prefix: string, distributions: readonly Distribution[], condaRecords: readonly CondaRecord[]): Set<string> {
  const out = new Set<string>();
  for (const d of distributions) for (const rel of [...d.extensionModules, ...d.bundledLibraries]) out.add(p.resolve(d.location, rel));
  for (const r of condaRecords) for (const f of r.files) out.add(p.resolve(prefix, f));
  return out;
}

/**
 * Runs the probe in `interpreter` (one run), or answers from this session's probe of it
 * (app/envs/probe-cache.ts) when no import is asked for. `runs` is 0 when no interpreter ran.
 */
export async function probeInterpreter(
  interpreter: string,
  options: { host?: EnvHost; importModule?: string | null; timeoutMs?: number; probeScriptPath?: string } = {},
): Promise<{ outcome: ProbeOutcome; runs: number }> {
  const host = options.host ?? nodeHost();
  const importModule = options.importModule ?? null;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const env = probeEnvironmentVariables(host.env);
  let starts = 0;
  const runWith = async (request: readonly string[]): Promise<ExecResult> => {
    // Isolated, so that the user's PYTHONPATH, PYTHONHOME, user site and sitecustomize cannot change what is seen.
    starts++;
    let result = await host.exec(interpreter, [...ISOLATED_ARGS, ...request], { timeoutMs, cwd: host.neutralCwd, env });
    if (refusedIsolation(result.stderr, result.code)) {
      starts++;
      result = await host.exec(interpreter, [...ISOLATED_ARGS_OLD, ...request], { timeoutMs, cwd: host.neutralCwd, env });
    }
    return result;
  };
  const run = async (): Promise<ProbeOutcome> => {
    // A plain description passes no request (the probe then never imports json, app/envs/probe.py)
    // and is sent without the import test's code, which Python would compile for nothing.
    const script = probeScript(options.probeScriptPath, { importTest: importModule !== null });
    const stem = importModule === null && host.probeCodeDir ? await probeCodeStem(host.probeCodeDir, script) : null;
    if (stem !== null) {
      // The description compiled once per interpreter build (app/envs/probe-code.ts).
      const result = await runWith(['-c', probeBoot, stem]);
      // Only when the boot itself failed (its folder went away): the script as it is, once more.
      if (!bootFailed(result)) return interpretProbe(interpreter, result, importModule, timeoutMs);
      forgetProbeCodeStem(stem);
    }
    const request = ['-c', script, ...(importModule === null ? [] : [JSON.stringify({ import: importModule })])];
    return interpretProbe(interpreter, await runWith(request), importModule, timeoutMs);
  };
  if (importModule !== null) {
    // The import needs its own run; its description is as good as a plain probe's.
    const outcome = await run();
    if (outcome.status === 'ok' && outcome.raw) await rememberProbe(host, interpreter, env, outcome.raw);
    return { outcome, runs: starts };
  }
  let ran: ProbeOutcome | null = null;
  const { raw, cached } = await cachedProbe(host, interpreter, env, async () => {
    ran = await run();
    return ran.status === 'ok' ? ran.raw : null;
  });
  if (ran) return { outcome: ran, runs: starts };
  if (raw) return { outcome: { status: 'ok', message: null, raw, importTest: null }, runs: cached ? 0 : 1 };
  // Another caller's probe of the same interpreter failed: see the failure first-hand.
  return { outcome: await run(), runs: starts };
}

/** True when the probe's boot failed before the probe ran (a traceback through its loader, no answer). */
function bootFailed(result: ExecResult): boolean {
  return !result.stdout.includes(probeMark) && /\bin _pdd_probe_code\b/.test(result.stderr);
}

/**
 * The environment an interpreter is probed with: the user's (PATH and LD_LIBRARY_PATH act on the import
 * test as they do for the user; `-I` makes Python itself ignore PYTHONPATH and the other PYTHON*
 * variables, which are reported as facts instead, app/envs/user-variables.ts), minus the variables that tie Python to one installation (PYTHONHOME, PYTHONEXECUTABLE,
 * macOS __PYVENV_LAUNCHER__): with PYTHONHOME set for one Python every other Python fails to start with
 * "No module named 'encodings'" (https://docs.python.org/3/using/cmdline.html#envvar-PYTHONHOME).
 */
export function probeEnvironmentVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (/^(PYTHONHOME|PYTHONEXECUTABLE|__PYVENV_LAUNCHER__)$/i.test(k)) continue;
    out[k] = v;
  }
  out.PYTHONIOENCODING = 'utf-8';
  out.PYTHONDONTWRITEBYTECODE = '1';
  return out;
}

function storeStubMessage(interpreter: string): string {
  return `${interpreter} is the Windows "App execution alias" that only opens the Microsoft Store; no Python is installed behind it. Install Python, or turn the alias off in Settings > Apps > Advanced app settings > App execution aliases.`;
}

async function failed(
  host: EnvHost,
  interpreter: string,
  status: EnvironmentDescription['status'],
  message: string | null,
  sources: DiscoverySource[],
  runs: number,
  reportedPrefix?: string,
): Promise<EnvironmentDescription> {
  const p = pathsFor(host.platform);
  const dir = p.dirname(interpreter);
  const prefix = reportedPrefix ?? (/^(bin|scripts)$/i.test(p.basename(dir)) ? p.dirname(dir) : dir);
  return {
    schemaVersion: 1,
    id: (await host.realPath(prefix)) ?? prefix,
    status,
    message,
    kind: status === 'store-stub' ? 'store' : 'unknown',
    interpreter,
    prefix,
    basePrefix: null,
    python: null,
    sysPath: [],
    sitePackages: [],
    dllDirectories: [],
    distributions: [],
    condaRecords: [],
    importTest: null,
    interpreterRuns: runs,
    evidence: [],
    sources,
  };
}

function uniquePaths(platform: NodeJS.Platform, items: readonly (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of items) {
    if (!item) continue;
    const key = pathKey(item, platform);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/** Classifies an environment folder by its marker files. */
export async function environmentKind(host: EnvHost, prefix: string, isConda: boolean, basePrefix: string): Promise<EnvironmentKind> {
  const p = pathsFor(host.platform);
  if (isConda) return 'conda';
  if ((await host.kind(p.join(prefix, 'pyvenv.cfg'))) === 'file' || pathKey(basePrefix, host.platform) !== pathKey(prefix, host.platform)) return 'venv';
  const lower = prefix.toLowerCase();
  if (lower.includes('.pyenv')) return 'pyenv';
  if (lower.includes('windowsapps')) return 'store';
  if (lower.includes('homebrew') || lower.includes('linuxbrew') || lower.includes('/cellar/')) return 'homebrew';
  if (/^\/(usr|usr\/local|opt\/local)$/.test(prefix) || lower.startsWith('/library/frameworks') || lower.startsWith('/system/library')) return 'system';
  return 'installed';
}

/** Probes many environments in parallel with a bound (default: 2 per CPU, at least 4). */
export async function probeEnvironments(
  targets: readonly { interpreterOrFolder: string; sources?: DiscoverySource[]; storeStub?: boolean }[],
  options: Omit<ProbeOptions, 'sources' | 'storeStub' | 'importModule'> & { concurrency?: number } = {},
): Promise<EnvironmentDescription[]> {
  const { availableParallelism } = await import('node:os');
  const limit = Math.max(1, options.concurrency ?? Math.max(4, availableParallelism() * 2));
  const results: EnvironmentDescription[] = new Array(targets.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const i = next++;
      const t = targets[i]!;
      results[i] = await probeEnvironment(t.interpreterOrFolder, { ...options, sources: t.sources, storeStub: t.storeStub });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, targets.length) }, worker));
  return results;
}
