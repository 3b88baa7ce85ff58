import { BinaryReadError } from './binary-errors';
import type { DependencyEdge, DependencyNode, Finding, LoadSimulation, SearchDir } from './loader-types';
import type { LdCacheEntry } from './ld-so-cache';
import { baseName, dirName, joinPath, type ModuleFs } from './module-fs';
import type { ElfModule, ElfSymbol } from './module-types';

/** Everything about the process and machine that decides where ld.so looks for a library. */
export interface LinuxLoadContext {
  /** LD_LIBRARY_PATH entries, in order. */
  readonly ldLibraryPath?: readonly string[];
  /** Entries of /etc/ld.so.cache (readLdSoCache) or of `ldconfig -p` (parseLdconfigOutput). */
  readonly ldCache?: readonly LdCacheEntry[];
  /** The trusted default folders; defaults to the multiarch and plain lib folders for the module's machine. */
  readonly defaultDirs?: readonly string[];
  /**
   * Objects already in the process before the extension is dlopen'ed (the python executable,
   * libpython, ...): their symbols are in the global scope and their names count as loaded. The
   * first is taken as the executable, whose DT_RPATH also applies to what it dlopen()s.
   */
  readonly loadedObjects?: readonly string[];
  /**
   * When no interpreter is among loadedObjects, undefined Py and _Py symbols are assumed to come
   * from it (extension modules do not link libpython). Default true.
   */
  readonly assumeInterpreterSymbols?: boolean;
  /** What $LIB expands to; defaults to Debian/Ubuntu's multiarch folder (lib/x86_64-linux-gnu). */
  readonly lib?: string;
  /** What $PLATFORM expands to; defaults to the machine name (x86_64, aarch64). */
  readonly platform?: string;
}

const PLATFORMS: Record<number, string> = { 62: 'x86_64', 183: 'aarch64', 3: 'i686' };

const MULTIARCH: Record<number, string> = { 62: 'x86_64-linux-gnu', 183: 'aarch64-linux-gnu', 3: 'i386-linux-gnu' };

function defaultDirsFor(module: ElfModule): string[] {
  const triple = MULTIARCH[module.machineCode];
  const dirs = triple ? [`/lib/${triple}`, `/usr/lib/${triple}`] : [];
  if (module.elfClass === 64) dirs.push('/lib64', '/usr/lib64');
  dirs.push('/lib', '/usr/lib');
  return dirs;
}

interface Loaded {
  readonly id: string;
  readonly module: ElfModule;
}

/**
 * Simulates dlopen(module, RTLD_NOW) the way glibc's ld.so resolves it: finds every DT_NEEDED
 * library, checks symbol versions (DT_VERNEED against DT_VERDEF) and resolves every undefined
 * symbol in the load scope.
 *
 * Search order per needed name (ld.so(8), https://man7.org/linux/man-pages/man8/ld.so.8.html):
 * a name with a slash is a path; otherwise DT_RPATH of the requesting object and of the objects
 * that loaded it (only when the requesting object has no DT_RUNPATH), LD_LIBRARY_PATH, DT_RUNPATH
 * of the requesting object, the ld.so.cache, the default folders. $ORIGIN is the requesting
 * object's folder. Candidates of another ELF class or machine are skipped, as ld.so does. CPython
 * loads extensions with RTLD_NOW (sys.getdlopenflags), so every undefined symbol must resolve at
 * load time (Python/dynload_shlib.c).
 */
