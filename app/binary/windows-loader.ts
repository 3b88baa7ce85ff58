import { BinaryReadError } from './binary-errors';
import type {
  DependencyEdge, DependencyNode, Finding, LoadSimulation, Resolution, SearchDir,
} from './loader-types';
import { baseName, dirName, joinPath, type ModuleFs } from './module-fs';
import type { PeExport, PeImportedSymbol, PeMachine, PeModule } from './module-types';
import { parseApiSetSchema, type ApiSetSchema } from './api-set-schema';
import { isApiSetName } from './pe-reader';
import { DEFAULT_KNOWN_DLLS, isCoreSystemDll, isUcrtApiSet, isVcRuntimeDll } from './system-dlls';
import { parsePythonVersion, windowsSearchPath, type WindowsLoadContext } from './windows-search-path';

/**
 * Simulates how the given Python loads an extension module on Windows: resolves every dependency
 * to the file that would load, recursively, checks every imported symbol against the exports of
 * that file (following forwarders), and reports what would fail, with evidence.
 *
 * Pure apart from `fs`: the same module, context and folders give the same result. Names are
 * compared case-insensitively, as Windows does. Rules applied before the folder search follow MS
 * Learn "Dynamic-link library search order": side-by-side manifests, API sets, already-loaded
 * modules, KnownDLLs, then the folders of `windowsSearchPath`. A name resolves once per process
 * (after the first load it is an already-loaded module). Approximations, stated: delay-loaded DLLs
 * are resolved with the same folders (the delay-load helper calls LoadLibraryExA later, under the
 * process's default order) and only warn; without a System32 (or stand-in) holding
 * apisetschema.dll, API sets other than the CRT ones are not mapped to their hosts and are treated
 * as provided by Windows. Checked against Wine's loader by tests/wine (see the README).
 */
export async function simulateWindowsLoad(modulePath: string, context: WindowsLoadContext, fs: ModuleFs, shared?: WindowsResolutionCache): Promise<LoadSimulation> {
  const root = await fs.readModule(modulePath);
  if (root.format !== 'pe') {
    throw new BinaryReadError('not-a-module', modulePath, 'this is an ELF file; use the Linux simulation for it');
  }
  const sim = new WindowsSimulation(context, fs, root, windowsSearchPath(context, dirName(modulePath)), shared);
  return sim.run();
}

/** How one DLL name resolved, with the wrong-CPU files the search skipped on the way. */
export interface SharedResolution {
  readonly resolved: Resolved;
  readonly skipped: readonly SkippedFile[] | undefined;
}

/**
 * Resolutions shared between the simulations of one run (`inspect DIR`): a name resolves to the same
 * file for every module simulated under the same rules (search path, System32, loaded modules,
 * KnownDLLs, process CPU), so it is resolved once for all of them. Keyed by those rules, then by name.
 * Create one with `new Map()` per run; never share it between runs (the files may change).
 */
export type WindowsResolutionCache = Map<string, Map<string, Promise<SharedResolution>>>;

export interface Resolved {
  readonly node: DependencyNode;
  readonly module: PeModule | null;
  /** Other files of the same name further down the search path. */
  readonly shadowedPaths: readonly string[];
  readonly error: string | null;
}

/** A file of the wanted name the search skipped because it is built for another CPU. */
export interface SkippedFile {
  readonly path: string;
  readonly machine: string;
}

const MACHINE_CODES: Partial<Record<PeMachine, number>> = { x86: 0x14c, x64: 0x8664, arm64: 0xaa64, arm: 0x1c4, ia64: 0x200 };

/**
 * True when a process of machine `process` can map `module`. Same machine; or, in an x64 process
 * (emulated on ARM64 Windows), an ARM64X module, whose header says ARM64 but which carries ARM64EC
 * code for it. An ARM64EC module (header x64) loads in x64 processes only, like x64 code.
 * https://learn.microsoft.com/en-us/windows/arm/arm64x-pe
 */
