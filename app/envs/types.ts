/**
 * The data shapes of the environments engine: what discovery finds and how an environment is described.
 *
 * Every type here is JSON-safe (no Buffers, no Maps, no class instances) so that descriptions cross IPC,
 * go into `--json` output and into saved reports unchanged. `schemaVersion` changes when a field changes
 * meaning.
 */

import type { MessageRef } from '../messages';

/** How an environment was found. One environment can have several sources. */
export type DiscoverySourceKind =
  | 'registry' // PEP 514 keys, https://peps.python.org/pep-0514/
  | 'py-launcher' // `py -0p`
  | 'path' // PATH / `where python`
  | 'store-alias' // %LOCALAPPDATA%\Microsoft\WindowsApps app-execution alias
  | 'conda' // conda roots, environments.txt, `conda env list --json`
  | 'venv' // a folder with pyvenv.cfg found under a venv root
  | 'pyenv' // pyenv / pyenv-win versions folder
  | 'homebrew'
  | 'system'
  | 'user'; // added by the user by path

export interface DiscoverySource {
  readonly kind: DiscoverySourceKind;
  /** Where exactly: registry key, PATH entry, environments.txt line, ... */
  readonly detail: string;
}

export type EnvironmentKind = 'venv' | 'conda' | 'pyenv' | 'store' | 'homebrew' | 'system' | 'installed' | 'unknown';

export interface DiscoveredEnvironment {
  /** Real path of the environment's prefix folder: the identity used for deduplication. */
  readonly id: string;
  readonly prefix: string;
  /** The interpreter to run; null for a folder without one (e.g. a conda package cache prefix). */
  readonly interpreter: string | null;
  readonly kind: EnvironmentKind;
  /** True for the Microsoft Store "python.exe" stub that only opens the Store. */
  readonly storeStub: boolean;
  readonly sources: DiscoverySource[];
  /** Version as a source reported it (registry SysVersion, py -0p tag), before any probe. */
  readonly reportedVersion: string | null;
}

/**
 * Outcome of trying to describe an environment. Only 'ok' and 'offline' carry full data; every other
 * status is a result for the user, with `message` saying what it means and what to do.
 */
export type EnvironmentStatus =
  | 'ok'
  | 'offline'
  | 'crashed'
  | 'timeout'
  | 'store-stub'
  | 'python2'
  | 'unsupported-version'
  | 'permission-denied'
  | 'not-found'
  | 'bad-output';

export interface PythonFacts {
  readonly version: string;
  readonly versionInfo: readonly [number, number, number];
  /** "cpython", "pypy", ... */
  readonly implementation: string;
  /** Normalised: "x86_64", "x86", "arm64", "aarch64", ... */
  readonly architecture: string;
  readonly bits: 32 | 64;
  /** sys.platform: "win32", "linux", "darwin". */
  readonly platform: string;
  /** sysconfig.get_platform(), e.g. "win-amd64", "linux-x86_64". */
  readonly sysconfigPlatform: string;
  /** The ABI tag used in wheel names: "cp311", "cp36m", "cp313t". */
  readonly abiTag: string;
  /** importlib.machinery.EXTENSION_SUFFIXES. */
  readonly extensionSuffixes: string[];
  /** Platform tags wheels may carry to fit, best first (e.g. manylinux_2_36_x86_64 ... linux_x86_64). */
  readonly platformTags: string[];
  /** glibc version on Linux ("2.36"), null elsewhere or when unknown. */
  readonly glibcVersion: string | null;
  /** PEP 508 environment marker values. */
  readonly markers: Readonly<Record<string, string>>;
}