export async function simulateLinuxLoad(modulePath: string, context: LinuxLoadContext, fs: ModuleFs): Promise<LoadSimulation> {
  const root = await fs.readModule(modulePath);
  if (root.format !== 'elf') throw new BinaryReadError('not-a-module', modulePath, 'this is a Windows PE file; use the Windows simulation for it');
  const findings: Finding[] = [];
  const nodes = new Map<string, DependencyNode>();
  const edges: DependencyEdge[] = [];
  const defaults = context.defaultDirs ?? defaultDirsFor(root);
  const cache = ldCacheByName(context.ldCache ?? []);
  const modules = new Map<string, Promise<ElfModule | string>>();
  const read = (path: string): Promise<ElfModule | string> => {
    let p = modules.get(path);
    if (!p) {
      p = fs.readModule(path).then((m) => (m.format === 'elf' ? m : `${path} is a Windows PE file`), (e: unknown) => (e instanceof Error ? e.message : String(e)));
      modules.set(path, p);
    }
    return p;
  };
  const listings = new Map<string, Promise<Set<string> | null>>();
  const exists = async (dir: string, name: string): Promise<boolean> => {
    let p = listings.get(dir);
    if (!p) {
      p = fs.listDir(dir).then((n) => (n ? new Set(n) : null));
      listings.set(dir, p);
    }
    return (await p)?.has(name) ?? false;
  };
  const compatible = (m: ElfModule): boolean => m.elfClass === root.elfClass && m.machineCode === root.machineCode;
  const describe = (m: ElfModule): string => `ELFCLASS${m.elfClass} ${m.machine}`;

  // Global scope first (objects already in the process), then the extension's tree, breadth first.
  const scope: Loaded[] = [];
  const byName = new Map<string, Loaded>();
  const remember = (loaded: Loaded, name: string): void => {
    byName.set(name, loaded);
    if (loaded.module.soname) byName.set(loaded.module.soname, loaded);
  };
  let interpreterPresent = false;
  for (const path of context.loadedObjects ?? []) {
    const m = await read(path);
    if (typeof m === 'string') continue;
    const loaded = { id: path, module: m };
    scope.push(loaded);
    remember(loaded, baseName(path));
    if (m.defined.some((s) => s.name === 'Py_Initialize')) interpreterPresent = true;
    nodes.set(path, { id: path, name: baseName(path), path, resolution: 'already-loaded', searchIndex: null, machine: m.machine, checked: true });
  }
  const rootLoaded = { id: modulePath, module: root };
  scope.push(rootLoaded);
  remember(rootLoaded, baseName(modulePath));
  nodes.set(modulePath, { id: modulePath, name: baseName(modulePath), path: modulePath, resolution: 'root', searchIndex: null, machine: root.machine, checked: true });

  // Dynamic string tokens (ld.so(8) "Dynamic string tokens"): $ORIGIN, $LIB, $PLATFORM.
  const triple = MULTIARCH[root.machineCode];
  const libToken = context.lib ?? (triple ? `lib/${triple}` : root.elfClass === 64 ? 'lib64' : 'lib');
  const platformToken = context.platform ?? PLATFORMS[root.machineCode] ?? root.machine;
  const expand = (dir: string, origin: string): string => dir
    .replace(/\$\{ORIGIN\}|\$ORIGIN/g, origin)
    .replace(/\$\{LIB\}|\$LIB/g, libToken)
    .replace(/\$\{PLATFORM\}|\$PLATFORM/g, platformToken);
  // The executable's DT_RPATH also applies to objects it dlopen()s (the interpreter, when given).
  const executable = (context.loadedObjects?.length ?? 0) > 0 ? (scope[0]?.module ?? null) : null;
  const searchDirsFor = (requester: ElfModule, chain: readonly ElfModule[]): SearchDir[] => {
    const dirs: SearchDir[] = [];
    if (!requester.hasRunpath) {
      const owners = executable && !executable.hasRunpath ? [requester, ...chain, executable] : [requester, ...chain];
      for (const m of owners) for (const d of m.rpath) dirs.push({ dir: expand(d, dirName(m.path)), reason: 'rpath' });
    }
    for (const d of context.ldLibraryPath ?? []) if (d) dirs.push({ dir: d, reason: 'ld-library-path' });
    for (const d of requester.runpath) dirs.push({ dir: expand(d, dirName(requester.path)), reason: 'runpath' });
    return dirs;
  };
  const rootSearch: SearchDir[] = [
    ...searchDirsFor(root, []),
    { dir: '/etc/ld.so.cache', reason: 'ld-so-cache' },
    ...defaults.map((dir): SearchDir => ({ dir, reason: 'default-dir' })),
  ];

  // Every file of that name the search would reach for this requester, in ld.so's order.
  const candidatesFor = async (name: string, requester: ElfModule, chain: readonly ElfModule[]): Promise<{ candidates: { path: string; index: number }[]; searched: string[] }> => {
    const candidates: { path: string; index: number }[] = [];
    const searched: string[] = [];
    if (name.includes('/')) {
      candidates.push({ path: expand(name, dirName(requester.path)), index: -1 });
      return { candidates, searched };
    }
    for (const d of searchDirsFor(requester, chain)) {
      searched.push(d.dir);
      if (await exists(d.dir, name)) candidates.push({ path: joinPath(d.dir, name), index: rootSearch.findIndex((r) => r.dir === d.dir) });
    }
    searched.push('/etc/ld.so.cache');
    for (const path of cache.get(name) ?? []) candidates.push({ path, index: rootSearch.findIndex((r) => r.reason === 'ld-so-cache') });
    for (const d of defaults) {
      searched.push(d);
      if (await exists(d, name)) candidates.push({ path: joinPath(d, name), index: rootSearch.findIndex((r) => r.dir === d) });
    }
    return { candidates, searched };
  };
  /** For each needed name: who asked first (for the shadowing check after the walk). */
  const requests = new Map<string, { requester: ElfModule; chain: ElfModule[] }>();

  const notFound = new Map<string, { neededBy: Set<string>; searched: string[] }>();
  const queue: { loaded: Loaded; chain: ElfModule[] }[] = [{ loaded: rootLoaded, chain: [] }];
  while (queue.length > 0) {
    const { loaded, chain } = queue.shift() as { loaded: Loaded; chain: ElfModule[] };
    for (const name of loaded.module.needed) {
      let found = byName.get(name);
      let searched: string[] = [];
      if (!requests.has(name)) requests.set(name, { requester: loaded.module, chain: [...chain] });
      if (!found) {
        const result = await candidatesFor(name, loaded.module, chain);
        searched = result.searched;
        for (const c of result.candidates) {
          const m = await read(c.path);
          if (typeof m === 'string') {
            findings.push({ kind: 'wrong-elf-class', severity: 'info', file: c.path, found: 'unreadable', expected: describe(root), message: `${c.path} was skipped: ${m}` });
            continue;
          }
          if (!compatible(m)) {
            findings.push({
              kind: 'wrong-elf-class', severity: 'info', file: c.path, found: describe(m), expected: describe(root),
              message: `${c.path} is ${describe(m)} but ${baseName(modulePath)} is ${describe(root)}: ld.so skips it ("wrong ELF class")`,
            });
            continue;
          }
          found = { id: c.path, module: m };
          scope.push(found);
          remember(found, name);
          nodes.set(c.path, {
            id: c.path, name, path: c.path, resolution: c.index === -1 ? 'absolute-path' : 'search-path', searchIndex: c.index >= 0 ? c.index : null, machine: m.machine, checked: true,
          });
          queue.push({ loaded: found, chain: [loaded.module, ...chain] });
          break;
        }
      }
      if (!found) {
        const id = `missing:${name}`;
        nodes.set(id, { id, name, path: null, resolution: 'not-found', searchIndex: null, machine: null, checked: false });
        edges.push({ from: loaded.id, to: id, importName: name, delayLoad: false, missingSymbols: [] });
        const entry = notFound.get(name) ?? { neededBy: new Set<string>(), searched };
        entry.neededBy.add(loaded.module.path);
        notFound.set(name, entry);
        continue;
      }
      edges.push({ from: loaded.id, to: found.id, importName: name, delayLoad: false, missingSymbols: [] });
    }
  }
  const problemsBefore = findings.length;
  for (const [name, { neededBy, searched }] of notFound) {
    findings.push({
      kind: 'library-not-found', severity: 'problem', library: name, neededBy: [...neededBy], searched,
      message: `${name}: cannot open shared object file: No such file or directory (needed by ${[...neededBy].map(baseName).join(', ')}): install the package that provides it, or add its folder to the module's RUNPATH or LD_LIBRARY_PATH`,
    });
  }
  // A skipped wrong-class candidate matters only when nothing else was found: promote it then.
  for (let i = 0; i < problemsBefore; i++) {
    const f = findings[i];
    if (f?.kind === 'wrong-elf-class' && [...notFound.keys()].includes(baseName(f.file))) findings[i] = { ...f, severity: 'problem' };
  }

  // Symbol versions: every (file, version) in DT_VERNEED must be defined by the loaded file.
  for (const { module } of scope) {
    for (const need of module.versionNeeds) {
      const provider = byName.get(need.file);
      // ld.so only warns ("no version information available") when the provider has no DT_VERDEF.
      if (!provider || provider.module.versionDefinitions.length === 0) continue;
      const defined = new Set(provider.module.versionDefinitions);
      for (const version of need.versions) {
        if (!defined.has(version)) {
          findings.push({
            kind: 'symbol-version-not-found', severity: 'problem', version, library: need.file, libraryFile: provider.module.path, requiredBy: module.path,
            message: `${provider.module.path}: version \`${version}' not found (required by ${module.path}): the ${need.file} found is older than the one ${baseName(module.path)} was built against; install a newer one or put the environment's copy first`,
          });
        }
      }
    }
  }

  // Undefined symbols: each must be defined somewhere in the scope (with the required version).
  // Built on first use: a library no lookup reaches (every symbol found before it) is never indexed.
  const scopeDefinitions: (Definitions | undefined)[] = [];
  const definesIt = (at: number, s: ElfSymbol): boolean => {
    const module = scope[at]!.module;
    const defs = (scopeDefinitions[at] ??= definitionsOf(module));
    return definesSymbol(module, defs, s);
  };
  const skipPython = (context.assumeInterpreterSymbols ?? true) && !interpreterPresent;
  const preloaded = new Set(scope.slice(0, scope.indexOf(rootLoaded)).map((l) => l.module));
  const inScope = new Set(scope.map((l) => l.module));
  const resolved = resolvedWith[skipPython ? 1 : 0];
  // ld.so stops at the first missing library; symbols it would have provided are not reported.
  for (const { module } of notFound.size > 0 ? [] : scope) {
    if (preloaded.has(module)) continue;
    // A library every symbol of which was found in modules that are all in this scope too resolves
    // here as well (a symbol is found or not by its provider alone): libstdc++ or libopenblas is
    // checked once per diagnosis, not once per extension module that loads it.
    const known = resolved.get(module);
    if (known?.some((providers) => providers.every((p) => inScope.has(p)))) continue;
    const missing: string[] = [];
    const providers = new Set<ElfModule>();
    for (const s of module.undefined) {
      if (s.weak) continue;
      if (skipPython && /^_?Py/.test(s.name)) continue;
      let at = -1;
      for (let k = 0; k < scope.length && at < 0; k++) if (definesIt(k, s)) at = k;
      if (at < 0) missing.push(s.version ? `${s.name}@${s.version}` : s.name);
      else providers.add(scope[at]!.module);
    }
    if (missing.length === 0) {
      const sets = known ?? [];
      if (sets.length < 8) sets.push([...providers]);
      resolved.set(module, sets);
    }
    if (missing.length > 0) {
      findings.push({
        kind: 'undefined-symbol', severity: 'problem', file: module.path, symbols: missing,
        message: `${module.path}: undefined symbol: ${missing[0]}${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}: a library it needs is another version than the one it was built against`,
      });
    }
  }
  await reportShadowing(findings, byName, requests, candidatesFor, read, compatible, rootLoaded.module);
  return { platform: 'linux', rootPath: modulePath, searchPath: rootSearch, graph: { root: modulePath, nodes: [...nodes.values()], edges }, findings };
}

