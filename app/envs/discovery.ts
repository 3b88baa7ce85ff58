/**
 * Finds every Python environment on the machine and says which sources found it.
 *
 * Windows: PEP 514 registry keys (HKCU and HKLM, 64- and 32-bit views) via `reg.exe query`, the py
 * launcher (`py -0p`), PATH and `where python`, Microsoft Store app-execution aliases (the Store stub told
 * apart from a real Store install), conda (Anaconda3/Miniconda3/Miniforge3 in the profile and ProgramData,
 * %USERPROFILE%\.conda\environments.txt, `conda env list --json`), venv/virtualenv folders (pyvenv.cfg),
 * pyenv-win. Linux/macOS: PATH, pyenv, conda, venvs, Homebrew, system Pythons.
 * Nothing is probed here; each environment is reported once, keyed by the real path of its prefix.
 */
import { knownEmbeddedInterpreters, recognizeEmbeddedLayout } from './embedded-layouts';
import { nodeHost, type EnvHost } from './host';
import { appleFrameworkPythons, homebrewPythons, isAppleShim, macCondaLocations, pythonOrgFrameworks } from './macos-discovery';
import { findInterpreterIn } from './offline';
import { pathKey, pathsFor, type PathApi } from './paths';
import type { DiscoveredEnvironment, DiscoverySource, DiscoverySourceKind, EnvironmentKind } from './types';
import {
  parseCondaEnvList,
  parseEnvironmentsTxt,
  parsePyLauncherList,
  parseRegQueryPep514,
  parseWhereOutput,
} from './windows-parsers';

export interface DiscoveryOptions {
  readonly host?: EnvHost;
  /** Interpreters or environment folders the user added by path. */
  readonly extraPaths?: readonly string[];
  /** More folders whose sub-folders may be venvs (a projects folder, say). */
  readonly venvRoots?: readonly string[];
  /** Ask conda itself (`conda env list --json`); default true. */
  readonly useCondaCli?: boolean;
  /** Per helper command (reg, py, where, conda); default 15 s. */
  readonly commandTimeoutMs?: number;
}

interface Candidate {
  readonly path: string;
  readonly source: DiscoverySource;
  readonly version?: string | null;
}

const interpreterName = {
  win32: /^python(3(\.\d+)?)?\.exe$/i,
  posix: /^python(\d(\.\d+)?)?$/,
};

function envList(host: EnvHost): string[] {
  const raw = host.platform === 'win32' ? (host.env.Path ?? host.env.PATH ?? host.env.path ?? '') : (host.env.PATH ?? '');
  return raw.split(host.platform === 'win32' ? ';' : ':').filter(Boolean);
}

function envVar(host: EnvHost, name: string): string | undefined {
  if (host.platform !== 'win32') return host.env[name];
  const key = Object.keys(host.env).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? host.env[key] : undefined;
}

/** Finds all environments. Safe to call repeatedly; runs only helper tools (reg, py, where, conda), no interpreter. */
export async function discoverEnvironments(options: DiscoveryOptions = {}): Promise<DiscoveredEnvironment[]> {
  const host = options.host ?? nodeHost();
  const p = pathsFor(host.platform);
  const timeoutMs = options.commandTimeoutMs ?? 15_000;
  const gathered = await Promise.all([
    host.platform === 'win32' ? windowsSources(host, p, timeoutMs) : posixSources(host, p),
    condaSources(host, p, options.useCondaCli ?? true, timeoutMs),
    venvSources(host, p, options.venvRoots ?? []),
    Promise.resolve((options.extraPaths ?? []).map((x) => ({ path: p.resolve(x), source: { kind: 'user' as const, detail: x } }))),
    knownEmbeddedInterpreters(host).then((found) => found.map((f) => ({ path: f.path, source: { kind: 'system' as const, detail: f.detail } }))),
  ]);
  return mergeCandidates(host, p, gathered.flat());
}