function machineCompatible(process: number, module: PeModule): boolean {
  if (process === module.machineCode) return true;
  return process === 0x8664 && module.hybrid === 'arm64x';
}

/**
 * Built once per parsed module and per folder listing, not once per simulation: `inspect DIR` simulates
 * every file of a folder with one cached ModuleFs (the same objects), and a folder of 1,000 DLLs that
 * import each other would otherwise index each export table and listing 1,000 times.
 */
const exportIndexes = new WeakMap<PeModule, { byName: Map<string, PeExport>; byOrdinal: Map<number, PeExport> }>();
const listingIndexes = new WeakMap<readonly string[], Map<string, string>>();

/** A folder's names by their lower-case form (Windows compares names case-insensitively). */
function lowerCaseIndex(names: readonly string[]): Map<string, string> {
  let index = listingIndexes.get(names);
  if (!index) listingIndexes.set(names, (index = new Map(names.map((n) => [n.toLowerCase(), n]))));
  return index;
}

/** Forward targets met while checking a module's imports: the loader maps them with it. */
type ForwardTracker = (from: PeModule, importName: string, target: Resolved) => void;

const MAX_FORWARD_DEPTH = 16;

class WindowsSimulation {
  private readonly listings = new Map<string, Promise<Map<string, string> | null>>();
  private readonly modules = new Map<string, Promise<PeModule | string>>();
  private readonly resolved = new Map<string, Promise<Resolved>>();
  /** This simulation's share of the run's resolution cache (same rules, same answers). */
  private sharedByName: Map<string, Promise<SharedResolution>> | undefined;
  private readonly knownDlls: Set<string>;
  private readonly nodes = new Map<string, DependencyNode>();
  private readonly edges: DependencyEdge[] = [];
  private readonly findings: Finding[] = [];
  private readonly reported = new Set<string>();
  /** Wrong-CPU files the search skipped, by DLL name. */
  private readonly skipped = new Map<string, SkippedFile[]>();
  private schema: Promise<ApiSetSchema | null> | null = null;
  /** The process's machine: the interpreter's when known, else the module's. */
  private readonly process: number;
  private readonly processMachine: PeMachine;

  constructor(
    private readonly context: WindowsLoadContext,
    private readonly fs: ModuleFs,
    private readonly root: PeModule,
    private readonly searchPath: readonly SearchDir[],
    private readonly shared?: WindowsResolutionCache,
  ) {
    this.knownDlls = new Set((context.knownDlls ?? DEFAULT_KNOWN_DLLS).map((n) => n.toLowerCase()));
    // The interpreter is the reference: a module of another machine is the cause, never python3X.dll.
    const interpreter = context.interpreterMachine ?? context.pythonMachine;
    this.process = (interpreter ? MACHINE_CODES[interpreter] : undefined) ?? root.machineCode;
    this.processMachine = interpreter ?? root.machine;
  }