/**
 * Shadowing: a library whose loaded copy lacks a symbol version or a symbol its users need, while
 * another copy the search would also reach (further down LD_LIBRARY_PATH, RUNPATH, ld.so.cache, the
 * default folders) has them. ld.so takes the first match, or the object already in the process.
 */
async function reportShadowing(
  findings: Finding[],
  byName: ReadonlyMap<string, Loaded>,
  requests: ReadonlyMap<string, { requester: ElfModule; chain: ElfModule[] }>,
  candidatesFor: (name: string, requester: ElfModule, chain: readonly ElfModule[]) => Promise<{ candidates: { path: string; index: number }[] }>,
  read: (path: string) => Promise<ElfModule | string>,
  compatible: (m: ElfModule) => boolean,
  root: ElfModule,
): Promise<void> {
  const needs = new Map<string, { versions: Set<string>; symbols: Set<string> }>();
  const need = (name: string) => {
    let n = needs.get(name);
    if (!n) {
      n = { versions: new Set<string>(), symbols: new Set<string>() };
      needs.set(name, n);
    }
    return n;
  };
  for (const f of findings) {
    if (f.kind === 'symbol-version-not-found') need(f.library).versions.add(f.version);
    if (f.kind === 'undefined-symbol') {
      // Unversioned ELF symbols do not name their library: attribute them to each library the file needs.
      const requester = [...byName.values()].find((l) => l.module.path === f.file)?.module;
      for (const name of requester?.needed ?? []) for (const sym of f.symbols) need(name).symbols.add(sym);
    }
  }
  for (const [name, wanted] of needs) {
    const winner = byName.get(name);
    const request = requests.get(name);
    if (!winner || !request) continue;
    const satisfies = (m: ElfModule): boolean => {
      const versions = new Set(m.versionDefinitions);
      if ([...wanted.versions].some((v) => !versions.has(v))) return false;
      if (wanted.versions.size > 0) return true;
      const defined = new Set(m.defined.map((d) => (d.version ? `${d.name}@${d.version}` : d.name)));
      const plain = new Set(m.defined.map((d) => d.name));
      return [...wanted.symbols].every((sym) => defined.has(sym) || plain.has(sym.split('@')[0] ?? sym));
    };
    if (satisfies(winner.module)) continue;
    const { candidates } = await candidatesFor(name, request.requester, request.chain);
    const shadowed: { path: string; wouldSatisfy: boolean }[] = [];
    for (const c of candidates) {
      if (c.path === winner.module.path) continue;
      const m = await read(c.path);
      if (typeof m === 'string' || !compatible(m)) continue;
      if (m.path === winner.module.path) continue;
      shadowed.push({ path: c.path, wouldSatisfy: satisfies(m) });
    }
    const good = shadowed.find((x) => x.wouldSatisfy);
    if (!good) continue;
    findings.push({
      kind: 'shadowed', severity: 'problem', dll: name, winner: winner.module.path, winnerSatisfies: false, shadowed,
      message: `${name} resolves to ${winner.module.path}, which lacks what ${baseName(root.path)}'s tree needs; ${good.path}, later on the search path, has it`,
    });
  }
}

