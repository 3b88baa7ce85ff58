/**
 * What the diagnosis needs from the environment, the live import, the loader simulation and the
 * health checks: the facts the ranker combines, and the injected functions that gather them.
 *
 * These interfaces are the diagnosis' side of the contract with app/envs (discovery, probe, import
 * test, health checks) and app/binary (PE/ELF readers, loader simulation). `live-deps.ts` adapts
 * those modules to it; tests pass their own facts. The environment is app/envs' description itself
 * (one model for the `env` command and the diagnosis); the ranker stays on plain data, so it is
 * tested without interpreters and an offline description (a Windows folder examined on Linux)
 * feeds the same code.
 */
import type { CondaRecord, Distribution, EnvironmentDescription, HealthReport, PythonFacts } from '../../envs';
import type { BinaryModule } from '../../binary';
import type { ProgramImport, Replay } from '../context/replay';
import type { PackageLoading } from '../context/package-loading-code';
import type { HostFacts } from '../../host-facts/types';
import type { DependencyLink, SearchDirectory } from '../types';
import type { LoadGraph } from '../load-graph-types';
import type { MessageRef } from '../../messages';

export interface ExtensionModule {
  /** Dotted import name ("PIL._imaging"). */
  readonly module: string;
  /** Absolute path of the .pyd / .so file. */
  readonly path: string;
}

/**
 * One installed package: the join of app/envs' records of it (its dist-info and its conda-meta
 * entry, by PEP 503 name). What the records state (managers, requirements, constraints, wheel tags,
 * conda build) is read from them by app/diagnosis/package-records.ts, never copied here.
 */
export interface PackageFacts {
  /** The join's identity: the dist-info's name and version, or the conda record's without one. */
  readonly name: string;
  readonly version: string | null;
  /** Its dist-info / egg-info record as app/envs read it; null for a conda package without one. */
  readonly distribution: Distribution | null;
  /** Its conda-meta record as app/envs read it; null when conda did not install it. */
  readonly condaRecord: CondaRecord | null;
  /** Files it installed that matter for loading: extension modules and shared libraries (absolute paths). */
  readonly files: readonly string[];
  readonly extensionModules: readonly ExtensionModule[];
}

/** app/envs' description of an environment whose Python is known (status 'ok', or 'offline' for a folder read from its files). */
export type DescribedEnvironment = EnvironmentDescription & { readonly python: PythonFacts };

/**
 * The environment the diagnosis examines: app/envs' description, read directly, with its packages
 * joined from its records. What the diagnosis derives from it (platform, kind, whether its Python
 * can run here) is computed by app/diagnosis/environment-facts.ts, never copied here.
 */
export interface EnvironmentFacts {
  /** The interpreter the diagnosis runs or names: the description's, else the path it was given. */
  readonly python: string;
  readonly description: DescribedEnvironment;
  readonly packages: readonly PackageFacts[];
  /** Extension modules on disk that no installer record lists: checked by --all, owned by no package. */
  readonly unrecordedExtensions?: readonly ExtensionModule[];
}

export type ImportOutcome =
  | { readonly status: 'ok' }
  | { readonly status: 'failed'; readonly exceptionType: string | null; readonly message: string; readonly traceback: string }
  | { readonly status: 'unavailable'; readonly reason: string; /** The message behind `reason`, when the engine wrote it (not the interpreter). */ readonly reasonMessage?: MessageRef };

/**
 * One problem the loader simulation found while resolving an extension module's dependency tree.
 * `chain` runs from the extension module to the file whose load fails.
 */
export type LoadFinding =
  | {
      readonly kind: 'missing-library';
      readonly chain: readonly DependencyLink[];
      readonly library: string;
      readonly searched: readonly SearchDirectory[];
      /** A PATH folder that holds the library although this Python no longer searches PATH (≥ 3.8). */
      readonly onPathOnly?: string | null;
    }
  | {
      readonly kind: 'missing-symbols';
      readonly chain: readonly DependencyLink[];
      readonly importer: string;
      readonly provider: string;
      readonly symbols: readonly string[];
      readonly ordinals: readonly number[];
      readonly versions: readonly string[];
    }
  | {
      readonly kind: 'wrong-architecture';
      readonly chain: readonly DependencyLink[];
      readonly file: string;
      readonly machine: string;
      readonly expectedMachine: string;
    }
  | {
      /** The module was linked by a newer Visual C++ toolset than the runtime DLL it loads (both versions read from the files). */
      readonly kind: 'outdated-vc-runtime';
      readonly chain: readonly DependencyLink[];
      readonly importer: string;
      /** The importer's PE linker version, "14.29". */
      readonly linkerVersion: string;
      readonly runtime: string;
      /** The runtime DLL's file version, "14.16.27012.0". */
      readonly runtimeVersion: string;
    }
  | {
      /** macOS: the image states a minimum macOS (LC_BUILD_VERSION) newer than the host's. */
      readonly kind: 'newer-macos';
      readonly chain: readonly DependencyLink[];
      readonly file: string;
      readonly minimum: string;
      readonly host: string;
    }
  | {
      /** macOS (dyld 3 and older): the library found has an older compatibility_version than the importer was linked against. */
      readonly kind: 'incompatible-library-version';
      readonly chain: readonly DependencyLink[];
      readonly importer: string;
      readonly file: string;
      readonly required: string;
      readonly provided: string;
    }
  | {
      readonly kind: 'shadowed';
      readonly chain: readonly DependencyLink[];
      readonly library: string;
      readonly winner: string;
      readonly winnerStep: string;
      readonly intended: string | null;
      readonly searched: readonly SearchDirectory[];
    };

