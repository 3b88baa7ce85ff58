/**
 * Result shapes of the loader simulations: the dependency graph and the findings. JSON-safe (no
 * Buffer, no class instances), so the diagnosis helpers and the UI receive them as they are.
 */

/** Why a folder is on the search path, in the words of the rule that put it there. */
export type SearchDirReason =
  | 'dll-load-dir'
  | 'application-dir'
  | 'add-dll-directory'
  | 'conda-dir'
  | 'system32'
  | 'windows-dir'
  | 'current-dir'
  | 'path'
  | 'rpath'
  | 'ld-library-path'
  | 'runpath'
  | 'ld-so-cache'
  | 'default-dir';

export interface SearchDir {
  readonly dir: string;
  readonly reason: SearchDirReason;
  /** For AddDllDirectory folders: Windows does not specify their order among themselves. */
  readonly orderUnspecified?: boolean;
}

/** How a dependency name was resolved. */
export type Resolution =
  | 'root'
  | 'already-loaded'
  | 'side-by-side'
  | 'known-dll'
  | 'api-set'
  | 'system'
  | 'search-path'
  | 'absolute-path'
  | 'not-found';

export interface DependencyNode {
  /** Lower-cased resolved path, or `system:<name>` / `missing:<name>` when there is no file. */
  readonly id: string;
  readonly name: string;
  readonly path: string | null;
  readonly resolution: Resolution;
  /** The search-path entry that supplied the file (index into the result's searchPath). */
  readonly searchIndex: number | null;
  readonly machine: string | null;
  /** PE files: the linker version of the optional header (see PeModule.linkerVersion). */
  readonly linkerVersion?: { readonly major: number; readonly minor: number };
  /** False for system DLLs not inspected (no System32 at hand) and unreadable files. */
  readonly checked: boolean;
}

export interface DependencyEdge {
  readonly from: string;
  readonly to: string;
  /** The name as written in the importing module. */
  readonly importName: string;
  readonly delayLoad: boolean;
  /** Imported symbols the resolved file does not provide (empty when satisfied or not checked). */
  readonly missingSymbols: readonly string[];
  /** The target of a forwarded export (`from` exports a function that lives in `to`), not an import. */
  readonly viaForwarder?: boolean;
}

export interface DependencyGraph {
  readonly root: string;
  readonly nodes: readonly DependencyNode[];
  readonly edges: readonly DependencyEdge[];
}

/**
 * problem: the load fails (or a delay-loaded call will fail); warning: fails only when a
 * delay-loaded function is called; info: worth knowing, not a failure.
 */
export type Severity = 'problem' | 'warning' | 'info';

interface FindingBase {
  readonly severity: Severity;
  /** One sentence for people: what is wrong and what to do. */
  readonly message: string;
}

/** Win32 126: a DLL is on no folder of the search path. */
export interface DllNotFoundFinding extends FindingBase {
  readonly kind: 'dll-not-found';
  readonly code: 126;
  readonly dll: string;
  readonly importedBy: readonly string[];
  readonly delayLoad: boolean;
  readonly searched: readonly string[];
  /** Files of this name the search skipped because they are built for another CPU. */
  readonly skippedWrongMachine?: readonly { readonly path: string; readonly machine: string }[];
}

/** Win32 127 (by name) or 182 (by ordinal): the DLL that loads lacks imported functions. */
export interface ProcedureNotFoundFinding extends FindingBase {
  readonly kind: 'procedure-not-found';
  readonly code: 127 | 182;
  readonly dll: string;
  readonly loadedFile: string;
  readonly importedBy: string;
  readonly missingSymbols: readonly string[];
  readonly delayLoad: boolean;
  /** Other files on the search path or in the environment with this name that export all of them. */
  readonly exportedBy: readonly string[];
}

/** Win32 193: the file that loads is for another CPU (or is not a valid image). */
export interface WrongArchitectureFinding extends FindingBase {
  readonly kind: 'wrong-architecture';
  readonly code: 193;
  readonly file: string;
  readonly machine: string;
  readonly expected: string;
  readonly importedBy: readonly string[];
}

/** A Visual C++ runtime (vcruntime140*, msvcp140*, the UCRT behind api-ms-win-crt-*) is missing. */
export interface VcRuntimeMissingFinding extends FindingBase {
  readonly kind: 'vc-runtime-missing';
  readonly dlls: readonly string[];
  readonly importedBy: readonly string[];
}

/** A same-named DLL earlier on the search path (or already loaded) wins over another copy. */
export interface ShadowedFinding extends FindingBase {
  readonly kind: 'shadowed';
  readonly dll: string;
  readonly winner: string;
  readonly winnerSatisfies: boolean;
  readonly shadowed: readonly { readonly path: string; readonly wouldSatisfy: boolean }[];
}

/** The extension imports a pythonXY.dll of another Python version. */
export interface PythonVersionMismatchFinding extends FindingBase {
  readonly kind: 'python-version-mismatch';
  readonly dll: string;
  readonly expected: string;
}

/** A dependency exists but cannot be parsed (Windows would answer 193). */
export interface UnreadableModuleFinding extends FindingBase {
  readonly kind: 'unreadable-module';
  readonly file: string;
  readonly error: string;
}

/** Linux: `cannot open shared object file: No such file or directory`. */
export interface LibraryNotFoundFinding extends FindingBase {
  readonly kind: 'library-not-found';
  readonly library: string;
  readonly neededBy: readonly string[];
  readonly searched: readonly string[];
}

/** Linux: `undefined symbol: NAME`. */
export interface UndefinedSymbolFinding extends FindingBase {
  readonly kind: 'undefined-symbol';
  readonly file: string;
  readonly symbols: readonly string[];
}

/** Linux: `version 'GLIBCXX_3.4.30' not found (required by X)`. */
export interface SymbolVersionNotFoundFinding extends FindingBase {
  readonly kind: 'symbol-version-not-found';
  readonly version: string;
  readonly library: string;
  readonly libraryFile: string;
  readonly requiredBy: string;
}

/** Linux: a candidate of another ELF class or machine was skipped (`wrong ELF class: ELFCLASS32`). */
export interface WrongElfClassFinding extends FindingBase {
  readonly kind: 'wrong-elf-class';
  readonly file: string;
  readonly found: string;
  readonly expected: string;
}

export type Finding =
  | DllNotFoundFinding
  | ProcedureNotFoundFinding
  | WrongArchitectureFinding
  | VcRuntimeMissingFinding
  | ShadowedFinding
  | PythonVersionMismatchFinding
  | UnreadableModuleFinding
  | LibraryNotFoundFinding
  | UndefinedSymbolFinding
  | SymbolVersionNotFoundFinding
  | WrongElfClassFinding;

export type FindingKind = Finding['kind'];

export interface LoadSimulation {
  readonly platform: 'windows' | 'linux';
  readonly rootPath: string;
  /** The folders searched, in order (Linux: the root module's own list). */
  readonly searchPath: readonly SearchDir[];
  readonly graph: DependencyGraph;
  readonly findings: readonly Finding[];
}

/** True when a simulation found something that stops (or will stop) the module from loading. */
export function hasProblems(simulation: LoadSimulation): boolean {
  return simulation.findings.some((f) => f.severity !== 'info');
}