async function mergeCandidates(host: EnvHost, p: PathApi, candidates: Candidate[]): Promise<DiscoveredEnvironment[]> {
  const resolved = await Promise.all(candidates.map((c) => resolveCandidate(host, p, c)));
  const byKey = new Map<string, { env: DiscoveredEnvironment; sources: DiscoverySource[] }>();
  const order: string[] = [];
  for (let i = 0; i < resolved.length; i++) {
    const r = resolved[i];
    if (!r) continue;
    const c = candidates[i]!;
    const key = pathKey(r.id, host.platform);
    const existing = byKey.get(key);
    if (existing) {
      if (!existing.sources.some((s) => s.kind === c.source.kind && s.detail === c.source.detail)) existing.sources.push(c.source);
      if (!existing.env.interpreter && r.interpreter) existing.env = { ...existing.env, interpreter: r.interpreter };
      if (!existing.env.reportedVersion && r.reportedVersion) existing.env = { ...existing.env, reportedVersion: r.reportedVersion };
      continue;
    }
    byKey.set(key, { env: r, sources: [c.source] });
    order.push(key);
  }
  return order.map((k) => {
    const { env, sources } = byKey.get(k)!;
    return { ...env, sources };
  });
}

/** Decides prefix, interpreter and kind for one candidate; null when it is not a Python. */
async function resolveCandidate(host: EnvHost, p: PathApi, c: Candidate): Promise<DiscoveredEnvironment | null> {
  const kind = await host.kind(c.path);
  let interpreter: string | null;
  let prefix: string;
  if (kind === 'dir') {
    prefix = c.path;
    interpreter = await findInterpreterIn(host, c.path);
    // An embedded Python's folder (Blender's install, a ._pth folder read off Windows): its layout names the interpreter.
    const embedded = interpreter ? null : await recognizeEmbeddedLayout(host, c.path);
    if (embedded?.interpreter) [prefix, interpreter] = [embedded.prefix, embedded.interpreter];
    if (!interpreter && (await host.kind(p.join(c.path, 'conda-meta'))) !== 'dir' && (await host.kind(p.join(c.path, 'pyvenv.cfg'))) !== 'file') return null;
  } else if (kind === 'file' || (host.platform === 'win32' && isWindowsAppsAlias(c.path))) {
    interpreter = c.path;
    const dir = p.dirname(c.path);
    const parent = p.dirname(dir);
    if (/^(bin|scripts)$/i.test(p.basename(dir)) && (await host.kind(p.join(parent, 'pyvenv.cfg'))) === 'file') prefix = parent;
    else if (host.platform === 'win32') prefix = /^scripts$/i.test(p.basename(dir)) ? parent : dir;
    else {
      const real = (await host.realPath(c.path)) ?? c.path;
      prefix = p.dirname(p.dirname(real));
    }
  } else return null;
  const storeAlias = host.platform === 'win32' && interpreter !== null && isWindowsAppsAlias(interpreter);
  const storeStub = storeAlias && !(await hasStorePythonPackage(host, p, p.dirname(interpreter!)));
  // Aliases are per file (python.exe, python3.11.exe): they have no prefix folder of their own.
  const id = storeAlias ? interpreter! : ((await host.realPath(prefix)) ?? prefix);
  return {
    id,
    prefix: storeAlias ? p.dirname(interpreter!) : prefix,
    interpreter,
    kind: storeAlias ? 'store' : await quickKind(host, p, prefix, c.source.kind),
    storeStub,
    sources: [c.source],
    reportedVersion: c.version ?? null,
  };
}

function isWindowsAppsAlias(file: string): boolean {
  return /\\Microsoft\\WindowsApps\\[^\\]+$/i.test(file);
}

/**
 * A real Store install puts a `PythonSoftwareFoundation.Python.3.X_qbz5n2kfra8p0` folder of aliases next to
 * the global ones; the App Installer stub ships only python.exe / python3.exe that open the Store
 * (https://docs.python.org/3/using/windows.html#the-microsoft-store-package, "App execution aliases").
 */
async function hasStorePythonPackage(host: EnvHost, p: PathApi, windowsApps: string): Promise<boolean> {
  const entries = await host.listDir(windowsApps);
  return entries.some((e) => /^PythonSoftwareFoundation\.Python\.3/i.test(e));
}

