/**
 * Uses app/binary's loader simulations for the diagnosis: builds their load context from the
 * environment facts and turns their findings into the diagnosis' LoadFindings, each with the chain
 * from the extension module down to the failing file.
 */
import { realpath } from 'node:fs/promises';
import { firstParents, nodeModuleFs, readLdSoCache, simulateLinuxLoad, simulateWindowsLoad, stepsTo, type GraphStep } from '../binary';
import type { DependencyGraph, Finding, LoadSimulation as BinarySimulation, ModuleFs, PeMachine, SearchDir, WindowsLoadContext } from '../binary';
import type { EnvironmentFacts, ExtensionModule, LoadFinding, LoadSimulation } from './facts/facts';
import { buildOwnerIndex } from './facts/ownership';
import { pathKey, readKnownDlls } from '../envs';
import type { OwnerIndex } from './facts/ownership';
import type { DependencyLink, SearchDirectory } from './types';
import { compareVersions } from '../base/package-spec';
import { outdatedRuntimes } from './facts/vc-runtime-version';
import { envKind } from './facts/environment-facts';
import { toLoadGraph } from './load-graph-projection';

/** Search-path reasons in the words the report uses. */
export const STEP: Readonly<Record<SearchDir['reason'], string>> = {
  'dll-load-dir': 'dll-load-dir',
  'application-dir': 'application-dir',
  'add-dll-directory': 'add_dll_directory',
  'conda-dir': 'add_dll_directory (conda)',
  system32: 'System32',
  'windows-dir': 'Windows',
  'current-dir': 'current folder',
  path: 'PATH',
  rpath: 'RPATH',
  'ld-library-path': 'LD_LIBRARY_PATH',
  runpath: 'RUNPATH',
  'ld-so-cache': 'ld.so.cache',
  'default-dir': 'default',
};

const base = (p: string): string => p.split(/[\\/]/).at(-1) ?? p;

class Chains {
  private readonly parent: Map<string, GraphStep>;
  private readonly nodes: Map<string, DependencyGraph['nodes'][number]>;

  constructor(
    private readonly sim: BinarySimulation,
    private readonly owners: OwnerIndex,
  ) {
    this.nodes = new Map(sim.graph.nodes.map((n) => [n.id, n]));
    this.parent = firstParents(sim.graph);
  }

  private link(from: string, importName: string, to: string): DependencyLink {
    const fromNode = this.nodes.get(from);
    const toNode = this.nodes.get(to);
    const dir = toNode?.searchIndex !== null && toNode?.searchIndex !== undefined ? this.sim.searchPath[toNode.searchIndex] : undefined;
    const foundBy = toNode?.resolution === 'search-path' && dir ? STEP[dir.reason] : (toNode?.resolution ?? null);
    return {
      file: fromNode?.path ?? fromNode?.name ?? from,
      needs: importName,
      resolvedPath: toNode?.path ?? null,
      foundBy: toNode?.resolution === 'not-found' ? null : foundBy,
      owner: toNode?.path ? this.owners.ownerOf(toNode.path) : null,
    };
  }

  /** Links from the root to the node with this file path (or name), root first. */
  to(fileOrName: string): DependencyLink[] {
    const node = [...this.nodes.values()].find((n) => (n.path !== null && pathKey(n.path, 'windows') === pathKey(fileOrName, 'windows')) || n.name.toLowerCase() === base(fileOrName).toLowerCase());
    if (!node) return [];
    return stepsTo(this.parent, node.id).map((s) => this.link(s.from, s.importName, s.to));
  }

  /** The chain to `importer`, then the edge from it to the dependency named `dll`. */
  through(importer: string, dll: string): DependencyLink[] {
    const head = this.to(importer);
    const importerNode = [...this.nodes.values()].find((n) => n.path !== null && pathKey(n.path, 'windows') === pathKey(importer, 'windows'));
    const fromId = importerNode?.id ?? this.sim.graph.root;
    const edge = this.sim.graph.edges.find((e) => e.from === fromId && e.importName.toLowerCase() === dll.toLowerCase());
    return edge ? [...head, this.link(edge.from, edge.importName, edge.to)] : head;
  }
}

function searched(sim: BinarySimulation, lib: string, found: readonly string[]): SearchDirectory[] {
  const dirs = found.length > 0 ? found : sim.searchPath.map((d) => d.dir);
  return dirs.map((dir) => {
    const reason = sim.searchPath.find((d) => d.dir === dir)?.reason;
    return { path: dir, step: reason ? STEP[reason] : 'searched', contains: false, library: lib };
  }).map(({ library: _l, ...d }) => d);
}