export interface Distribution {
  readonly name: string;
  /** PEP 503 normalised name. */
  readonly normalizedName: string;
  readonly version: string;
  /** Content of INSTALLER ("pip", "conda", "uv", ...), null when absent. */
  readonly installer: string | null;
  /** The site-packages folder the distribution is installed into. */
  readonly location: string;
  /** The .dist-info / .egg-info folder. */
  readonly metadataPath: string;
  readonly format: 'dist-info' | 'egg-info';
  readonly requiresDist: string[];
  readonly requiresPython: string | null;
  /** Tags from WHEEL ("cp311-cp311-manylinux_2_17_x86_64"), empty when not installed from a wheel. */
  readonly wheelTags: string[];
  /** RECORD entries (relative to location) that are extension modules (.pyd, .so with a module suffix). */
  readonly extensionModules: string[];
  /** RECORD entries that are bundled native libraries (.dll, .so*, .dylib) but not extension modules. */
  readonly bundledLibraries: string[];
  /** Number of RECORD entries (0 when there is no RECORD). */
  readonly recordEntries: number;
  /** Where extensionModules and bundledLibraries were read from: its RECORD, or conda-meta's `files` when it has none. */
  readonly fileList?: 'RECORD' | 'conda-meta' | null;
  /** The conda-meta record whose `files` list this metadata folder (conda installed it, under whatever name); null when none does. */
  readonly condaMetaFile?: string | null;
}

export interface CondaRecord {
  readonly name: string;
  readonly version: string;
  readonly build: string;
  /** The channel's URL without the subdir ("https://repo.anaconda.com/pkgs/free"), or its name when only that is known. */
  readonly channel: string | null;
  /** The platform folder it came from ("win-64", "noarch"). */
  readonly subdir: string | null;
  /** The package file it came from (the line `conda list --explicit` writes for it). */
  readonly url: string | null;
  readonly depends: string[];
  /** Files the package put into the prefix, relative to it, as conda-meta lists them. */
  readonly files: string[];
  /** The conda-meta/*.json file the record came from. */
  readonly metaFile: string;
}

export interface ImportError {
  /** Exception class name, e.g. "ImportError", "OSError". */
  readonly type: string;
  readonly qualifiedType: string;
  readonly message: string;
  readonly traceback: string;
  /** Windows error code (126, 127, 193, ...) when the exception carries one. */
  readonly winerror: number | null;
  readonly errno: number | null;
  /** ImportError.name / .path. */
  readonly name: string | null;
  readonly path: string | null;
}

export interface ImportTestResult {
  readonly module: string;
  /** 'ok' or 'failed' (exception raised), or how the interpreter ended while importing. */
  readonly outcome: 'ok' | 'failed' | 'crashed' | 'timeout';
  readonly file: string | null;
  readonly error: ImportError | null;
  /** Native modules (DLLs / shared objects) loaded in the process after the import attempt. */
  readonly loadedModules: string[] | null;
  /** How the process ended when outcome is 'crashed' (signal name or exit code). */
  readonly crash: string | null;
  /** Copies of the module in PYTHONPATH folders: the user's python imports those; the isolated test did not. */
  readonly pythonPathCopies?: readonly string[];
}

/** Extension modules found on disk that no RECORD or conda-meta lists (app/envs/unrecorded-extensions.ts). */
export interface UnrecordedScan {
  readonly modules: readonly { readonly module: string; readonly path: string }[];
  /** Files and folders whose names are not UTF-8 (shown byte by byte as Latin-1): not checked. */
  readonly badNames: readonly string[];
  /** The walk stopped at its entry limit; modules past it were not looked for. */
  readonly truncated: boolean;
}

/** A variable of the user's environment that changes how Python or the loader behaves (app/envs/user-variables.ts). */
export interface VariableFact {
  readonly name: string;
  readonly value: string;
  /** What it does to a Python started with it. */
  readonly effect: string;
}

