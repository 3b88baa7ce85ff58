/**
 * Simulates how CPython on Windows loads an extension module's DLL tree, per Python version and
 * distribution, and reports what would fail: a DLL not found, a missing export, the wrong machine,
 * a same-named DLL that wins the search.
 *
 * Interim until app/binary's simulator is merged. Rules (shared/reference/python-dll-failures.md,
 * "Windows DLL search order as it applies to Python"):
 * - Python ≤ 3.7 loads with LOAD_WITH_ALTERED_SEARCH_PATH: the .pyd's folder, System32, Windows,
 *   then PATH (the current folder is left out: it is unknown offline).
 * - Python ≥ 3.8 (bpo-36085, Python/dynload_win.c) loads with LOAD_LIBRARY_SEARCH_DEFAULT_DIRS |
 *   LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR: the .pyd's folder, python.exe's folder, add_dll_directory()
 *   folders (conda's Python adds five, conda-forge patch 0007), System32. No PATH.
 * - Already-loaded modules win regardless of folder (MS Learn "Dynamic-link library search order"):
 *   the interpreter's pythonXY.dll and python3.dll. API sets (api-ms-win-*, ext-ms-*) resolve
 *   through the schema and are not files.
 * - The .pyd's folder is applied to the whole tree (whether LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR reaches
 *   beyond direct dependencies is an open question in the reference; this is the generous reading).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EnvironmentFacts, ExtensionModule, LoadFinding, LoadSimulation } from '../facts';
import { buildOwnerIndex, pathKey } from '../ownership';
import type { DependencyLink, SearchDirectory } from '../types';
import { compareVersions } from '../version-spec';
import { readPe } from './pe-reader';
import type { PeInfo } from './pe-reader';

export interface WindowsLoaderOptions {
  /** PATH of the process, in order (searched by Python ≤ 3.7 only). */
  readonly pathDirs?: readonly string[];
  /** The System32 folder to search, when a copy of it is available (tests, a mounted disk). */
  readonly system32?: string | null;
  /** The Windows folder (searched by Python ≤ 3.7). */
  readonly windowsDir?: string | null;
}

/**
 * DLLs every Windows install has in System32. When no System32 folder is given they count as found
 * (their exports are not checked). The Visual C++ runtime (vcruntime*, msvcp*) is deliberately not
 * here: it is a separate redistributable (catalog rows 9, 15).
 */
export const CORE_SYSTEM_DLLS: ReadonlySet<string> = new Set(
  [
    'kernel32', 'kernelbase', 'ntdll', 'user32', 'gdi32', 'advapi32', 'shell32', 'ole32', 'oleaut32', 'comdlg32', 'comctl32',
    'ws2_32', 'wsock32', 'msvcrt', 'ucrtbase', 'rpcrt4', 'shlwapi', 'version', 'winmm', 'imm32', 'crypt32', 'bcrypt', 'secur32',
    'setupapi', 'psapi', 'iphlpapi', 'userenv', 'dbghelp', 'opengl32', 'winspool.drv', 'cfgmgr32', 'powrprof', 'wintrust',
    'normaliz', 'mswsock', 'dnsapi', 'netapi32', 'uxtheme', 'dwmapi', 'd3d11', 'dxgi', 'mfplat', 'mf', 'mfreadwrite', 'ncrypt',
  ].map((n) => (n.includes('.') ? n : `${n}.dll`)),
);

const MAX_DEPTH = 24;
const MAX_FILES = 4000;

interface Resolution {
  path: string | null;
  step: string;
  searched: SearchDirectory[];
  onPathOnly?: string | null;
}

function listLower(dir: string, cache: Map<string, Map<string, string>>): Map<string, string> {
  let m = cache.get(dir);
  if (!m) {
    m = new Map();
    try {
      for (const f of readdirSync(dir)) m.set(f.toLowerCase(), join(dir, f));
    } catch {
      // A folder that does not exist holds nothing.
    }
    cache.set(dir, m);
  }
  return m;
}

/** The folders searched for a dependency, in order, for this Python. */
export function searchOrder(env: EnvironmentFacts, pydDir: string, options: WindowsLoaderOptions): { path: string; step: string }[] {
  const modern = env.pythonVersion !== null && compareVersions(env.pythonVersion, '3.8') >= 0;
  const out: { path: string; step: string }[] = [{ path: pydDir, step: modern ? 'dll-load-dir' : 'pyd-dir (altered search path)' }];
  if (modern) {
    out.push({ path: env.prefix, step: 'application-dir' });
    if (env.kind === 'conda') {
      for (const sub of [['Library', 'mingw-w64', 'bin'], ['Library', 'usr', 'bin'], ['Library', 'bin'], ['Scripts'], ['bin']]) {
        out.push({ path: join(env.prefix, ...sub), step: 'add_dll_directory (conda)' });
      }
    }
    if (options.system32) out.push({ path: options.system32, step: 'System32' });
  } else {
    if (options.system32) out.push({ path: options.system32, step: 'System32' });
    if (options.windowsDir) out.push({ path: options.windowsDir, step: 'Windows' });
    for (const p of options.pathDirs ?? []) if (p.trim() !== '') out.push({ path: p, step: 'PATH' });
  }
  return out;
}

