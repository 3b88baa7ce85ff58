/**
 * The dyld simulation's seams (the Mach-O files, the process and the machine) and its result: the
 * images that load, the findings, and every path tried in dyld's order. JSON-safe, like loader-types.
 */
import type { DependencyGraph } from './loader-types';
import type { MachoCpu, MachoModule } from './macho-types';

/**
 * The file-system seam of the simulation: the Mach-O file at a path, read for the process's CPU
 * (`readMachOFile(path, { cpu })`, or in-memory modules in tests). Resolves with null when nothing
 * is at the path; rejects (BinaryReadError) when something is there that is not a usable Mach-O.
 */
export interface DyldFs {
  readMachO(path: string, cpu: MachoCpu): Promise<MachoModule | null>;
}

/** Everything about the process and the machine that decides what dyld loads. */
export interface DyldLoadContext {
  /** The python binary: `@executable_path` is its folder; its LC_RPATHs close every @rpath search. */
  readonly executablePath: string;
  /** The process's CPU: 'arm64' (Apple silicon), 'x86_64' (Intel, or Rosetta on Apple silicon), 'arm64e'. */
  readonly cpu: MachoCpu;
  /**
   * The image that calls dlopen() for the extension: libpython or Python.framework's `Python` for
   * framework, Homebrew and python.org builds, the executable itself for a statically linked python
   * (conda's). Its LC_RPATHs come after the extension's chain in every @rpath search. Default: the
   * libpython or Python.framework image the executable links, else the executable.
   */
  readonly dlopenCaller?: string;
  /**
   * The host's macOS version ("14.5"): decides the shared cache, the cryptex paths and the
   * fallbacks. null when unknown (a folder copied from a Mac): today's dyld order is used, and
   * nothing that depends on the version (minimum macOS, compatibility_version) is reported.
   */
  readonly hostMacos: string | null;
  /** The process environment as dyld reads it (only DYLD_LIBRARY_PATH, DYLD_FALLBACK_LIBRARY_PATH, HOME matter). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Whether a path is in the dyld shared cache. A live Mac answers by asking dyld (host facts);
   * offline the default says yes for `/usr/lib/…` and `/System/Library/…` on macOS 11 and later.
   */
  readonly inSharedCache?: (path: string) => boolean;
  /**
   * Whether this Python exports a symbol of its C API, for when its own file (or its libpython)
   * cannot be read: true it does, false it does not (a function added in a later CPython), null
   * the symbol is not Python's API. Flat lookups of Python's API from an extension bundle
   * (`-undefined dynamic_lookup`) are decided by it. Default: every `_Py*` / `__Py*` name, true.
   */
  readonly interpreterExports?: (symbol: string) => boolean | null;
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
  /** dyld's own words where its wording is known (Library not loaded, Symbol not found, tried:), else ours. */
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
  readonly have: readonly MachoCpu[];
  readonly need: readonly MachoCpu[];
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

/** An image whose minimum macOS (LC_BUILD_VERSION / LC_VERSION_MIN_MACOSX) is newer than the host's. */
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
  readonly cpu: MachoCpu | null;
  /** The install name of the load command that first brought it in (the root's own path for the root). */
  readonly loadedAs: string;
}

export interface DyldSimulation {
  readonly platform: 'macos';
  readonly rootPath: string;
  readonly cpu: MachoCpu;
  readonly hostMacos: string | null;
  /** Images in load order: the executable (when readable), the extension, then breadth first. */
  readonly images: readonly DyldImage[];
  /** The same tree in the shape the Windows and Linux simulations give (nodes and edges). */
  readonly graph: DependencyGraph;
  readonly findings: readonly DyldFinding[];
}