/** Everything known about one environment; same shape for probed and offline descriptions. */
export interface EnvironmentDescription {
  readonly schemaVersion: 1;
  readonly id: string;
  readonly status: EnvironmentStatus;
  /** User-understandable sentence for statuses other than 'ok' (and notes for 'offline'). */
  readonly message: string | null;
  /** The message behind `message`, where the engine wrote it from one, for the wizard's language. */
  readonly messages?: { readonly message: MessageRef };
  readonly kind: EnvironmentKind;
  readonly interpreter: string | null;
  readonly prefix: string;
  readonly basePrefix: string | null;
  readonly python: PythonFacts | null;
  readonly sysPath: string[];
  readonly sitePackages: string[];
  /** Folders this environment adds to the DLL search (conda Library\bin etc., wheels' *.libs). */
  readonly dllDirectories: string[];
  readonly distributions: Distribution[];
  readonly condaRecords: CondaRecord[];
  readonly importTest: ImportTestResult | null;
  /** How many times an interpreter was started to produce this description (0 or 1; 2 when it has no `-I`). */
  readonly interpreterRuns: number;
  /** The user's variables that change how Python starts or finds libraries; the probe ran without them (isolated). */
  readonly variables?: readonly VariableFact[];
  /** Extension modules on disk that no installer record lists (probed environments only). */
  readonly unrecordedExtensions?: UnrecordedScan;
  /** Offline descriptions: where each fact came from ("version: python36.dll", "architecture: PE header"). */
  readonly evidence: string[];
  /** Version resources of the interpreter's DLLs (pythonXY.dll, vcruntime140*.dll, msvcp140*.dll), Windows layouts only. */
  readonly dllVersions?: readonly DllVersion[];
  readonly sources: DiscoverySource[];
}

/** A DLL's version resource, as read from the file. */
export interface DllVersion {
  readonly name: string;
  readonly path: string;
  /** VS_FIXEDFILEINFO file version, "3.6.150.1013", "14.16.27012.0". */
  readonly fileVersion: string | null;
  /** For pythonXY.dll: the CPython release it encodes ("3.6.0"). */
  readonly release: string | null;
}

/** What every health issue says, whatever its kind. */
interface HealthIssueBase {
  readonly severity: 'error' | 'warning';
  /** The package the issue belongs to (distribution or conda record name). */
  readonly package: string;
  readonly message: string;
  /** The message behind `message` (app/messages), for the reader's language. */
  readonly messages?: { readonly message: MessageRef };
  /** File path (missing/altered), requirement text, or wheel tags, as the message shows them. */
  readonly detail: string;
}

/**
 * One problem a health check found, tagged by its check and carrying that check's facts as
 * fields, so no reader has to parse `message` or `detail`. A new check is one more member here
 * (and a title wherever checks are listed: HealthCheckKind makes a missing one a compile error).
 */
export type HealthIssue = HealthIssueBase &
  (
    | { readonly check: 'pip-conda-overlap'; readonly installer: string; readonly version: string; readonly conda: { readonly version: string; readonly build: string } }
    | { readonly check: 'missing-file' | 'altered-file'; readonly file: string }
    /** `requirement` is the name of the project required; `line` the Requires-Dist line. */
    | { readonly check: 'requirement-missing'; readonly requirement: string; readonly line: string }
    | { readonly check: 'requirement-version'; readonly requirement: string; readonly line: string; readonly installedVersion: string }
    | { readonly check: 'conda-dependency-version'; readonly requirement: string; readonly installedVersion: string }
    | { readonly check: 'incompatible-wheel'; readonly tags: readonly string[] }
    /** A RECORD or conda-meta entry that resolves outside the environment (never opened). */
    | { readonly check: 'suspicious-record'; readonly file: string }
    /** A listed file, or a whole record, not checked: not a regular file, too large, out of time. */
    | { readonly check: 'skipped-file'; readonly file: string }
    /** More issues of one kind in one record than are listed (the rest are counted, not listed). */
    | { readonly check: 'issues-left-out'; readonly kind: string; readonly leftOut: number }
  );

export type HealthCheckKind = HealthIssue['check'];

export interface HealthReport {
  readonly environment: string;
  readonly issues: HealthIssue[];
  readonly filesChecked: number;
  readonly filesHashed: number;
}