async function quickKind(host: EnvHost, p: PathApi, prefix: string, source: DiscoverySourceKind): Promise<EnvironmentKind> {
  if ((await host.kind(p.join(prefix, 'conda-meta'))) === 'dir') return 'conda';
  if ((await host.kind(p.join(prefix, 'pyvenv.cfg'))) === 'file') return 'venv';
  if (source === 'pyenv' || /[\\/]\.pyenv[\\/]/.test(prefix)) return 'pyenv';
  if (source === 'homebrew' || /homebrew|linuxbrew|Cellar/i.test(prefix)) return 'homebrew';
  if (source === 'system' || /^\/(usr|usr\/local)$/.test(prefix) || prefix.startsWith('/Library/') || prefix.startsWith('/System/') || /\/Xcode[^/]*\.app\//.test(prefix)) return 'system';
  return 'installed';
}

async function scanDirForInterpreters(host: EnvHost, p: PathApi, dir: string, source: DiscoverySourceKind, detail: string): Promise<Candidate[]> {
  const re = host.platform === 'win32' ? interpreterName.win32 : interpreterName.posix;
  const out: Candidate[] = [];
  for (const name of (await host.listDir(dir)).sort()) {
    if (!re.test(name)) continue;
    const file = p.join(dir, name);
    if (host.platform === 'win32' ? isWindowsAppsAlias(file) || (await host.kind(file)) === 'file' : await host.isExecutable(file)) {
      out.push({ path: file, source: { kind: source, detail } });
    }
  }
  return out;
}

function isShimDir(dir: string): boolean {
  return /[\\/](\.pyenv[\\/]shims|pyenv-win[\\/]shims|\.asdf[\\/]shims)[\\/]?$/i.test(dir);
}

async function run(host: EnvHost, file: string, args: string[], timeoutMs: number, output?: 'console'): Promise<string | null> {
  const r = await host.exec(file, args, output ? { timeoutMs, output } : { timeoutMs });
  return r.spawnError || r.timedOut ? null : r.stdout;
}

async function windowsSources(host: EnvHost, p: PathApi, timeoutMs: number): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const systemRoot = envVar(host, 'SystemRoot') ?? 'C:\\Windows';
  const reg = p.join(systemRoot, 'System32', 'reg.exe');
  // HKCU\Software is shared by the 64- and 32-bit views (PEP 514: "not redirected"), so it is read
  // once; HKLM's 32-bit view is Wow6432Node (https://learn.microsoft.com/en-us/windows/win32/winprog64/shared-registry-keys).
  const queries: [string, string][] = [['HKCU', '/reg:64'], ['HKLM', '/reg:64'], ['HKLM', '/reg:32']];
  const regOutputs = await Promise.all(queries.map(([hive, view]) => run(host, reg, ['query', `${hive}\\Software\\Python`, '/s', view], timeoutMs, 'console')));
  regOutputs.forEach((text, i) => {
    if (!text) return;
    const [hive, view] = queries[i]!;
    for (const inst of parseRegQueryPep514(text, host.env)) {
      const exe = inst.executablePath ?? (inst.installPath ? p.join(inst.installPath, 'python.exe') : null);
      if (!exe) continue;
      out.push({ path: exe, source: { kind: 'registry', detail: `${inst.key} (${hive} ${view.slice(1)})` }, version: inst.version ?? inst.sysVersion ?? inst.tag });
    }
  });
  const localAppData = envVar(host, 'LOCALAPPDATA');
  const windowsApps = localAppData ? p.join(localAppData, 'Microsoft', 'WindowsApps') : null;
  const [pyList, whereOut] = await Promise.all([run(host, 'py.exe', ['-0p'], timeoutMs), run(host, p.join(systemRoot, 'System32', 'where.exe'), ['python'], timeoutMs, 'console')]);
  for (const entry of parsePyLauncherList(pyList ?? '')) {
    const exe = p.isAbsolute(entry.path) ? entry.path : windowsApps ? p.join(windowsApps, entry.path) : null;
    if (exe) out.push({ path: exe, source: { kind: 'py-launcher', detail: `py -0p: ${entry.tag}` }, version: /^\d/.test(entry.tag) ? entry.tag : null });
  }
  for (const exe of parseWhereOutput(whereOut ?? '')) {
    out.push({ path: exe, source: isWindowsAppsAlias(exe) ? { kind: 'store-alias', detail: exe } : { kind: 'path', detail: `where python: ${exe}` } });
  }
  for (const dir of envList(host)) {
    if (isShimDir(dir)) continue;
    const kind: DiscoverySourceKind = /\\Microsoft\\WindowsApps\\?$/i.test(dir) ? 'store-alias' : 'path';
    out.push(...(await scanDirForInterpreters(host, p, dir, kind, `PATH: ${dir}`)));
  }
  if (windowsApps) out.push(...(await scanDirForInterpreters(host, p, windowsApps, 'store-alias', windowsApps)));
  // pyenv-win: %PYENV% points at ...\.pyenv\pyenv-win\.
  const pyenvWin = envVar(host, 'PYENV') ?? p.join(host.homeDir, '.pyenv', 'pyenv-win');
  const versions = p.join(pyenvWin, 'versions');
  for (const v of (await host.listDir(versions)).sort()) out.push({ path: p.join(versions, v), source: { kind: 'pyenv', detail: versions }, version: v });
  return out;
}