export interface LoadSimulation {
  readonly root: string;
  /** Every dependency the simulation resolved, for the report's chain evidence. */
  readonly resolved: readonly DependencyLink[];
  readonly findings: readonly LoadFinding[];
  /** The whole graph, when the simulation was read from the binaries (the wizard opens it by diagnosis id). */
  readonly graph?: LoadGraph;
}

/** What a process holds before a module loads: libraries already loaded, folders added with os.add_dll_directory. */
export interface LoadState {
  readonly loaded: readonly string[];
  readonly dllDirectories: readonly string[];
}

/** The functions the diagnosis calls; injected so the CLI, the app and the tests choose the sources. */
export interface DiagnosisDeps {
  describeEnvironment(python: string): Promise<EnvironmentFacts>;
  importModule(env: EnvironmentFacts, module: string, signal?: AbortSignal): Promise<ImportOutcome>;
  /**
   * Imports `modules` one after the other in ONE interpreter (see app/diagnosis/import-batches.ts).
   * Entry i is the outcome of modules[i], or null when the interpreter ended (or was cancelled)
   * before that import began; the import it died in is a failure. `onOutcome` hears each import's
   * outcome as soon as the interpreter reports it (the one it died in only in the result).
   */
  importBatch?(env: EnvironmentFacts, modules: readonly string[], signal?: AbortSignal, onOutcome?: (index: number, outcome: ImportOutcome) => void): Promise<(ImportOutcome | null)[]>;
  /**
   * null when no simulation is available for this platform or file (the report says it was skipped).
   * `state`: what is in the process before the module loads (what its parent package's import
   * did), found by name like the loader does.
   */
  simulateLoad(env: EnvironmentFacts, extension: ExtensionModule, state?: LoadState): Promise<LoadSimulation | null>;
  /**
   * Imports `modules` in order in one fresh isolated interpreter, recording the native libraries
   * and loader calls of each (app/diagnosis/context/replay.ts); null when it cannot run here.
   */
  replayImports?(env: EnvironmentFacts, modules: readonly string[], signal?: AbortSignal): Promise<Replay | null>;
  /** The imports of a program file in source order; throws with what to do when it cannot be read. */
  programImports?(env: EnvironmentFacts, file: string, signal?: AbortSignal): Promise<ProgramImport[]>;
  /** What the module's package code does before it loads, read from its files (offline: no interpreter to replay). */
  packageLoading?(env: EnvironmentFacts, extension: ExtensionModule): Promise<PackageLoading>;
  /** A native module's import and export tables; null when the file cannot be read. */
  readBinary?(path: string): Promise<BinaryModule | null>;
  /** app/envs' checkHealth on the environment this diagnosis reads: its typed issues are what the ranker combines. */
  healthChecks(env: EnvironmentFacts): Promise<HealthReport>;
  /** Versions of a package the configured index offers, newest first; empty when unknown. */
  availableVersions?(env: EnvironmentFacts, packageName: string): Promise<readonly string[]>;
  /** The machine's facts (app/host-facts), read once per session; without it every host cause is "not checked". */
  hostFacts?(env: EnvironmentFacts): Promise<HostFacts>;
  /** The x86 ISA levels each file's .note.gnu.property says it needs (Linux ELF), by path; files stating none are left out. */
  isaNeeds?(files: readonly string[]): Promise<ReadonlyMap<string, readonly string[]>>;
}

/** One requirement of a package on another, with the versions it accepts. */
export interface Constraint {
  readonly name: string;
  /** Comma-separated clauses ("<2.1", ">=1.5,<2.0a0"); "" when any version is accepted. */
  readonly specifier: string;
  readonly from: 'requires-dist' | 'conda-depends';
  /** The line as the record has it. */
  readonly text: string;
}
