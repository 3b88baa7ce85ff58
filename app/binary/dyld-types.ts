/**
 * The dyld simulation's input (what dyld reads from one Mach-O slice) and its result: the images
 * that load, the findings, and every path tried in dyld's order. JSON-safe, like loader-types.
 */
import type { DependencyGraph } from './loader-types';

/** One dylib a slice names in its load commands; the two-level ordinal of its symbols is index + 1. */
export interface DyldDylibRef {
  /** The install name as written: `@rpath/libomp.dylib`, `/usr/lib/libSystem.B.dylib`. */
  readonly name: string;
  /** LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB, LC_LAZY_LOAD_DYLIB, LC_LOAD_UPWARD_DYLIB. */
  readonly kind: 'load' | 'weak' | 'reexport' | 'lazy' | 'upward';
  /** "1.2.3": the compatibility version the slice was linked against. */
  readonly compatibilityVersion: string;
  readonly currentVersion: string;
}

/**
 * Where a bound symbol is looked up: a dylib (1-based index into `dylibs`), the image itself, the
 * main executable, every image in load order (flat), or the weak-definition coalescing lookup.
 */
export type DyldSymbolLibrary = number | 'self' | 'main-executable' | 'flat' | 'weak-lookup';

export interface DyldImport {
  readonly name: string;
  readonly library: DyldSymbolLibrary;
  /** A weak import (`-weak_import`, `__attribute__((weak_import))`): missing is fine. */
  readonly weak: boolean;
}

/** What dyld needs from one architecture slice of a Mach-O file. */
export interface DyldSlice {
  /** 'arm64', 'arm64e', 'x86_64', 'x86_64h', 'i386', 'ppc', ... */
  readonly cpu: string;
  readonly fileType: 'execute' | 'dylib' | 'bundle' | 'other';
  /** LC_ID_DYLIB name, with its versions ("1.2.3"). */
  readonly installName: string | null;
  readonly currentVersion: string | null;
  readonly compatibilityVersion: string | null;
  /** LC_BUILD_VERSION minos / LC_VERSION_MIN_MACOSX version ("11.0"), null when the slice states none. */
  readonly minMacos: string | null;
  /** MH_TWOLEVEL: bound symbols name their library by ordinal; without it every lookup is flat. */
  readonly twoLevelNamespace: boolean;
  readonly dylibs: readonly DyldDylibRef[];
  /** LC_RPATH entries in load-command order, unexpanded (`@loader_path/../lib`). */
  readonly rpaths: readonly string[];
  readonly imports: readonly DyldImport[];
  /** Exported symbol names (export trie or symbol table), with the leading underscore. */
  readonly exports: readonly string[];
}

/** One Mach-O file: a thin file has one slice, a universal (fat) file one per architecture. */
export interface DyldFile {
  readonly path: string;
  readonly slices: readonly DyldSlice[];
}

/**
 * The file-system seam of the simulation. `readFile` resolves with null when nothing is at the
 * path, with a string (why) when something is there but is not a Mach-O file dyld can use.
 */
export interface DyldFs {
  readFile(path: string): Promise<DyldFile | string | null>;
}

/** Everything about the process and the machine that decides what dyld loads. */
export interface DyldLoadContext {
  /** The python binary: `@executable_path` is its folder; its LC_RPATHs close every @rpath search. */
  readonly executablePath: string;
  /** The process's CPU: 'arm64' (Apple silicon), 'x86_64' (Intel, or Rosetta on Apple silicon), 'arm64e'. */
  readonly cpu: string;
  /** The host's macOS version ("14.5"): decides the shared cache, the cryptex paths and the fallbacks. */
  readonly hostMacos: string;
  /** The process environment as dyld reads it (only DYLD_LIBRARY_PATH, DYLD_FALLBACK_LIBRARY_PATH, HOME matter). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Whether a path is in the dyld shared cache. A live Mac answers by asking dyld (host facts);
   * offline the default says yes for `/usr/lib/…` and `/System/Library/…` on macOS 11 and later.
   */
  readonly inSharedCache?: (path: string) => boolean;
  /**
   * Symbols the interpreter exports when its own file (or its libpython) cannot be read: flat
   * lookups of these from an extension bundle never fail. Default: every `_Py*` / `__Py*` name.
   */
  readonly interpreterExports?: (symbol: string) => boolean;
}