async function posixSources(host: EnvHost, p: PathApi): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const dir of envList(host)) {
    if (isShimDir(dir)) continue;
    out.push(...(await scanDirForInterpreters(host, p, dir, 'path', `PATH: ${dir}`)));
  }
  if (host.platform === 'darwin') out.push(...(await macSources(host, p)));
  const pyenvRoot = host.env.PYENV_ROOT ?? p.join(host.homeDir, '.pyenv');
  const versions = p.join(pyenvRoot, 'versions');
  for (const v of (await host.listDir(versions)).sort()) {
    const dir = p.join(versions, v);
    if ((await host.kind(p.join(dir, 'bin'))) === 'dir') out.push({ path: dir, source: { kind: 'pyenv', detail: versions }, version: v });
  }
  for (const bin of ['/opt/homebrew/bin', '/usr/local/bin', '/home/linuxbrew/.linuxbrew/bin']) {
    out.push(...(await scanDirForInterpreters(host, p, bin, bin === '/usr/local/bin' ? 'system' : 'homebrew', bin)));
  }
  if (host.platform !== 'darwin') {
    for (const opt of ['/opt/homebrew/opt', '/usr/local/opt']) {
      for (const name of (await host.listDir(opt)).filter((n) => /^python@3/.test(n)).sort()) {
        out.push({ path: p.join(opt, name, 'bin', 'python3'), source: { kind: 'homebrew', detail: p.join(opt, name) } });
      }
    }
  }
  out.push(...(await scanDirForInterpreters(host, p, '/usr/bin', 'system', '/usr/bin')));
  // Apple's /usr/bin/python3 is a shim (macos-discovery.ts): the framework it runs was listed instead.
  return out.filter((c) => !isAppleShim(host, c.path));
}

async function macSources(host: EnvHost, p: PathApi): Promise<Candidate[]> {
  const found = await Promise.all([appleFrameworkPythons(host, p), pythonOrgFrameworks(host, p), homebrewPythons(host, p)]);
  return found.flat();
}

