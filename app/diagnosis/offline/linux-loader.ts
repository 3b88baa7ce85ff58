/**
 * Simulates how the Linux dynamic loader (glibc ld.so) loads an extension module into the
 * interpreter: which file each DT_NEEDED resolves to, and which symbols or symbol versions no
 * loaded object defines.
 *
 * Interim until app/binary's simulator is merged. Search order (ld.so(8)): DT_RPATH of the object
 * when it has no DT_RUNPATH, LD_LIBRARY_PATH, DT_RUNPATH, /etc/ld.so.cache, then the default folders;
 * `$ORIGIN` is the object's folder. An object the interpreter already loaded (its soname) is reused.
 * Python loads extensions with RTLD_LOCAL, so a symbol resolves from the interpreter's global scope
 * or from the extension's own dependency tree.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EnvironmentFacts, ExtensionModule, LoadFinding, LoadSimulation } from '../facts';
import { buildOwnerIndex } from '../ownership';
import type { DependencyLink, SearchDirectory } from '../types';
import { readElf } from './elf-reader';
import type { ElfInfo } from './elf-reader';

export interface LinuxLoaderOptions {
  readonly ldLibraryPath?: readonly string[];
  /** soname → path, as `ldconfig -p` lists /etc/ld.so.cache. */
  readonly cache?: ReadonlyMap<string, string>;
  readonly defaultDirs?: readonly string[];
}

export const DEFAULT_DIRS = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib64', '/usr/lib64', '/lib', '/usr/lib'];

/** Reads /etc/ld.so.cache through `ldconfig -p` (the x86-64 entries); empty when ldconfig is absent. */
export function readLdCache(): Promise<Map<string, string>> {
  return new Promise((resolveCache) => {
    const tryRun = (candidates: string[]): void => {
      const [bin, ...rest] = candidates;
      if (!bin) {
        resolveCache(new Map());
        return;
      }
      execFile(bin, ['-p'], { timeout: 20_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout) => {
        if (error) {
          tryRun(rest);
          return;
        }
        const map = new Map<string, string>();
        for (const line of stdout.split('\n')) {
          const m = /^\s*(\S+) \(([^)]*)\) => (\S+)$/.exec(line);
          if (m && (m[2] ?? '').includes('x86-64') && !map.has(m[1] ?? '')) map.set(m[1] ?? '', m[3] ?? '');
        }
        resolveCache(map);
      });
    };
    tryRun(['/sbin/ldconfig', '/usr/sbin/ldconfig', 'ldconfig']);
  });
}

const SYSTEM_PREFIXES = ['/lib/', '/lib64/', '/usr/lib/', '/usr/lib64/'];
const MAX_OBJECTS = 2000;