/**
 * A module's defined symbols by name: the index in `module.defined` of a name defined once (nearly
 * every name), or -1 - the index in `multiple` of the indexes of a name defined in several versions
 * (glibc's memcpy@GLIBC_2.2.5 and memcpy@@GLIBC_2.14). Numbers, not an object and a Set per symbol:
 * libarrow or libopenblas define tens of thousands, and the objects were a third of the collector's work.
 */
interface Definitions {
  readonly byName: Map<string, number>;
  readonly multiple: number[][];
}

/** True when `module` defines `s` the way ld.so binds it: any unversioned definition, else the version asked (the default one when none is). */
function definesSymbol(module: ElfModule, defs: Definitions, s: ElfSymbol): boolean {
  const at = defs.byName.get(s.name);
  if (at === undefined) return false;
  if (at >= 0) return binds(module.defined[at]!, s);
  return defs.multiple[-1 - at]!.some((i) => binds(module.defined[i]!, s));
}

/** True when definition `d` satisfies the reference `s`. */
function binds(d: ElfSymbol, s: ElfSymbol): boolean {
  return d.version === null || (s.version === null ? !d.hidden : d.version === s.version);
}

/**
 * Per parsed module, without and with the interpreter's own symbols skipped: sets of modules that
 * together defined every symbol it needs, in a scope where it had none missing.
 */