/** Why dyld passed over one path, in its own words (`no such file`, `not in dyld cache`, ...). */
export interface DyldTriedPath {
  readonly path: string;
  readonly outcome: 'no-such-file' | 'not-in-dyld-cache' | 'incompatible-architecture' | 'not-a-mach-o';
  /** The parenthesised text of dyld's `tried:` entry, e.g. "no such file, not in dyld cache". */
  readonly why: string;
}

/** How an image was found, in the words of the rule that found it. */
export type DyldFoundBy =
  | 'root'
  | 'executable'
  | 'dyld-library-path'
  | 'rpath'
  | 'loader-path'
  | 'executable-path'
  | 'absolute-path'
  | 'fallback'
  | 'shared-cache';

interface DyldFindingBase {
  readonly severity: 'problem' | 'info';
  /** dyld's own words, as a live Mac would print them. */
  readonly message: string;
}

/** `Library not loaded: @rpath/libomp.dylib` with every path tried. */
export interface DyldLibraryNotLoaded extends DyldFindingBase {
  readonly kind: 'dyld-library-not-loaded';
  readonly installName: string;
  readonly referencedFrom: string;
  readonly weak: boolean;
  readonly tried: readonly DyldTriedPath[];
  /** `no LC_RPATH's found`: an @rpath name with no LC_RPATH in the chain. */
  readonly noRpaths: boolean;
}

/** `mach-o file, but is an incompatible architecture (have 'x86_64', need 'arm64')`. */
export interface DyldIncompatibleArchitecture extends DyldFindingBase {
  readonly kind: 'dyld-incompatible-architecture';
  readonly file: string;
  readonly have: readonly string[];
  readonly need: readonly string[];
  /** null for the extension itself (dlopen), else the image whose load command names it. */
  readonly referencedFrom: string | null;
  readonly tried: readonly DyldTriedPath[];
}

/** `Symbol not found: _X  Referenced from: …  Expected in: …` (or `in flat namespace`). */
export interface DyldSymbolNotFound extends DyldFindingBase {
  readonly kind: 'dyld-symbol-not-found';
  readonly symbol: string;
  readonly referencedFrom: string;
  /** The image the two-level ordinal names; null for a flat-namespace lookup. */
  readonly expectedIn: string | null;
}

/** `Incompatible library version: X requires version 2.0.0 or later, but libY provides version 1.0.0` (dyld 3 and older). */
export interface DyldIncompatibleVersion extends DyldFindingBase {
  readonly kind: 'dyld-incompatible-version';
  readonly installName: string;
  readonly file: string;
  readonly referencedFrom: string;
  readonly required: string;
  readonly provided: string;
}

/** An image built for a newer macOS than the host: dyld 4 refuses it (`built for macOS 14.0 which is newer than running OS`). */
export interface DyldNewerMacos extends DyldFindingBase {
  readonly kind: 'dyld-newer-macos';
  readonly file: string;
  readonly minimum: string;
  readonly host: string;
}

export type DyldFinding = DyldLibraryNotLoaded | DyldIncompatibleArchitecture | DyldSymbolNotFound | DyldIncompatibleVersion | DyldNewerMacos;

/** One image in the process after the simulated dlopen, and how it was found. */
export interface DyldImage {
  readonly path: string;
  readonly foundBy: DyldFoundBy;
  readonly cpu: string | null;
  /** The install name of the load command that first brought it in (the root's own path for the root). */
  readonly loadedAs: string;
}

export interface DyldSimulation {
  readonly platform: 'macos';
  readonly rootPath: string;
  readonly cpu: string;
  readonly hostMacos: string;
  /** Images in load order: the executable (when readable), the extension, then breadth first. */
  readonly images: readonly DyldImage[];
  /** The same tree in the shape the Windows and Linux simulations give (nodes and edges). */
  readonly graph: DependencyGraph;
  readonly findings: readonly DyldFinding[];
}