export function simulateLinuxLoad(env: EnvironmentFacts, ext: ExtensionModule, options: LinuxLoaderOptions = {}): LoadSimulation | null {
  const owners = buildOwnerIndex(env);
  const elfCache = new Map<string, ElfInfo | null>();
  const read = (path: string): ElfInfo | null => {
    if (!elfCache.has(path)) {
      try {
        elfCache.set(path, statSync(path).size > 1024 * 1024 * 1024 ? null : readElf(readFileSync(path)));
      } catch {
        elfCache.set(path, null);
      }
    }
    return elfCache.get(path) ?? null;
  };
  const root = read(ext.path);
  if (!root) return null;
  const defaults = options.defaultDirs ?? DEFAULT_DIRS;

  /** DT_RPATH folders of an object (its $ORIGIN expanded), empty when DT_RUNPATH overrides them. */
  const ownRpath = (from: string, info: ElfInfo): string[] =>
    info.runpath.length === 0 ? info.rpath.map((d) => d.replace(/\$(ORIGIN|\{ORIGIN\})/g, dirname(from))) : [];
  const resolve = (name: string, from: string, info: ElfInfo, loaded: ReadonlyMap<string, string>, inherited: readonly string[] = []): { path: string | null; step: string; searched: SearchDirectory[] } => {
    if (name.includes('/')) return { path: existsSync(name) ? name : null, step: 'path', searched: [] };
    const already = loaded.get(name);
    if (already) return { path: already, step: 'already-loaded', searched: [] };
    const origin = dirname(from);
    const expand = (d: string): string => d.replace(/\$(ORIGIN|\{ORIGIN\})/g, origin);
    // Without DT_RUNPATH, the DT_RPATH of the object, then of each object that loaded it up to the
    // executable, apply (ld.so(8)); DT_RUNPATH applies to the object's own dependencies only.
    const dirs: { path: string; step: string }[] = [
      ...(info.runpath.length === 0 ? [...ownRpath(from, info), ...inherited].map((d) => ({ path: d, step: 'RPATH' })) : []),
      ...(options.ldLibraryPath ?? []).map((d) => ({ path: d, step: 'LD_LIBRARY_PATH' })),
      ...info.runpath.map((d) => ({ path: expand(d), step: 'RUNPATH' })),
    ];
    const searched: SearchDirectory[] = [];
    for (const d of dirs) {
      const candidate = join(d.path, name);
      const hit = existsSync(candidate);
      searched.push({ path: d.path, step: d.step, contains: hit });
      if (hit) return { path: candidate, step: d.step, searched };
    }
    const cached = options.cache?.get(name);
    searched.push({ path: '/etc/ld.so.cache', step: 'ld.so.cache', contains: cached !== undefined });
    if (cached) return { path: cached, step: 'ld.so.cache', searched };
    for (const d of defaults) {
      const candidate = join(d, name);
      const hit = existsSync(candidate);
      searched.push({ path: d, step: 'default', contains: hit });
      if (hit) return { path: candidate, step: 'default', searched };
    }
    return { path: null, step: 'not-found', searched };
  };

  // The interpreter's own tree: its objects are loaded already and form the global scope.
  const loaded = new Map<string, string>();
  const globalSymbols = new Set<string>();
  let interpreter: string = env.python;
  try {
    interpreter = realpathSync(env.python);
  } catch {
    // A missing interpreter leaves the global scope empty; symbols are then checked against the tree only.
  }
  const exe = read(interpreter);
  const exeRpath = exe ? ownRpath(interpreter, exe) : [];
  let libpython: string | null = null;
  if (exe) {
    for (const s of exe.definedSymbols) globalSymbols.add(s);
    const queue: [string, ElfInfo][] = [[interpreter, exe]];
    while (queue.length > 0 && loaded.size < MAX_OBJECTS) {
      const [path, info] = queue.shift() as [string, ElfInfo];
      for (const n of info.needed) {
        if (loaded.has(n)) continue;
        const r = resolve(n, path, info, loaded, exeRpath);
        if (!r.path) continue;
        loaded.set(n, r.path);
        if (/^libpython/.test(n)) libpython = r.path;
        const dep = read(r.path);
        if (dep) {
          for (const s of dep.definedSymbols) globalSymbols.add(s);
          queue.push([r.path, dep]);
        }
      }
    }
  }

  const findings: LoadFinding[] = [];
  const resolved: DependencyLink[] = [];
  const tree = new Map<string, { info: ElfInfo; chain: DependencyLink[]; inherited: string[] }>([[ext.path, { info: root, chain: [], inherited: exeRpath }]]);
  const expected = exe?.machine ?? null;
  if (expected && root.machine !== expected) findings.push({ kind: 'wrong-architecture', chain: [], file: ext.path, machine: root.machine, expectedMachine: expected });
  const queue: string[] = [ext.path];
  const localLoaded = new Map(loaded);
  while (queue.length > 0 && tree.size < MAX_OBJECTS) {
    const path = queue.shift() as string;
    const { info, chain, inherited } = tree.get(path) as { info: ElfInfo; chain: DependencyLink[]; inherited: string[] };
    for (const n of info.needed) {
      const r = resolve(n, path, info, localLoaded, inherited);
      const link: DependencyLink = { file: path, needs: n, resolvedPath: r.path, foundBy: r.step, owner: r.path ? owners.ownerOf(r.path) : null };
      resolved.push(link);
      const here = [...chain, link];
      if (!r.path) {
        findings.push({ kind: 'missing-library', chain: here, library: n, searched: r.searched });
        continue;
      }
      const dep = read(r.path);
      if (!dep) continue;
      if (expected && dep.machine !== expected) {
        findings.push({ kind: 'wrong-architecture', chain: here, file: r.path, machine: dep.machine, expectedMachine: expected });
        continue;
      }
      const missingVersions = (info.versionsNeeded.get(n) ?? []).filter((v) => !dep.versionsDefined.has(v));
      if (missingVersions.length > 0) {
        findings.push({ kind: 'missing-symbols', chain: here, importer: path, provider: r.path, symbols: [], ordinals: [], versions: missingVersions });
      }
      if (!tree.has(r.path)) {
        localLoaded.set(n, r.path);
        tree.set(r.path, { info: dep, chain: here, inherited: [...ownRpath(path, info), ...inherited] });
        queue.push(r.path);
      }
    }
  }

  const scope = new Set(globalSymbols);
  for (const { info } of tree.values()) for (const s of info.definedSymbols) scope.add(s);
  const isSystem = (p: string): boolean => SYSTEM_PREFIXES.some((x) => p.startsWith(x));
  const unresolvedFrom = new Set(findings.filter((f) => f.kind === 'missing-library').map((f) => f.chain.at(-1)?.file));
  for (const [path, { info, chain }] of tree) {
    // Symbols an object expects from a library that was not found are reported with that library.
    if (unresolvedFrom.has(path)) continue;
    const missing = info.undefinedSymbols.filter((s) => !scope.has(s));
    if (missing.length === 0) continue;
    const deps = info.needed.map((n) => localLoaded.get(n)).filter((p): p is string => typeof p === 'string');
    const own = deps.filter((p) => !isSystem(p));
    const provider =
      own.length === 1 ? own[0] : missing.every((s) => /^_?Py/.test(s)) && libpython ? libpython : (own[0] ?? deps[0] ?? libpython ?? interpreter);
    const providerLink = resolved.find((l) => l.file === path && l.resolvedPath === provider);
    findings.push({ kind: 'missing-symbols', chain: providerLink ? [...chain, providerLink] : chain, importer: path, provider: provider ?? interpreter, symbols: missing, ordinals: [], versions: [] });
  }
  return { root: ext.path, resolved, findings };
}