  async run(): Promise<LoadSimulation> {
    const rootId = this.root.path.toLowerCase();
    this.nodes.set(rootId, {
      id: rootId, name: baseName(this.root.path), path: this.root.path, resolution: 'root', searchIndex: null, machine: this.root.machine, linkerVersion: this.root.linkerVersion, checked: true,
    });
    this.checkPythonVersion();
    const pythonMachine = this.context.interpreterMachine ?? this.context.pythonMachine ?? null;
    if (pythonMachine && pythonMachine !== 'unknown' && !machineCompatible(this.process, this.root)) {
      this.findings.push({
        kind: 'wrong-architecture', code: 193, severity: 'problem', file: this.root.path, machine: this.root.machine, expected: pythonMachine, importedBy: [],
        message: `${baseName(this.root.path)} is built for ${this.root.machine} but this Python is ${pythonMachine} ("%1 is not a valid Win32 application"): install the ${pythonMachine} wheel, or a Python of the module's architecture`,
      });
      // The loader refuses the module itself and maps nothing else: its imports are not causes.
      return this.result(rootId);
    }
    if (this.root.truncated) {
      this.findings.push({
        kind: 'unreadable-module', severity: 'problem', file: this.root.path, error: 'its section data lies past the end of the file',
        message: `${this.root.path} is incomplete (its section data lies past the end of the file, as after an interrupted download or copy); Windows refuses to load it (error 193): reinstall the package`,
      });
      return this.result(rootId);
    }
    const notFound = new Map<string, { importedBy: Set<string>; delayLoad: boolean }>();
    const wrongArch = new Map<string, { node: DependencyNode; module: PeModule; importedBy: Set<string> }>();
    const visited = new Set<string>([rootId]);
    const queue: { id: string; module: PeModule }[] = [{ id: rootId, module: this.root }];
    const importersByName = new Map<string, { module: PeModule; symbols: readonly PeImportedSymbol[] }[]>();
    const resolvedByName = new Map<string, Resolved>();
    const forwardEdges = new Set<string>();
    // A forwarded export maps its target DLL (and that DLL's imports) along with the module.
    const track: ForwardTracker = (from, importName, target) => {
      const fromId = from.path.toLowerCase();
      const key = `${fromId}>${target.node.id}`;
      if (forwardEdges.has(key)) return;
      forwardEdges.add(key);
      if (!this.nodes.has(target.node.id)) this.nodes.set(target.node.id, target.node);
      this.edges.push({ from: fromId, to: target.node.id, importName, delayLoad: false, missingSymbols: [], viaForwarder: true });
      if (target.module && machineCompatible(this.process, target.module) && !visited.has(target.node.id)) {
        visited.add(target.node.id);
        queue.push({ id: target.node.id, module: target.module });
      }
    };
    while (queue.length > 0) {
      const { id, module } = queue.shift() as { id: string; module: PeModule };
      for (const imp of module.imports) {
        const name = normaliseName(imp.dll);
        const resolved = (module.sxsDependencies.length > 0 ? await this.sideBySide(module, name) : null) ?? (await this.resolve(name));
        resolvedByName.set(name, resolved);
        const list = importersByName.get(name) ?? [];
        list.push({ module, symbols: imp.symbols });
        importersByName.set(name, list);
        const node = resolved.node;
        if (!this.nodes.has(node.id)) this.nodes.set(node.id, node);
        let missing: string[] = [];
        if (resolved.module && machineCompatible(this.process, resolved.module)) {
          missing = await this.missingSymbols(resolved.module, imp.symbols, imp.delayLoad ? null : track);
          if (missing.length > 0) {
            this.findings.push(await this.procedureFinding(name, resolved, module, missing, imp.delayLoad, imp.symbols));
          }
        }
        this.edges.push({ from: id, to: node.id, importName: imp.dll, delayLoad: imp.delayLoad, missingSymbols: missing });
        if (resolved.error) {
          this.pushOnce(`unreadable:${node.id}`, {
            kind: 'unreadable-module', severity: imp.delayLoad ? 'warning' : 'problem', file: node.path ?? name, error: resolved.error,
            message: `${node.path ?? name} cannot be read as a DLL (Windows reports error 193): ${resolved.error}`,
          });
        }
        if (node.resolution === 'not-found') {
          const entry = notFound.get(name) ?? { importedBy: new Set<string>(), delayLoad: true };
          entry.importedBy.add(module.path);
          entry.delayLoad &&= imp.delayLoad;
          notFound.set(name, entry);
        }
        if (resolved.module && !machineCompatible(this.process, resolved.module)) {
          const entry = wrongArch.get(node.id) ?? { node, module: resolved.module, importedBy: new Set<string>() };
          entry.importedBy.add(module.path);
          wrongArch.set(node.id, entry);
          continue;
        }
        if (resolved.module && !visited.has(node.id)) {
          visited.add(node.id);
          queue.push({ id: node.id, module: resolved.module });
        }
      }
    }
    this.reportNotFound(notFound);
    for (const { node, module, importedBy } of wrongArch.values()) {
      this.findings.push({
        kind: 'wrong-architecture', code: 193, severity: 'problem', file: node.path ?? node.name, machine: module.machine, expected: this.processMachine,
        importedBy: [...importedBy],
        message: `${node.path} is a ${module.machine} DLL but this Python is ${this.processMachine} ("%1 is not a valid Win32 application"): install the ${this.processMachine} build of the package that owns it`,
      });
    }
    await this.reportShadowing(resolvedByName, importersByName);
    return this.result(rootId);
  }