async function condaSources(host: EnvHost, p: PathApi, useCli: boolean, timeoutMs: number): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const names = ['Anaconda3', 'Miniconda3', 'Miniforge3', 'Mambaforge', 'anaconda3', 'miniconda3', 'miniforge3', 'mambaforge'];
  const bases =
    host.platform === 'win32'
      ? [host.homeDir, envVar(host, 'ProgramData') ?? 'C:\\ProgramData', envVar(host, 'LOCALAPPDATA')].filter((x): x is string => Boolean(x))
      : [host.homeDir, '/opt', '/usr/local'];
  const roots: string[] = [];
  const seenRoot = new Set<string>();
  const addRoot = (r: string): void => {
    const k = pathKey(r, host.platform);
    if (!seenRoot.has(k)) {
      seenRoot.add(k);
      roots.push(r);
    }
  };
  for (const base of bases) {
    const entries = new Set(await host.listDir(base));
    for (const n of names) if (entries.has(n)) addRoot(p.join(base, n));
  }
  if (host.platform === 'darwin') {
    const mac = macCondaLocations(host, p);
    for (const base of mac.bases) {
      const entries = new Set(await host.listDir(base));
      for (const n of names) if (entries.has(n)) addRoot(p.join(base, n));
    }
    for (const root of mac.roots) addRoot(root);
  }
  if (host.platform !== 'win32' && (await host.kind('/opt/conda/conda-meta')) === 'dir') addRoot('/opt/conda');
  const condaExeEnv = envVar(host, 'CONDA_EXE');
  if (condaExeEnv) addRoot(p.dirname(p.dirname(condaExeEnv)));
  for (const root of roots) {
    if ((await host.kind(p.join(root, 'conda-meta'))) !== 'dir') continue;
    out.push({ path: root, source: { kind: 'conda', detail: `conda root ${root}` } });
    const envsDir = p.join(root, 'envs');
    for (const e of (await host.listDir(envsDir)).sort()) out.push({ path: p.join(envsDir, e), source: { kind: 'conda', detail: `envs folder ${envsDir}` } });
  }
  const envTxt = p.join(host.homeDir, '.conda', 'environments.txt');
  const txt = await host.readText(envTxt);
  for (const line of parseEnvironmentsTxt(txt ?? '')) out.push({ path: line, source: { kind: 'conda', detail: envTxt } });
  if (useCli) {
    const exe = await findCondaExe(host, p, roots, condaExeEnv);
    if (exe) {
      const listed = await run(host, exe, ['env', 'list', '--json'], timeoutMs);
      for (const prefix of parseCondaEnvList(listed ?? '')) out.push({ path: prefix, source: { kind: 'conda', detail: 'conda env list --json' } });
    }
  }
  return out;
}

async function findCondaExe(host: EnvHost, p: PathApi, roots: string[], fromEnv: string | undefined): Promise<string | null> {
  // conda.bat / the conda shell function need a shell; the real executable does not.
  const candidates = [
    ...(fromEnv && !/\.(bat|cmd)$/i.test(fromEnv) ? [fromEnv] : []),
    ...roots.map((r) => (host.platform === 'win32' ? p.join(r, 'Scripts', 'conda.exe') : p.join(r, 'bin', 'conda'))),
  ];
  for (const c of candidates) if ((await host.kind(c)) === 'file') return c;
  return null;
}

async function venvSources(host: EnvHost, p: PathApi, extraRoots: readonly string[]): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const roots = [
    ...extraRoots,
    envVar(host, 'WORKON_HOME'),
    p.join(host.homeDir, '.virtualenvs'),
    p.join(host.homeDir, '.venvs'),
    p.join(host.homeDir, 'Envs'),
    p.join(host.homeDir, '.local', 'pipx', 'venvs'),
    p.join(host.homeDir, 'pipx', 'venvs'),
  ].filter((x): x is string => Boolean(x));
  const active = envVar(host, 'VIRTUAL_ENV');
  if (active) out.push({ path: active, source: { kind: 'venv', detail: 'VIRTUAL_ENV' } });
  for (const root of roots) {
    if ((await host.kind(p.join(root, 'pyvenv.cfg'))) === 'file') out.push({ path: root, source: { kind: 'venv', detail: root } });
    const children = (await host.listDir(root)).sort();
    const checks = await Promise.all(children.map(async (c) => ((await host.kind(p.join(root, c, 'pyvenv.cfg'))) === 'file' ? c : null)));
    for (const c of checks) if (c) out.push({ path: p.join(root, c), source: { kind: 'venv', detail: root } });
  }
  return out;
}