/** The diagnosis' view of one binary-engine simulation. */
export function adaptSimulation(sim: BinarySimulation, env: EnvironmentFacts): LoadSimulation {
  const owners = buildOwnerIndex(env);
  const chains = new Chains(sim, owners);
  const findings: LoadFinding[] = [];
  const add = (f: Finding): void => {
    if (f.severity === 'info') return;
    switch (f.kind) {
      case 'dll-not-found':
        // The loader skipped a file of this name built for another CPU: that file is the cause.
        if (f.skippedWrongMachine && f.skippedWrongMachine.length > 0) {
          const expected = sim.graph.nodes.find((n) => n.id === sim.graph.root)?.machine ?? env.description.python.architecture;
          for (const w of f.skippedWrongMachine) findings.push({ kind: 'wrong-architecture', chain: chains.to(w.path), file: w.path, machine: w.machine, expectedMachine: expected });
          return;
        }
        findings.push({ kind: 'missing-library', chain: chains.through(f.importedBy[0] ?? sim.rootPath, f.dll), library: f.dll, searched: searched(sim, f.dll, f.searched) });
        return;
      case 'library-not-found':
        findings.push({ kind: 'missing-library', chain: chains.through(f.neededBy[0] ?? sim.rootPath, f.library), library: f.library, searched: searched(sim, f.library, f.searched) });
        return;
      case 'vc-runtime-missing':
        for (const dll of f.dlls) findings.push({ kind: 'missing-library', chain: chains.through(f.importedBy[0] ?? sim.rootPath, dll), library: dll, searched: searched(sim, dll, []) });
        return;
      case 'python-version-mismatch':
        findings.push({ kind: 'missing-library', chain: chains.through(sim.rootPath, f.dll), library: f.dll, searched: [] });
        return;
      case 'procedure-not-found':
        findings.push({
          kind: 'missing-symbols',
          chain: chains.through(f.importedBy, f.dll),
          importer: f.importedBy,
          provider: f.loadedFile,
          symbols: f.missingSymbols.filter((s) => !s.startsWith('#')),
          ordinals: f.missingSymbols.filter((s) => s.startsWith('#')).map((s) => Number(s.slice(1))),
          versions: [],
        });
        return;
      case 'symbol-version-not-found':
        findings.push({ kind: 'missing-symbols', chain: chains.through(f.requiredBy, f.library), importer: f.requiredBy, provider: f.libraryFile, symbols: [], ordinals: [], versions: [f.version] });
        return;
      case 'undefined-symbol': {
        // The ELF format does not say which library should define an unversioned symbol; name the
        // file's one dependency from the environment when there is exactly one.
        const node = sim.graph.nodes.find((n) => n.path === f.file);
        const deps = sim.graph.edges.filter((e) => e.from === node?.id).map((e) => sim.graph.nodes.find((n) => n.id === e.to)?.path).filter((p): p is string => typeof p === 'string');
        const own = deps.filter((p) => owners.ownerOf(p).package !== null);
        const provider = own.length === 1 ? (own[0] as string) : (deps[0] ?? f.file);
        findings.push({ kind: 'missing-symbols', chain: provider !== f.file ? chains.through(f.file, base(provider)) : chains.to(f.file), importer: f.file, provider, symbols: [...f.symbols], ordinals: [], versions: [] });
        return;
      }
      case 'wrong-architecture':
        findings.push({ kind: 'wrong-architecture', chain: chains.to(f.file), file: f.file, machine: f.machine, expectedMachine: f.expected });
        return;
      case 'wrong-elf-class':
        findings.push({ kind: 'wrong-architecture', chain: chains.to(f.file), file: f.file, machine: f.found, expectedMachine: f.expected });
        return;
      case 'unreadable-module':
        findings.push({ kind: 'wrong-architecture', chain: chains.to(f.file), file: f.file, machine: `not a valid image (${f.error})`, expectedMachine: env.description.python.architecture });
        return;
      case 'shadowed': {
        if (f.winnerSatisfies) return;
        const intended = f.shadowed.find((s) => s.wouldSatisfy)?.path ?? null;
        if (intended === null) return;
        const winnerNode = sim.graph.nodes.find((n) => n.path !== null && pathKey(n.path, 'windows') === pathKey(f.winner, 'windows'));
        const dir = winnerNode?.searchIndex !== null && winnerNode?.searchIndex !== undefined ? sim.searchPath[winnerNode.searchIndex] : undefined;
        findings.push({
          kind: 'shadowed',
          chain: chains.to(f.winner),
          library: f.dll,
          winner: f.winner,
          winnerStep: dir ? STEP[dir.reason] : (winnerNode?.resolution ?? 'earlier on the search path'),
          intended,
          searched: sim.searchPath.map((d) => ({ path: d.dir, step: STEP[d.reason], contains: pathKey(f.winner, 'windows').startsWith(`${pathKey(d.dir, 'windows')}/`) || pathKey(intended, 'windows').startsWith(`${pathKey(d.dir, 'windows')}/`) })),
        });
        return;
      }
    }
  };
  for (const f of sim.findings) add(f);
  // The runtime DLL it gets is older than the toolset that linked the module (both versions known).
  for (const o of outdatedRuntimes(sim.graph, env.description.dllVersions ?? [])) {
    findings.push({ kind: 'outdated-vc-runtime', chain: chains.through(o.importer, o.dll), importer: o.importer, linkerVersion: o.linkerVersion, runtime: o.runtime, runtimeVersion: o.runtimeVersion });
  }
  // A shadowing finding explains the missing procedures of the file that wins: keep one cause.
  const shadowWinners = new Set(findings.filter((f) => f.kind === 'shadowed').map((f) => (f.kind === 'shadowed' ? pathKey(f.winner, 'windows') : '')));
  const kept = findings.filter((f) => !(f.kind === 'missing-symbols' && shadowWinners.has(pathKey(f.provider, 'windows'))));
  const resolved = sim.graph.edges.map((e) => {
    const to = sim.graph.nodes.find((n) => n.id === e.to);
    const from = sim.graph.nodes.find((n) => n.id === e.from);
    return { file: from?.path ?? from?.name ?? e.from, needs: e.importName, resolvedPath: to?.path ?? null, foundBy: to?.resolution ?? null, owner: to?.path ? owners.ownerOf(to.path) : null };
  });
  return { root: sim.rootPath, resolved, findings: kept };
}