/** Simulates loading one extension module; null when its file cannot be read as a PE. */
export function simulateWindowsLoad(env: EnvironmentFacts, ext: ExtensionModule, options: WindowsLoaderOptions = {}): LoadSimulation | null {
  const owners = buildOwnerIndex(env);
  const dirCache = new Map<string, Map<string, string>>();
  const peCache = new Map<string, PeInfo | null>();
  const readInfo = (path: string): PeInfo | null => {
    if (!peCache.has(path)) {
      try {
        peCache.set(path, statSync(path).size > 512 * 1024 * 1024 ? null : readPe(readFileSync(path)));
      } catch {
        peCache.set(path, null);
      }
    }
    return peCache.get(path) ?? null;
  };
  const root = readInfo(ext.path);
  if (!root) return null;
  const expected = env.architecture;
  const order = searchOrder(env, dirname(ext.path), options);
  const modern = env.pythonVersion !== null && compareVersions(env.pythonVersion, '3.8') >= 0;
  const preloaded = new Map<string, string>();
  for (const f of existsSync(env.prefix) ? readdirSync(env.prefix) : []) {
    if (/^python\d*\.dll$/i.test(f)) preloaded.set(f.toLowerCase(), join(env.prefix, f));
  }
  // What python.exe itself imports from its folder (vcruntime140.dll next to it) is loaded already.
  const exe = readInfo(env.python);
  const prefixFiles = listLower(env.prefix, dirCache);
  for (const imp of exe?.imports ?? []) {
    const hit = prefixFiles.get(imp.dll.toLowerCase());
    if (hit) preloaded.set(imp.dll.toLowerCase(), hit);
  }

  const resolve = (name: string): Resolution => {
    const lower = name.toLowerCase();
    if (/^(api|ext)-ms-/.test(lower)) return { path: null, step: 'api-set', searched: [] };
    const loaded = preloaded.get(lower);
    if (loaded) return { path: loaded, step: 'already-loaded', searched: [] };
    const searched: SearchDirectory[] = [];
    for (const dir of order) {
      const hit = listLower(dir.path, dirCache).get(lower);
      searched.push({ path: dir.path, step: dir.step, contains: hit !== undefined });
      if (hit) return { path: hit, step: dir.step, searched };
    }
    if (CORE_SYSTEM_DLLS.has(lower) && !options.system32) return { path: null, step: 'system (assumed present)', searched };
    const onPath = modern ? (options.pathDirs ?? []).map((d) => listLower(d, dirCache).get(lower)).find((x) => x !== undefined) : undefined;
    return { path: null, step: 'not-found', searched, onPathOnly: onPath ?? null };
  };

  const findings: LoadFinding[] = [];
  const resolved: DependencyLink[] = [];
  const visited = new Set<string>([pathKey(ext.path, 'windows')]);
  if (expected && root.machine !== expected) {
    findings.push({ kind: 'wrong-architecture', chain: [], file: ext.path, machine: root.machine, expectedMachine: expected });
  }

  const walk = (file: string, info: PeInfo, chain: DependencyLink[], depth: number): void => {
    if (depth > MAX_DEPTH || visited.size > MAX_FILES) return;
    for (const imp of info.imports) {
      const r = resolve(imp.dll);
      const link: DependencyLink = { file, needs: imp.dll, resolvedPath: r.path, foundBy: r.step, owner: r.path ? owners.ownerOf(r.path) : null };
      resolved.push(link);
      const here = [...chain, link];
      if (r.step === 'api-set' || r.step === 'system (assumed present)') continue;
      if (r.path === null) {
        findings.push({ kind: 'missing-library', chain: here, library: imp.dll, searched: r.searched, onPathOnly: r.onPathOnly ?? null });
        continue;
      }
      const dep = readInfo(r.path);
      if (!dep) {
        findings.push({ kind: 'wrong-architecture', chain: here, file: r.path, machine: 'not a PE file', expectedMachine: expected ?? 'unknown' });
        continue;
      }
      const missingNames = imp.names.filter((n) => !dep.exportNames.has(n));
      const missingOrdinals = imp.ordinals.filter((o) => !dep.exportOrdinals.has(o));
      const wrongMachine = expected !== null && dep.machine !== expected;
      const outsideEnv = owners.ownerOf(r.path).package === null && !pathKey(r.path, 'windows').startsWith(`${pathKey(env.prefix, 'windows')}/`);
      const envCopy = outsideEnv ? owners.filesNamed(imp.dll).find((f) => pathKey(f, 'windows') !== pathKey(r.path ?? '', 'windows')) ?? null : null;
      if ((missingNames.length > 0 || missingOrdinals.length > 0 || wrongMachine) && envCopy !== null) {
        findings.push({ kind: 'shadowed', chain: here, library: imp.dll, winner: r.path, winnerStep: r.step, intended: envCopy, searched: r.searched });
        continue;
      }
      if (wrongMachine) {
        findings.push({ kind: 'wrong-architecture', chain: here, file: r.path, machine: dep.machine, expectedMachine: expected ?? 'unknown' });
        continue;
      }
      if (missingNames.length > 0 || missingOrdinals.length > 0) {
        findings.push({ kind: 'missing-symbols', chain: here, importer: file, provider: r.path, symbols: missingNames, ordinals: missingOrdinals, versions: [] });
      }
      const key = pathKey(r.path, 'windows');
      if (r.step !== 'already-loaded' && !visited.has(key)) {
        visited.add(key);
        walk(r.path, dep, here, depth + 1);
      }
    }
  };
  walk(ext.path, root, [], 0);
  return { root: ext.path, resolved, findings };
}
