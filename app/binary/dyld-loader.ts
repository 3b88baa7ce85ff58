import { posix } from 'node:path';
import type { DependencyEdge, DependencyNode, Resolution } from './loader-types';
import { assumedInSharedCache, inCacheFolder } from './dyld-shared-cache';
import type { DyldFinding, DyldFoundBy, DyldFs, DyldImage, DyldLoadContext, DyldSimulation, DyldTriedPath } from './dyld-types';
import type { MachoCpu, MachoImage, MachoModule } from './macho-types';

/** Where macOS 13 and later look first for an OS-cryptex copy of every path (dyld prints it in `tried:`). */
const CRYPTEX = '/System/Volumes/Preboot/Cryptexes/OS';

/** "14.5" → [14, 5, 0]; bad text → zeros. */
function versionParts(text: string | null): number[] {
  const parts = (text ?? '').split('.').map((p) => Number.parseInt(p, 10));
  return [0, 1, 2].map((i) => (Number.isFinite(parts[i]) ? (parts[i] as number) : 0));
}

/** Negative, zero or positive as a is older than, equal to or newer than b ("10.14" vs "10.9"). */
export function compareDyldVersions(a: string | null, b: string | null): number {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** The slices a process of this CPU can load, best first (arm64e processes take arm64 too). */
function acceptedCpus(cpu: MachoCpu): MachoCpu[] {
  return cpu === 'arm64e' ? ['arm64e', 'arm64'] : [cpu];
}

function needText(cpu: MachoCpu): string {
  return cpu === 'arm64e' ? "'arm64e' or 'arm64'" : `'${cpu}'`;
}

interface Loaded {
  readonly path: string;
  /** null for a shared-cache image (no file to read offline). */
  readonly macho: MachoImage | null;
  readonly entry: DyldImage;
  /** Loaded with the interpreter before the extension: its own problems are not the extension's. */
  readonly preloaded: boolean;
}

interface Candidate {
  readonly path: string;
  readonly via: DyldFoundBy;
}

/**
 * Simulates dlopen() of a Python extension bundle by dyld for the given Python: the images that
 * load, in order, and every failure with the paths tried in dyld's order (its `tried:` list).
 *
 * Per install name (dyld(1) and dlopen(3); the order checked against real `tried:` lists, see
 * docs/macos-dyld.md): DYLD_LIBRARY_PATH folders with the leaf name; then the name itself, with
 * `@rpath` expanded through the LC_RPATHs of the requesting image, of each image above it, and of
 * the executable, `@loader_path` as the requesting image's folder and `@executable_path` as the
 * python binary's; on macOS 13 and later each such path is tried as P, the OS cryptex's P, then P
 * again, as dyld prints it; then DYLD_FALLBACK_LIBRARY_PATH (default /usr/local/lib:/usr/lib on
 * macOS 12+, $HOME/lib:/usr/local/lib:/lib:/usr/lib before) with the leaf name. Paths in the shared
 * cache (macOS 11+) load without a file. A slice for the process's CPU is required. Symbols bound
 * two-level are looked up in the library their ordinal names and its re-exports; flat lookups in
 * every image in load order. Approximations, stated: dyld's retry through a symlink's real path is
 * not followed; the cache's own exports are not known offline, so symbols bound to cache libraries
 * are not checked.
 */
export async function simulateDyldLoad(extensionPath: string, context: DyldLoadContext, fs: DyldFs): Promise<DyldSimulation> {
  return new DyldRun(context, fs).run(extensionPath);
}

class DyldRun {
  private readonly dyld4: boolean;
  private readonly cryptex: boolean;
  private readonly sharedCache: boolean;
  private readonly libraryPath: string[];
  private readonly fallback: string[];
  private readonly cpus: MachoCpu[];
  private readonly files = new Map<string, Promise<MachoModule | string | null>>();
  private readonly loaded: Loaded[] = [];
  private readonly byPath = new Map<string, Loaded>();
  private readonly findings: DyldFinding[] = [];
  private readonly nodes = new Map<string, DependencyNode>();
  private readonly edges: DependencyEdge[] = [];
  /** For each loaded image, what each of its dylib ordinals resolved to (null: missing or weak). */
  private readonly resolvedDylibs = new Map<Loaded, (Loaded | null)[]>();
  private executable: Loaded | null = null;

  constructor(private readonly context: DyldLoadContext, private readonly fs: DyldFs) {
    // Unknown host: today's dyld (the order of macOS 13 and later).
    const host = context.hostMacos ?? '99';
    this.dyld4 = compareDyldVersions(host, '12') >= 0;
    this.cryptex = compareDyldVersions(host, '13') >= 0;
    this.sharedCache = compareDyldVersions(host, '11') >= 0;
    const env = context.env ?? {};
    const split = (v: string | undefined): string[] => (v ?? '').split(':').filter((d) => d !== '');
    this.libraryPath = split(env.DYLD_LIBRARY_PATH);
    const home = env.HOME ?? '';
    this.fallback = env.DYLD_FALLBACK_LIBRARY_PATH !== undefined && env.DYLD_FALLBACK_LIBRARY_PATH !== ''
      ? split(env.DYLD_FALLBACK_LIBRARY_PATH)
      : this.dyld4 ? ['/usr/local/lib', '/usr/lib'] : [...(home ? [`${home}/lib`] : []), '/usr/local/lib', '/lib', '/usr/lib'];
    this.cpus = acceptedCpus(context.cpu);
  }

  async run(extensionPath: string): Promise<DyldSimulation> {
    // The interpreter and what it links (libpython, Python.framework) are in the process already.
    const exe = await this.read(this.context.executablePath);
    const exeSlice = typeof exe === 'object' && exe !== null ? this.usable(exe) : null;
    if (exeSlice) {
      this.executable = this.add(this.context.executablePath, exeSlice, 'executable', this.context.executablePath, true);
      await this.loadDependencies([this.executable]);
    }
    const root = await this.loadRoot(extensionPath);
    if (root) {
      await this.loadDependencies([root]);
      this.checkVersionsAndOs();
      if (!this.findings.some((f) => f.kind === 'dyld-library-not-loaded' && !f.weak)) this.checkSymbols();
    }
    return {
      platform: 'macos',
      rootPath: extensionPath,
      cpu: this.context.cpu,
      hostMacos: this.context.hostMacos,
      images: this.loaded.map((l) => l.entry),
      graph: { root: extensionPath, nodes: [...this.nodes.values()], edges: this.edges },
      findings: this.findings,
    };
  }

  private read(path: string): Promise<MachoModule | string | null> {
    const key = posix.normalize(path);
    let p = this.files.get(key);
    if (!p) {
      p = this.fs.readMachO(key, this.context.cpu).catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
      this.files.set(key, p);
    }
    return p;
  }

  /** The image of the slice this process can load (the reader picked it for the CPU), else null. */
  private usable(file: MachoModule): MachoImage | null {
    return file.image && this.cpus.includes(file.image.slice.cpu) ? file.image : null;
  }

  private add(path: string, slice: MachoImage | null, foundBy: DyldFoundBy, loadedAs: string, preloaded: boolean): Loaded {
    const entry: DyldImage = { path, foundBy, cpu: slice?.slice.cpu ?? null, loadedAs };
    const loaded: Loaded = { path, macho: slice, entry, preloaded };
    this.loaded.push(loaded);
    this.byPath.set(posix.normalize(path), loaded);
    if (slice?.id) this.byPath.set(slice.id.name, loaded);
    const resolution: Resolution = foundBy === 'root' ? 'root' : foundBy === 'executable' ? 'already-loaded' : foundBy === 'shared-cache' ? 'system' : foundBy === 'absolute-path' ? 'absolute-path' : 'search-path';
    this.nodes.set(path, { id: path, name: posix.basename(loadedAs), path: foundBy === 'shared-cache' ? null : path, resolution, searchIndex: null, machine: slice?.slice.cpu ?? null, checked: slice !== null });
    return loaded;
  }

  /** dlopen(path): the extension itself, tried like an absolute install name. */
  private async loadRoot(path: string): Promise<Loaded | null> {
    const { found, tried, wrongArch } = await this.search(this.candidates(path, null, []));
    if (found) return this.add(found.path, found.macho, 'root', path, false);
    for (const w of wrongArch) {
      this.findings.push({
        kind: 'dyld-incompatible-architecture', severity: 'problem', file: w.path, have: w.have, need: this.cpus, referencedFrom: null, tried,
        message: `dlopen(${path}, 0x0002): tried: ${triedText(tried)}`,
      });
    }
    if (wrongArch.length === 0) {
      this.findings.push({
        kind: 'dyld-library-not-loaded', severity: 'problem', installName: path, referencedFrom: this.context.executablePath, weak: false, tried, noRpaths: false,
        message: `dlopen(${path}, 0x0002): tried: ${triedText(tried)}`,
      });
    }
    return null;
  }

  /** Loads every dylib the given images name, breadth first, as dyld's recursive load does. */
  private async loadDependencies(start: Loaded[]): Promise<void> {
    const queue: { loaded: Loaded; chain: Loaded[] }[] = start.map((loaded) => ({ loaded, chain: [] }));
    while (queue.length > 0) {
      const { loaded, chain } = queue.shift() as { loaded: Loaded; chain: Loaded[] };
      const resolved: (Loaded | null)[] = [];
      this.resolvedDylibs.set(loaded, resolved);
      for (const ref of loaded.macho?.dylibs ?? []) {
        const known = this.byPath.get(ref.name);
        if (known) {
          resolved.push(known);
          this.edges.push({ from: loaded.path, to: known.path, importName: ref.name, delayLoad: ref.kind === 'lazy', missingSymbols: [] });
          continue;
        }
        const weak = ref.kind === 'weak';
        const noRpaths = ref.name.startsWith('@rpath/') && this.candidates(ref.name, loaded, chain).list.every((c) => c.via !== 'rpath');
        const { found, tried, wrongArch } = noRpaths ? { found: null, tried: [], wrongArch: [] } : await this.search(this.candidates(ref.name, loaded, chain));
        if (found) {
          const existing = this.byPath.get(posix.normalize(found.path));
          const next = existing ?? this.add(found.path, found.macho, found.via, ref.name, loaded.preloaded);
          resolved.push(next);
          this.edges.push({ from: loaded.path, to: next.path, importName: ref.name, delayLoad: ref.kind === 'lazy', missingSymbols: [] });
          if (!existing && next.macho) queue.push({ loaded: next, chain: [loaded, ...chain] });
          continue;
        }
        resolved.push(null);
        const id = `missing:${ref.name}`;
        this.nodes.set(id, { id, name: posix.basename(ref.name), path: null, resolution: 'not-found', searchIndex: null, machine: null, checked: false });
        this.edges.push({ from: loaded.path, to: id, importName: ref.name, delayLoad: ref.kind === 'lazy', missingSymbols: [] });
        if (loaded.preloaded) continue;
        const reason = noRpaths ? "no LC_RPATH's found" : `tried: ${triedText(tried)}`;
        this.findings.push({
          kind: 'dyld-library-not-loaded', severity: weak ? 'info' : 'problem', installName: ref.name, referencedFrom: loaded.path, weak, tried, noRpaths,
          message: `Library not loaded: ${ref.name}\n  Referenced from: ${loaded.path}\n  Reason: ${reason}${weak ? ' (a weak library: the load goes on without it)' : ''}`,
        });
        if (weak) continue;
        for (const w of wrongArch) {
          this.findings.push({
            kind: 'dyld-incompatible-architecture', severity: 'problem', file: w.path, have: w.have, need: this.cpus, referencedFrom: loaded.path, tried,
            message: `'${w.path}' (mach-o file, but is an incompatible architecture (have ${w.have.map((c) => `'${c}'`).join(',')}, need ${needText(this.context.cpu)}))`,
          });
        }
      }
    }
  }

  /** The paths dyld tries for an install name, in its order (see simulateDyldLoad). */
  private candidates(name: string, requester: Loaded | null, chain: readonly Loaded[]): { list: Candidate[]; fallbackFrom: number; fallbackOnlyIfAbsent: boolean } {
    const list: Candidate[] = [];
    const leaf = posix.basename(name);
    for (const dir of this.libraryPath) list.push({ path: `${dir}/${leaf}`, via: 'dyld-library-path' });
    const exeDir = posix.dirname(this.context.executablePath);
    const expand = (path: string, owner: Loaded | null): string => path
      .replace(/^@loader_path/, posix.dirname(owner?.path ?? this.context.executablePath))
      .replace(/^@executable_path/, exeDir);
    const variants = (path: string, via: DyldFoundBy): void => {
      if (this.cryptex && path.startsWith('/')) list.push({ path, via }, { path: `${CRYPTEX}${path}`, via }, { path, via });
      else list.push({ path, via });
    };
    if (name.startsWith('@rpath/')) {
      const rest = name.slice('@rpath/'.length);
      // The rpath stack: the requesting image, the images above it up to the extension, the image
      // that called dlopen(), then the main executable; dyld does not drop repeats (pytorch#72172).
      const owners = [...(requester ? [requester] : []), ...chain];
      const caller = this.context.dlopenCaller !== undefined ? this.byPath.get(posix.normalize(this.context.dlopenCaller)) : this.interpreterLibrary();
      if (caller) owners.push(caller);
      if (this.executable) owners.push(this.executable);
      for (const owner of owners) for (const rpath of owner.macho?.rpaths ?? []) variants(`${expand(rpath, owner)}/${rest}`, 'rpath');
    } else if (name.startsWith('@loader_path/')) {
      variants(expand(name, requester), 'loader-path');
    } else if (name.startsWith('@executable_path/')) {
      variants(expand(name, null), 'executable-path');
    } else {
      variants(name, 'absolute-path');
    }
    const fallbackFrom = list.length;
    // dyld 3 and older did not fall back for @rpath names (pytorch#36941 on macOS 10.15).
    if (this.dyld4 || !name.startsWith('@rpath/')) for (const dir of this.fallback) list.push({ path: `${dir}/${leaf}`, via: 'fallback' });
    return { list, fallbackFrom, fallbackOnlyIfAbsent: this.cryptex };
  }

  /**
   * The image whose code calls dlopen() for an extension: libpython or Python.framework's Python
   * when the executable links one (framework, Homebrew, python.org builds), else the executable.
   */
  private interpreterLibrary(): Loaded | undefined {
    const lib = this.loaded.find((l) => l.preloaded && l !== this.executable && /(?:^|\/)(?:Python\.framework\/(?:Versions\/[^/]+\/)?Python|libpython\d[\d.]*m?\.dylib)$/.test(l.entry.loadedAs));
    return lib ?? this.executable ?? undefined;
  }

  /** Tries candidates in order; the first with a slice for this CPU (or in the shared cache) wins. */
  private async search(c: { list: Candidate[]; fallbackFrom: number; fallbackOnlyIfAbsent: boolean }): Promise<{
    found: { path: string; macho: MachoImage | null; via: DyldFoundBy } | null;
    tried: DyldTriedPath[];
    wrongArch: { path: string; have: MachoCpu[] }[];
  }> {
    const tried: DyldTriedPath[] = [];
    const wrongArch: { path: string; have: MachoCpu[] }[] = [];
    let sawFile = false;
    for (let i = 0; i < c.list.length; i++) {
      const candidate = c.list[i] as Candidate;
      // dyld 4 on macOS 13+ does not fall back past a file that exists (psutil, oscrypto messages).
      if (i >= c.fallbackFrom && c.fallbackOnlyIfAbsent && sawFile) break;
      const fromFallback = candidate.via === 'fallback';
      if (this.sharedCache && !candidate.path.startsWith(CRYPTEX)) {
        const inCache = this.context.inSharedCache ? this.context.inSharedCache(candidate.path) : assumedInSharedCache(candidate.path, fromFallback);
        if (inCache) return { found: { path: candidate.path, macho: null, via: 'shared-cache' }, tried, wrongArch };
      }
      const already = this.byPath.get(posix.normalize(candidate.path));
      if (already) return { found: { path: already.path, macho: already.macho, via: candidate.via }, tried, wrongArch };
      const file = await this.read(candidate.path);
      if (file === null) {
        // macOS 13+ says why a cache-folder path failed twice over; macOS 12 prints plain "no such file" (opencv on 12).
        const notInCache = this.cryptex && inCacheFolder(candidate.path);
        tried.push({ path: candidate.path, outcome: notInCache ? 'not-in-dyld-cache' : 'no-such-file', why: notInCache ? 'no such file, not in dyld cache' : 'no such file' });
        continue;
      }
      sawFile = true;
      if (typeof file === 'string') {
        tried.push({ path: candidate.path, outcome: 'not-a-mach-o', why: `not a mach-o file: ${file}` });
        continue;
      }
      const macho = this.usable(file);
      if (macho) return { found: { path: candidate.path, macho, via: candidate.via }, tried, wrongArch };
      const have = file.slices.map((s) => s.cpu);
      if (!wrongArch.some((w) => w.path === candidate.path)) wrongArch.push({ path: candidate.path, have });
      tried.push({ path: candidate.path, outcome: 'incompatible-architecture', why: `mach-o file, but is an incompatible architecture (have ${have.map((h) => `'${h}'`).join(',')}, need ${needText(this.context.cpu)})` });
    }
    return { found: null, tried, wrongArch };
  }

  /**
   * compatibility_version (dyld 3 and older only, and only for libraries whose minimum macOS is
   * before 10.14: dyld-832's enforceCompatVersion; dyld 4 dropped the check, see
   * https://github.com/giordano/macos-compatibility-version) and the minimum macOS of each image.
   */
  private checkVersionsAndOs(): void {
    for (const loaded of this.loaded) {
      if (loaded.preloaded || !loaded.macho) continue;
      const image = loaded.macho;
      const minimum = macosMinimum(image);
      const host = this.context.hostMacos;
      if (host === null) continue;
      if (minimum !== null && compareDyldVersions(minimum, host) > 0) {
        this.findings.push({
          kind: 'dyld-newer-macos', severity: 'problem', file: loaded.path, minimum, host,
          message: `${loaded.path} is built for macOS ${minimum} or later, but this Mac runs macOS ${host}`,
        });
      }
      if (this.dyld4) continue;
      const resolved = this.resolvedDylibs.get(loaded) ?? [];
      image.dylibs.forEach((ref, i) => {
        const target = resolved[i]?.macho;
        const provided = target?.id?.compatibilityVersion;
        if (!target || !provided || ref.compatibilityVersion.packed === 0xffffffff) return;
        if (compareDyldVersions(macosMinimum(target) ?? '10.0', '10.14') >= 0) return;
        if (provided.packed >= ref.compatibilityVersion.packed) return;
        const file = resolved[i]?.path ?? ref.name;
        this.findings.push({
          kind: 'dyld-incompatible-version', severity: 'problem', installName: ref.name, file, referencedFrom: loaded.path, required: ref.compatibilityVersion.text, provided: provided.text,
          message: `Library not loaded: ${ref.name}\n  Referenced from: ${loaded.path}\n  Reason: Incompatible library version: ${posix.basename(loaded.path)} requires version ${ref.compatibilityVersion.text} or later, but ${posix.basename(file)} provides version ${provided.text}`,
        });
      });
    }
  }

  /** Every non-weak bound symbol of the extension's images must be found where dyld looks for it. */
  private checkSymbols(): void {
    const exportsOf = new Map<Loaded, Set<string>>();
    const exported = (l: Loaded): Set<string> => {
      let set = exportsOf.get(l);
      if (!set) exportsOf.set(l, (set = new Set((l.macho?.exports ?? []).map((e) => e.name))));
      return set;
    };
    // A library's symbols include those of the libraries it re-exports (LC_REEXPORT_DYLIB), transitively.
    const provides = (l: Loaded, symbol: string, seen = new Set<Loaded>()): boolean | null => {
      if (seen.has(l)) return false;
      seen.add(l);
      if (!l.macho) return null;
      if (exported(l).has(symbol)) return true;
      let unknown = false;
      const resolved = this.resolvedDylibs.get(l) ?? [];
      for (const [i, ref] of l.macho.dylibs.entries()) {
        if (ref.kind !== 'reexport') continue;
        const target = resolved[i];
        if (!target) continue;
        const r = provides(target, symbol, seen);
        if (r === true) return true;
        if (r === null) unknown = true;
      }
      return unknown ? null : false;
    };
    const interpreterRead = this.executable !== null;
    const pythonApi = this.context.interpreterExports ?? ((s: string) => (/^__?Py/.test(s) ? true : null));
    for (const loaded of this.loaded) {
      if (loaded.preloaded || !loaded.macho) continue;
      const image = loaded.macho;
      const missing = new Map<string, string | null>();
      const resolved = this.resolvedDylibs.get(loaded) ?? [];
      for (const imp of image.imports) {
        if (imp.weakImport || imp.lookup === 'self' || imp.lookup === 'weak-lookup') continue;
        if (imp.lookup === 'flat-lookup' || !image.twoLevelNamespace) {
          // Flat: every image in load order. Cache images are unreadable offline, so only a symbol
          // none of them could hold (the interpreter's own API) is provably missing; without the
          // interpreter's file, its API is what interpreterExports says this Python has.
          const results = this.loaded.map((l) => provides(l, imp.name));
          if (results.includes(true)) continue;
          const api = pythonApi(imp.name);
          if (api === null ? results.includes(null) : !interpreterRead && api) continue;
          missing.set(imp.name, null);
          continue;
        }
        if (imp.lookup === 'main-executable') {
          if (this.executable && provides(this.executable, imp.name) === false) missing.set(imp.name, this.executable.path);
          continue;
        }
        const target = resolved[imp.libraryOrdinal - 1];
        if (!target) continue;
        if (provides(target, imp.name) === false) missing.set(imp.name, target.path);
      }
      for (const [symbol, expectedIn] of missing) {
        this.findings.push({
          kind: 'dyld-symbol-not-found', severity: 'problem', symbol, referencedFrom: loaded.path, expectedIn,
          message: expectedIn === null
            ? `symbol not found in flat namespace '${symbol}'`
            : `Symbol not found: ${symbol}\n  Referenced from: ${loaded.path}\n  Expected in: ${expectedIn}`,
        });
      }
    }
  }
}

/** The minimum macOS an image states ("11.0"), or null (another platform, or none stated). */
function macosMinimum(image: MachoImage): string | null {
  return image.minOs?.platform === 'macos' ? image.minOs.minos.text : null;
}

/** dyld's `tried:` list: 'path' (why), 'path' (why), ... */
export function triedText(tried: readonly DyldTriedPath[]): string {
  return tried.map((t) => `'${t.path}' (${t.why})`).join(', ');
}