  private result(rootId: string): LoadSimulation {
    return {
      platform: 'windows',
      rootPath: this.root.path,
      searchPath: this.searchPath,
      graph: { root: rootId, nodes: [...this.nodes.values()], edges: this.edges },
      findings: this.findings,
    };
  }

  private pushOnce(key: string, finding: Finding): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.findings.push(finding);
  }

  private checkPythonVersion(): void {
    const [major, minor] = parsePythonVersion(this.context.pythonVersion);
    const expected = `python${major}${minor}.dll`;
    for (const imp of this.root.imports) {
      const name = imp.dll.toLowerCase();
      if (/^python\d{2,3}\.dll$/.test(name) && name !== expected) {
        this.findings.push({
          kind: 'python-version-mismatch', severity: 'problem', dll: imp.dll, expected,
          message: `Module use of ${imp.dll} conflicts with this version of Python (${major}.${minor}): install the build of this package made for Python ${major}.${minor}`,
        });
      }
    }
  }

  private reportNotFound(notFound: Map<string, { importedBy: Set<string>; delayLoad: boolean }>): void {
    const searched = this.searchPath.map((d) => d.dir);
    const runtime: string[] = [];
    const runtimeImporters = new Set<string>();
    for (const [name, { importedBy, delayLoad }] of notFound) {
      if (isVcRuntimeDll(name) || isUcrtApiSet(name) || name === 'ucrtbase.dll') {
        runtime.push(name);
        for (const i of importedBy) runtimeImporters.add(i);
      }
      // The UCRT API sets all fail together when ucrtbase.dll is absent: one runtime finding says it.
      if (isUcrtApiSet(name)) continue;
      const skipped = this.skipped.get(name) ?? [];
      const wrongCpu = skipped.length > 0
        ? `; ${skipped.map((f) => `${f.path} (${f.machine})`).join(', ')} ${skipped.length === 1 ? 'was' : 'were'} skipped, not being ${this.processMachine} DLLs`
        : '';
      this.findings.push({
        kind: 'dll-not-found', code: 126, severity: delayLoad ? 'warning' : 'problem', dll: name, importedBy: [...importedBy], delayLoad, searched,
        ...(skipped.length > 0 ? { skippedWrongMachine: skipped } : {}),
        message: delayLoad
          ? `${name} (delay-loaded by ${[...importedBy].map(baseName).join(', ')}) is in none of the ${searched.length} folders searched${wrongCpu}: the first call into it will fail`
          : `${name} (needed by ${[...importedBy].map(baseName).join(', ')}) is in none of the ${searched.length} folders searched${wrongCpu} ("The specified module could not be found"): `
            + (skipped.length > 0 ? `install the ${this.processMachine} build of the package that provides it` : 'install the package that provides it or add its folder with os.add_dll_directory'),
      });
    }
    if (runtime.length > 0) {
      this.findings.push({
        kind: 'vc-runtime-missing', severity: 'problem', dlls: runtime, importedBy: [...runtimeImporters],
        message: `The Microsoft Visual C++ runtime is missing (${runtime.join(', ')}): install the latest VC++ Redistributable for ${this.processMachine} (https://aka.ms/vs/17/release/vc_redist.${this.processMachine === 'x86' ? 'x86' : this.processMachine}.exe)`,
      });
    }
  }

  private async listing(dir: string): Promise<Map<string, string> | null> {
    const key = dir.toLowerCase();
    let p = this.listings.get(key);
    if (!p) {
      p = this.fs.listDir(dir).then((names) => (names ? lowerCaseIndex(names) : null));
      this.listings.set(key, p);
    }
    return p;
  }

  private async load(path: string): Promise<PeModule | string> {
    const key = path.toLowerCase();
    let p = this.modules.get(key);
    if (!p) {
      p = this.fs.readModule(path).then(
        (m) => (m.format === 'pe' ? m : `${path} is an ELF file, not a Windows DLL`),
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      this.modules.set(key, p);
    }
    return p;
  }

  /** Every file named `name` on the search path, in search order. */
  private async candidates(name: string): Promise<{ path: string; index: number }[]> {
    const found: { path: string; index: number }[] = [];
    for (let index = 0; index < this.searchPath.length; index++) {
      const dir = (this.searchPath[index] as SearchDir).dir;
      const actual = (await this.listing(dir))?.get(name);
      if (actual) found.push({ path: joinPath(dir, actual), index });
    }
    return found;
  }

  /**
   * Side-by-side redirection, which comes before every other rule: a DLL of an assembly named in
   * the importing module's manifest loads from the private assembly folder next to the module
   * (`<dir>\\Microsoft.VC90.CRT\\msvcr90.dll`) or, for the VC++ 2005/2008 runtimes, from WinSxS.
   * https://learn.microsoft.com/en-us/windows/win32/sbscs/assembly-searching-sequence
   */
  private async sideBySide(importer: PeModule, name: string): Promise<Resolved | null> {
    for (const assembly of importer.sxsDependencies) {
      const folder = joinPath(dirName(importer.path), assembly.name);
      const actual = (await this.listing(folder))?.get(name);
      if (actual) return this.fileNode(name, joinPath(folder, actual), 'side-by-side', null, []);
      const vcAssembly = /^microsoft\.vc[89]0\.(crt|mfc|mfcloc|atl|openmp)$/i.test(assembly.name);
      if (vcAssembly && /^(msvc[rpm]|mfc\d*u?|atl|vcomp)(80|90)\w*\.dll$/.test(name)) {
        const winSxs = this.systemNode(name, 'side-by-side');
        return { ...winSxs, node: { ...winSxs.node, id: `sxs:${assembly.name.toLowerCase()}:${name}` } };
      }
    }
    return null;
  }

  private resolve(name: string): Promise<Resolved> {
    let p = this.resolved.get(name);
    if (!p) {
      p = this.shared ? this.resolveShared(name, this.shared) : this.resolveUncached(name);
      this.resolved.set(name, p);
    }
    return p;
  }

  /** Through the run's cache: the first simulation under these rules resolves the name, the others reuse it. */
  private async resolveShared(name: string, shared: WindowsResolutionCache): Promise<Resolved> {
    // Found once per simulation: building the key on every name cost a fifth of `inspect DIR`.
    let byName = this.sharedByName;
    if (!byName) {
      const rules = JSON.stringify([this.searchPath.map((d) => d.dir.toLowerCase()), this.processMachine, this.process, this.context.systemDir ?? null, this.context.loadedModules ?? [], [...this.knownDlls]]);
      byName = shared.get(rules);
      if (!byName) shared.set(rules, (byName = new Map()));
      this.sharedByName = byName;
    }
    let entry = byName.get(name);
    if (!entry) {
      // A fresh skipped list for this name only: what resolveUncached records is carried with the result.
      const before = this.skipped.get(name);
      this.skipped.delete(name);
      entry = this.resolveUncached(name).then((resolved) => {
        const skipped = this.skipped.get(name);
        if (before && !skipped) this.skipped.set(name, before);
        return { resolved, skipped };
      });
      byName.set(name, entry);
    }
    const { resolved, skipped } = await entry;
    if (skipped) this.skipped.set(name, [...skipped]);
    return resolved;
  }

  private async fileNode(name: string, path: string, resolution: Resolution, searchIndex: number | null, shadowedPaths: string[]): Promise<Resolved> {
    let loaded = await this.load(path);
    if (typeof loaded !== 'string' && loaded.truncated) loaded = `${path} is incomplete: its section data lies past the end of the file (an interrupted download or copy)`;
    const module = typeof loaded === 'string' ? null : loaded;
    return {
      node: { id: path.toLowerCase(), name, path, resolution, searchIndex, machine: module?.machine ?? null, ...(module ? { linkerVersion: module.linkerVersion } : {}), checked: module !== null },
      module,
      shadowedPaths,
      error: typeof loaded === 'string' ? loaded : null,
    };
  }

  private systemNode(name: string, resolution: Resolution): Resolved {
    return { node: { id: `system:${name}`, name, path: null, resolution, searchIndex: null, machine: null, checked: false }, module: null, shadowedPaths: [], error: null };
  }

  private async resolveUncached(name: string): Promise<Resolved> {
    const systemDir = this.context.systemDir ?? null;
    const systemIndex = this.searchPath.findIndex((d) => d.reason === 'system32');
    // With a System32 (or a folder standing in for it) at hand, nothing is assumed present.
    const systemListing = systemDir ? await this.listing(systemDir) : null;
    // API sets: contracts the loader maps through its schema (apisetschema.dll in System32). A
    // contract the schema does not list, or lists without a host (ext-ms-* are optional), fails
    // like a missing DLL; one with a host is that host.
    const schema = isApiSetName(name) ? await this.apiSetSchema() : null;
    if (schema) {
      const host = schema.host(name);
      // Hosts are system DLLs: an app-local copy of the host (ucrtbase.dll next to the module) is not used.
      const inSystem = host ? systemListing?.get(normaliseName(host)) : undefined;
      if (!systemDir || !inSystem) return this.missingNode(name);
      return this.fileNode(name, joinPath(systemDir, inSystem), 'api-set', systemIndex, []);
    }
    // Without the schema: the CRT ones are hosted by ucrtbase.dll (part of Windows 10+, an update
    // on 7/8.1), which a System32 stand-in must hold; the others are taken as provided.
    if (isApiSetName(name)) {
      if (isUcrtApiSet(name) && systemDir) {
        const host = (await this.listing(systemDir))?.get('ucrtbase.dll');
        if (!host) return this.missingNode(name);
        return this.fileNode(name, joinPath(systemDir, host), 'api-set', systemIndex, []);
      }
      return this.systemNode(name, 'api-set');
    }
    const candidates = await this.candidates(name);
    const loaded = (this.context.loadedModules ?? []).find((m) => normaliseName(baseName(m.name)) === name);
    if (loaded) {
      const shadowed = candidates.map((c) => c.path).filter((p) => p.toLowerCase() !== (loaded.path ?? '').toLowerCase());
      if (loaded.path) return this.fileNode(name, loaded.path, 'already-loaded', null, shadowed);
      return { ...this.systemNode(name, 'already-loaded'), shadowedPaths: shadowed };
    }
    if (this.knownDlls.has(name)) {
      const inSystem = systemListing?.get(name);
      if (systemDir && inSystem) return this.fileNode(name, joinPath(systemDir, inSystem), 'known-dll', systemIndex, []);
      if (!systemListing) return this.systemNode(name, 'known-dll');
      // A stand-in System32 without it: the search goes on through the folders, as on a Windows
      // whose KnownDLLs do not list it.
    }
    // The search skips a file of the other bitness (a 32-bit DLL met by a 64-bit process) and goes
    // on; one of the same bitness for another CPU, or an unreadable one, stops it (error 193).
    const skipped: SkippedFile[] = [];
    for (const candidate of candidates) {
      const loaded = await this.load(candidate.path);
      if (typeof loaded !== 'string' && loaded.bitness !== (this.processMachine === 'x86' || this.processMachine === 'arm' ? 32 : 64)) {
        skipped.push({ path: candidate.path, machine: loaded.machine });
        continue;
      }
      if (skipped.length > 0) this.skipped.set(name, skipped);
      return this.fileNode(name, candidate.path, 'search-path', candidate.index, candidates.filter((c) => c !== candidate).map((c) => c.path));
    }
    if (skipped.length > 0) {
      this.skipped.set(name, skipped);
      return this.missingNode(name);
    }
    if (isCoreSystemDll(name) && !systemListing) return this.systemNode(name, 'system');
    return this.missingNode(name);
  }

  /** The API set schema of the given System32 (or stand-in), or null when there is none to read. */
  private apiSetSchema(): Promise<ApiSetSchema | null> {
    if (!this.schema) {
      this.schema = (async () => {
        const systemDir = this.context.systemDir ?? null;
        const actual = systemDir ? (await this.listing(systemDir))?.get('apisetschema.dll') : undefined;
        if (!systemDir || !actual || !this.fs.readBytes) return null;
        const bytes = await this.fs.readBytes(joinPath(systemDir, actual));
        return bytes ? parseApiSetSchema(bytes) : null;
      })();
    }
    return this.schema;
  }

  private missingNode(name: string): Resolved {
    return { node: { id: `missing:${name}`, name, path: null, resolution: 'not-found', searchIndex: null, machine: null, checked: false }, module: null, shadowedPaths: [], error: null };
  }

  private index(module: PeModule): { byName: Map<string, PeExport>; byOrdinal: Map<number, PeExport> } {
    let idx = exportIndexes.get(module);
    if (!idx) {
      idx = { byName: new Map(), byOrdinal: new Map() };
      for (const e of module.exports) {
        if (e.name !== null && !idx.byName.has(e.name)) idx.byName.set(e.name, e);
        if (!idx.byOrdinal.has(e.ordinal)) idx.byOrdinal.set(e.ordinal, e);
      }
      exportIndexes.set(module, idx);
    }
    return idx;
  }

  /** The export of `module` an import names, by name or by ordinal (not followed when it forwards). */
  private exportFor(module: PeModule, symbol: PeImportedSymbol): PeExport | undefined {
    const idx = this.index(module);
    return symbol.kind === 'name' ? idx.byName.get(symbol.name) : idx.byOrdinal.get(symbol.ordinal);
  }

  /** Names (or `#ordinal`) of the symbols `module` does not provide, following forwarders. */
  private async missingSymbols(module: PeModule, symbols: readonly PeImportedSymbol[], track: ForwardTracker | null = null): Promise<string[]> {
    const missing: string[] = [];
    for (const symbol of symbols) {
      // Most exports are plain: answered here without an await (a cycle of 1,000 DLLs asks a million times).
      if (this.exportFor(module, symbol)?.forwarder === null) continue;
      if (!(await this.provides(module, symbol, new Set(), track))) missing.push(symbol.kind === 'name' ? symbol.name : `#${symbol.ordinal}`);
    }
    return missing;
  }

  private async provides(module: PeModule, symbol: PeImportedSymbol, seen: Set<string>, track: ForwardTracker | null = null): Promise<boolean> {
    const found = this.exportFor(module, symbol);
    if (!found) return false;
    if (found.forwarder === null) return true;
    // Forwarder "OTHER.Func" or "OTHER.#12": resolve OTHER like any dependency and look again.
    const key = `${module.path.toLowerCase()}!${found.forwarder.toLowerCase()}`;
    if (seen.has(key) || seen.size >= MAX_FORWARD_DEPTH) return false;
    seen.add(key);
    const dot = found.forwarder.lastIndexOf('.');
    if (dot <= 0) return false;
    const target = normaliseName(found.forwarder.slice(0, dot));
    const rest = found.forwarder.slice(dot + 1);
    const next: PeImportedSymbol = /^#\d+$/.test(rest) ? { kind: 'ordinal', ordinal: Number(rest.slice(1)) } : { kind: 'name', name: rest, hint: 0 };
    const resolved = await this.resolve(target);
    if (resolved.node.resolution !== 'not-found') track?.(module, found.forwarder.slice(0, dot), resolved);
    if (!resolved.module) return resolved.node.resolution !== 'not-found';
    return this.provides(resolved.module, next, seen, track);
  }

  private async procedureFinding(name: string, resolved: Resolved, importer: PeModule, missing: string[], delayLoad: boolean, symbols: readonly PeImportedSymbol[]): Promise<Finding> {
    const loadedFile = resolved.node.path ?? name;
    const byOrdinalOnly = missing.every((m) => m.startsWith('#'));
    const exportedBy: string[] = [];
    const others = new Set(resolved.shadowedPaths.map((p) => p));
    for (const dir of this.context.environmentDirs ?? []) {
      const actual = (await this.listing(dir))?.get(name);
      if (actual) others.add(joinPath(dir, actual));
    }
    // A Set, not missing.includes: 65,535 imports against 63,535 missing names is quadratic otherwise.
    const missingSet = new Set(missing);
    const wanted = symbols.filter((s) => missingSet.has(s.kind === 'name' ? s.name : `#${s.ordinal}`));
    for (const other of others) {
      if (other.toLowerCase() === loadedFile.toLowerCase()) continue;
      const m = await this.load(other);
      if (typeof m !== 'string' && machineCompatible(this.process, m) && (await this.missingSymbols(m, wanted)).length === 0) exportedBy.push(other);
    }
    const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
    return {
      kind: 'procedure-not-found', code: byOrdinalOnly ? 182 : 127, severity: delayLoad ? 'warning' : 'problem', dll: name, loadedFile, importedBy: importer.path,
      missingSymbols: missing, delayLoad, exportedBy,
      message: `${loadedFile} loads for ${baseName(importer.path)} but does not export ${shown} ("The specified procedure could not be found"): it is another version than the one ${baseName(importer.path)} was built against`
        + (exportedBy.length > 0 ? `; ${exportedBy[0]} does export them` : '; install matching versions of both packages'),
    };
  }

  private async reportShadowing(
    resolvedByName: Map<string, Resolved>,
    importersByName: Map<string, { module: PeModule; symbols: readonly PeImportedSymbol[] }[]>,
  ): Promise<void> {
    for (const [name, resolved] of resolvedByName) {
      if (resolved.shadowedPaths.length === 0) continue;
      const importers = importersByName.get(name) ?? [];
      const symbols = importers.flatMap((i) => i.symbols);
      const satisfies = async (m: PeModule | string | null): Promise<boolean> =>
        m !== null && typeof m !== 'string' && machineCompatible(this.process, m) && (await this.missingSymbols(m, symbols)).length === 0;
      const winnerSatisfies = resolved.module ? await satisfies(resolved.module) : resolved.node.resolution === 'already-loaded';
      const shadowed = [];
      for (const path of resolved.shadowedPaths) shadowed.push({ path, wouldSatisfy: await satisfies(await this.load(path)) });
      const winner = resolved.node.path ?? `${name} (${resolved.node.resolution})`;
      const rescue = shadowed.find((s) => s.wouldSatisfy);
      const problem = !winnerSatisfies && rescue !== undefined;
      this.findings.push({
        kind: 'shadowed', severity: problem ? 'problem' : 'info', dll: name, winner, winnerSatisfies, shadowed,
        message: problem
          ? `${winner} is found first and wins over ${rescue.path}, which would have worked: remove or rename the stray copy, or fix the search order`
          : `${winner} is used; ${shadowed.length} other ${name} further down the search path ${shadowed.length === 1 ? 'is' : 'are'} ignored`,
      });
    }
  }
}

/** Lower-cases a DLL name and adds ".dll" when it has no extension, as LoadLibrary does. */
export function normaliseName(name: string): string {
  const lower = name.toLowerCase();
  return lower.includes('.') ? lower : `${lower}.dll`;
}