export interface WindowsSimulationOptions {
  readonly pathDirs?: readonly string[];
  readonly system32?: string | null;
  readonly windowsDir?: string | null;
  /** Folders the package's own code added with os.add_dll_directory before the module loads. */
  readonly dllDirectories?: readonly string[];
  /** DLLs the package's own code loaded before the module (torch's preloads of torch\lib). */
  readonly preloaded?: readonly string[];
  /** CONDA_DLL_SEARCH_MODIFICATION_ENABLE is set for the process (conda's Python then searches PATH). */
  readonly condaDllSearchModification?: boolean;
  /** This machine's KnownDLLs (from its registry); the built-in list when not given. */
  readonly knownDlls?: readonly string[];
}

/** The interpreter's architecture in app/binary's words ("x86_64" → "x64"); null when unknown. */
function peMachineOf(architecture: string | null): PeMachine | null {
  switch (architecture?.toLowerCase()) {
    case 'x86_64':
    case 'amd64':
    case 'x64':
      return 'x64';
    case 'x86':
    case 'i386':
    case 'i686':
      return 'x86';
    case 'arm64':
    case 'aarch64':
      return 'arm64';
    default:
      return null;
  }
}

/**
 * The load context a Windows extension of this environment is simulated in: its Python version,
 * conda's DLL folders (Library\bin ...) for a conda prefix, the interpreter's machine, the DLLs
 * python.exe has loaded before any import, and the host's PATH / System32 / Windows folders when
 * given (a copied environment has none). The diagnosis and the whole load graph (loadGraph) both
 * build it here, so they always simulate the same loader. Null without a Python version.
 */
export async function windowsLoadContext(env: EnvironmentFacts, options: WindowsSimulationOptions = {}, fs: ModuleFs = nodeModuleFs): Promise<WindowsLoadContext | null> {
  if (!env.description.python.version) return null;
  // python.exe's folder is the application folder; a venv's Scripts\python.exe runs the base's, so the prefix stands in.
  const exeDir = env.description.interpreter?.replace(/[\\/][^\\/]*$/, '') ?? null;
  const appDir = exeDir && !/[\\/]scripts$/i.test(exeDir) ? exeDir : env.description.prefix;
  // The interpreter's own DLLs next to python.exe are in the process before any extension loads.
  const loadedModules = ((await fs.listDir(appDir)) ?? [])
    .filter((f) => /^(python\d*|vcruntime140(_1)?)\.dll$/i.test(f))
    // In the folder's own separator: a Windows path shown as C:\...\Python36/python36.dll reads as a defect.
    .map((name) => ({ name, path: `${appDir}${/^[a-zA-Z]:\\|^\\\\/.test(appDir) ? '\\' : '/'}${name}` }));
  const preloaded = (options.preloaded ?? []).map((path) => ({ name: path.split(/[\\/]/).at(-1) ?? path, path }));
  return {
    pythonVersion: env.description.python.version,
    distribution: envKind(env) === 'conda' ? 'conda' : 'cpython',
    interpreterDir: appDir,
    condaPrefix: envKind(env) === 'conda' ? env.description.prefix : null,
    condaDllSearchModification: options.condaDllSearchModification === true,
    path: options.pathDirs ?? [],
    systemDir: options.system32 ?? null,
    windowsDir: options.windowsDir ?? null,
    loadedModules: [...loadedModules, ...preloaded],
    dllDirectories: options.dllDirectories ?? [],
    interpreterMachine: peMachineOf(env.description.python.architecture),
    ...(options.knownDlls ? { knownDlls: options.knownDlls } : {}),
  };
}