const resolvedWith = [new WeakMap<ElfModule, (readonly ElfModule[])[]>(), new WeakMap<ElfModule, (readonly ElfModule[])[]>()] as const;

/** Per parsed module (modules are immutable, and shared between simulations by a caching ModuleFs). */
const definitionsByModule = new WeakMap<ElfModule, Definitions>();

/** The symbols a module defines, by name (see Definitions). */
function definitionsOf(module: ElfModule): Definitions {
  let definitions = definitionsByModule.get(module);
  if (definitions) return definitions;
  const byName = new Map<string, number>();
  const multiple: number[][] = [];
  module.defined.forEach((s, i) => {
    const at = byName.get(s.name);
    if (at === undefined) byName.set(s.name, i);
    else if (at >= 0) byName.set(s.name, -1 - (multiple.push([at, i]) - 1));
    else multiple[-1 - at]!.push(i);
  });
  definitions = { byName, multiple };
  definitionsByModule.set(module, definitions);
  return definitions;
}

const ldCaches = new WeakMap<readonly LdCacheEntry[], Map<string, string[]>>();

/** The ld.so cache's paths by library name (one map per cache read, however many simulations use it). */
function ldCacheByName(entries: readonly LdCacheEntry[]): Map<string, string[]> {
  let cache = ldCaches.get(entries);
  if (cache) return cache;
  cache = new Map();
  for (const entry of entries) {
    const list = cache.get(entry.name) ?? [];
    list.push(entry.path);
    cache.set(entry.name, list);
  }
  ldCaches.set(entries, cache);
  return cache;
}