/**
 * The folders this machine's loader adds for a process started here: PATH, System32 and the
 * Windows folder on Windows itself; none elsewhere (a copied Windows environment brings no system).
 */
export function hostWindowsFolders(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): WindowsSimulationOptions {
  if (platform !== 'win32') return {};
  const root = env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows';
  const conda = env.CONDA_DLL_SEARCH_MODIFICATION_ENABLE;
  return { pathDirs: (env.PATH ?? env.Path ?? '').split(';').filter(Boolean), system32: `${root}\\System32`, windowsDir: root, condaDllSearchModification: conda !== undefined && conda !== '' };
}

/** hostWindowsFolders, with the KnownDLLs of this machine's registry on Windows (the built-in list where reg.exe cannot say). */
export async function hostWindowsLoader(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Promise<WindowsSimulationOptions> {
  const folders = hostWindowsFolders(env, platform);
  const knownDlls = platform === 'win32' ? await readKnownDlls(env, platform) : null;
  return knownDlls ? { ...folders, knownDlls } : folders;
}

/** app/binary's Windows simulation for an environment described by the diagnosis. */
export async function simulateWindowsWithBinary(env: EnvironmentFacts, ext: ExtensionModule, options: WindowsSimulationOptions = {}, fs: ModuleFs = nodeModuleFs): Promise<LoadSimulation | null> {
  const context = await windowsLoadContext(env, options, fs);
  if (!context) return null;
  const sim = await simulateWindowsLoad(ext.path, context, fs).catch(() => null);
  if (!sim) return null;
  const adapted = adaptSimulation(sim, env);
  // Python >= 3.8 does not search PATH: a DLL that only PATH holds is the search-policy cause.
  const modern = compareVersions(env.description.python.version, '3.8') >= 0;
  const findings: LoadFinding[] = [];
  for (const f of adapted.findings) {
    if (f.kind !== 'missing-library' || !modern || (options.pathDirs ?? []).length === 0) {
      findings.push(f);
      continue;
    }
    let onPath: string | null = null;
    for (const dir of options.pathDirs ?? []) {
      const hit = ((await fs.listDir(dir)) ?? []).find((n) => n.toLowerCase() === f.library.toLowerCase());
      if (hit) {
        onPath = `${dir.replace(/[\\/]+$/, '')}/${hit}`;
        break;
      }
    }
    findings.push({ ...f, onPathOnly: onPath });
  }
  return { ...adapted, findings, graph: toLoadGraph(sim) };
}

let ldCache: ReturnType<typeof readLdSoCache> | undefined;

/** app/binary's Linux simulation, with the interpreter's objects already loaded. */
export async function simulateLinuxWithBinary(env: EnvironmentFacts, ext: ExtensionModule, ldLibraryPath: readonly string[] = [], fs: ModuleFs = nodeModuleFs, alreadyLoaded: readonly string[] = []): Promise<LoadSimulation | null> {
  ldCache ??= readLdSoCache();
  const interpreter = await realpath(env.python).catch(() => env.python);
  const cache = await ldCache;
  // The interpreter's own libraries (libpython, libm, ...) are in the global scope before any
  // extension loads: an extension may use libm's sqrt through them without a DT_NEEDED of its own.
  let preloaded = interpreterObjects.get(fs)?.get(interpreter);
  if (!preloaded) {
    preloaded = simulateLinuxLoad(interpreter, { ldLibraryPath, ldCache: cache }, fs).then(
      (own) => [interpreter, ...own.graph.nodes.map((n) => n.path).filter((p): p is string => p !== null && p !== interpreter)],
      () => [interpreter],
    );
    const byInterpreter = interpreterObjects.get(fs) ?? new Map<string, Promise<string[]>>();
    byInterpreter.set(interpreter, preloaded);
    interpreterObjects.set(fs, byInterpreter);
  }
  // What the parent package's import loaded comes after the interpreter's own objects (the first is the executable).
  const own = await preloaded;
  const loadedObjects = [...own, ...alreadyLoaded.filter((p) => p !== ext.path && !own.includes(p))];
  const sim = await simulateLinuxLoad(ext.path, { ldLibraryPath, ldCache: cache, loadedObjects }, fs).catch(() => null);
  return sim ? { ...adaptSimulation(sim, env), graph: toLoadGraph(sim) } : null;
}

/** The interpreter's load closure, once per ModuleFs (one diagnosis reads the disk once). */
const interpreterObjects = new WeakMap<ModuleFs, Map<string, Promise<string[]>>>();
