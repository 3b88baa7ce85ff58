/**
 * What the Mach-O reader returns: plain JSON-safe data, like the PE and ELF module types.
 *
 * Field meanings follow Apple's <mach-o/loader.h>, <mach-o/fixup-chains.h> and <mach-o/fat.h>
 * (as published in the cctools/dyld sources and LLVM's BinaryFormat/MachO.h). Numbers that the
 * file stores (command codes, flags, CPU types) are kept beside their names, so a value this
 * reader does not know is still shown, never dropped.
 */

/** The CPUs a slice can be built for; `other` keeps the raw cputype in `MachoSlice.cpuType`. */
export type MachoCpu = 'arm64' | 'arm64e' | 'x86_64' | 'i386' | 'arm64_32' | 'arm' | 'ppc' | 'ppc64' | 'other';

/** One architecture in a file: for a universal file each fat_arch entry, for a thin file the whole file. */
export interface MachoSlice {
  readonly cpu: MachoCpu;
  readonly cpuType: number;
  /** cpusubtype without the capability bits (CPU_SUBTYPE_MASK 0xff000000). */
  readonly cpuSubtype: number;
  /** File offset and size of the slice (0 and the file size for a thin file). */
  readonly offset: number;
  readonly size: number;
  /** Alignment as a power of two (fat_arch.align); 0 for a thin file. */
  readonly align: number;
}

/** mach_header.filetype by name (MH_OBJECT, MH_EXECUTE, MH_DYLIB, MH_BUNDLE, ...). */
export type MachoFileType =
  | 'object' | 'execute' | 'fvmlib' | 'core' | 'preload' | 'dylib' | 'dylinker' | 'bundle' | 'dylib-stub' | 'dsym' | 'kext-bundle'
  | 'fileset' | 'other';

/** A version packed as xxxx.yy.zz in 32 bits (dylib versions, minimum OS, SDK). */
export interface MachoVersion {
  /** The packed value as stored; compare versions with this number. */
  readonly packed: number;
  /** "X.Y.Z" as llvm-objdump prints dylib versions ("X.Y" plus ".Z" when Z is not 0 for OS versions). */
  readonly text: string;
}

/**
 * How a dylib load command links: LC_LOAD_DYLIB (load), LC_LOAD_WEAK_DYLIB (weak: missing is
 * fine), LC_REEXPORT_DYLIB (its symbols are this image's), LC_LAZY_LOAD_DYLIB, LC_LOAD_UPWARD_DYLIB.
 */
export type MachoDylibKind = 'load' | 'weak' | 'reexport' | 'lazy' | 'upward';

/** One dylib load command. Library ordinal N (1-based) names `dylibs[N - 1]`. */
export interface MachoDylib {
  /** The install name as written (`@rpath/libc++.1.dylib`, `/usr/lib/libSystem.B.dylib`). */
  readonly name: string;
  readonly kind: MachoDylibKind;
  readonly currentVersion: MachoVersion;
  readonly compatibilityVersion: MachoVersion;
  readonly timestamp: number;
}

/** LC_ID_DYLIB: the install name and versions a dylib declares for itself. */
export interface MachoDylibId {
  readonly name: string;
  readonly currentVersion: MachoVersion;
  readonly compatibilityVersion: MachoVersion;
  readonly timestamp: number;
}

/** The platform of LC_BUILD_VERSION (PLATFORM_*), or the one an LC_VERSION_MIN_* command implies. */
export type MachoPlatform =
  | 'macos' | 'ios' | 'tvos' | 'watchos' | 'bridgeos' | 'maccatalyst' | 'ios-simulator' | 'tvos-simulator' | 'watchos-simulator'
  | 'driverkit' | 'visionos' | 'visionos-simulator' | 'other';

/** The minimum OS the image needs, from LC_BUILD_VERSION or LC_VERSION_MIN_MACOSX (and siblings). */
export interface MachoMinOs {
  readonly source: 'build-version' | 'version-min';
  readonly platform: MachoPlatform;
  /** The raw PLATFORM_* number (LC_BUILD_VERSION), or the one the LC_VERSION_MIN_* command implies. */
  readonly platformCode: number;
  readonly minos: MachoVersion;
  readonly sdk: MachoVersion;
}

/**
 * Where an imported symbol is looked up, from its library ordinal: a dylib (ordinal ≥ 1), the
 * image itself (0, BIND_SPECIAL_DYLIB_SELF), the main executable (-1), every loaded image in
 * load order (-2, flat lookup; also every import of an image without MH_TWOLEVEL), or the weak
 * coalescing lookup (-3, weak definitions and C++ inline/template symbols).
 */
export type MachoLookup = 'dylib' | 'self' | 'main-executable' | 'flat-lookup' | 'weak-lookup';

/** Which table a symbol came from. */
export type MachoImportSource = 'chained-fixups' | 'bind' | 'weak-bind' | 'lazy-bind' | 'symtab';

/**
 * One symbol the image imports. Chained fixups: the import table in its order (fixups refer to it by
 * index). Bind opcodes: each distinct name/ordinal/weak/addend once per table, however many places
 * bind it.
 */
export interface MachoImport {
  /** The symbol as stored, with Mach-O's leading underscore (`_PyObject_GetAttr`). */
  readonly name: string;
  /** The ordinal as stored: ≥ 1 a dylib, 0 self, -1 main executable, -2 flat lookup, -3 weak lookup. */
  readonly libraryOrdinal: number;
  readonly lookup: MachoLookup;
  /** The install name of the dylib for `lookup === 'dylib'` (null when the ordinal is out of range). */
  readonly library: string | null;
  /** Weak import (BIND_SYMBOL_FLAGS_WEAK_IMPORT / the import's weak_import bit): missing is fine. */
  readonly weakImport: boolean;
  readonly source: MachoImportSource;
  /** Addend of DYLD_CHAINED_IMPORT_ADDEND(64) or BIND_OPCODE_SET_ADDEND_SLEB; 0 when none. */
  readonly addend: number;
}

/** EXPORT_SYMBOL_FLAGS_KIND_*: regular, thread-local, absolute. */
export type MachoExportKind = 'regular' | 'thread-local' | 'absolute' | 'other';

/** A symbol this image exports (re-exports included: they name the dylib that defines them). */
export interface MachoExport {
  readonly name: string;
  readonly kind: MachoExportKind;
  /** The raw trie flags (or, from the symbol table, the derived equivalent). */
  readonly flags: number;
  readonly weakDefinition: boolean;
  /** Offset from the image's base address (from LC_SYMTAB: n_value, a virtual address); null for re-exports. */
  readonly address: number | null;
  /** EXPORT_SYMBOL_FLAGS_REEXPORT: defined by another dylib, under `importName`. */
  readonly reexport: {
    readonly libraryOrdinal: number;
    readonly library: string | null;
    /** The name in that dylib (the same as `name` when the trie stores an empty string). */
    readonly importName: string;
  } | null;
  /** EXPORT_SYMBOL_FLAGS_STUB_AND_RESOLVER: `address` is the stub, this is the resolver's offset. */
  readonly resolver: number | null;
}

/** Which table the exports came from. */
export type MachoExportSource = 'exports-trie' | 'dyld-info' | 'symtab' | 'none';

/** One load command as stored (for display and for comparing with `otool -l`/`llvm-objdump`). */
export interface MachoLoadCommand {
  readonly cmd: number;
  /** LC_* name, or null for a command this reader does not know. */
  readonly name: string | null;
  readonly size: number;
  /** Offset of the command inside the slice. */
  readonly offset: number;
}

/**
 * Something the reader noticed that is not a failure of the whole file: it returns all it could
 * read and says what it could not.
 */
export type MachoFinding =
  /** A 32-bit (MH_MAGIC/MH_CIGAM) image: no current macOS loads it. */
  | { readonly kind: 'thirty-two-bit'; readonly cpu: MachoCpu; readonly message: string }
  /** A universal file without a slice for the requested CPU (dyld: "incompatible architecture"). */
  | { readonly kind: 'no-matching-slice'; readonly wanted: MachoCpu; readonly available: readonly MachoCpu[]; readonly message: string }
  /**
   * A load command this reader does not know. `requiredByDyld` is the LC_REQ_DYLD bit: a dyld that
   * does not know such a command refuses the image ("load command 0x80000034 is unknown").
   */
  | { readonly kind: 'unknown-load-command'; readonly cmd: number; readonly requiredByDyld: boolean; readonly message: string }
  /** One table could not be read (bad offsets, a loop in the export trie, an unknown format); the rest was. */
  | {
    readonly kind: 'unreadable-table';
    readonly table: 'chained-fixups' | 'dyld-info-bind' | 'dyld-info-weak-bind' | 'dyld-info-lazy-bind' | 'exports-trie' | 'symtab';
    readonly message: string;
  }
  /** A count or size was larger than any real image has; the reader stopped at its cap. */
  | { readonly kind: 'capped'; readonly what: string; readonly limit: number; readonly message: string };

/** One parsed image: the slice `readMachO` chose (or the only one of a thin file). */
export interface MachoImage {
  readonly slice: MachoSlice;
  readonly bits: 32 | 64;
  readonly filetype: MachoFileType;
  readonly filetypeCode: number;
  /** mach_header.flags as stored. */
  readonly flags: number;
  /** MH_TWOLEVEL: imports are looked up in the library their ordinal names (else: flat namespace). */
  readonly twoLevelNamespace: boolean;
  /** MH_WEAK_DEFINES / MH_BINDS_TO_WEAK. */
  readonly weakDefines: boolean;
  readonly bindsToWeak: boolean;
  readonly loadCommands: readonly MachoLoadCommand[];
  /** LC_ID_DYLIB, for dylibs. */
  readonly id: MachoDylibId | null;
  /** Dylib load commands in file order: library ordinal N is `dylibs[N - 1]`. */
  readonly dylibs: readonly MachoDylib[];
  /** LC_RPATH paths in file order, as written (`@loader_path/../lib`). */
  readonly rpaths: readonly string[];
  readonly minOs: MachoMinOs | null;
  /** LC_UUID as 32 upper-case hex digits, or null. */
  readonly uuid: string | null;
  readonly importsSource: 'chained-fixups' | 'dyld-info' | 'symtab' | 'none';
  readonly imports: readonly MachoImport[];
  readonly exportsSource: MachoExportSource;
  readonly exports: readonly MachoExport[];
}

/** A Mach-O file: its slices, the chosen image and what the reader noticed. */
export interface MachoModule {
  readonly format: 'macho';
  readonly path: string;
  readonly fileSize: number;
  /** FAT_MAGIC / FAT_MAGIC_64 (universal) or a thin image. */
  readonly universal: 'fat' | 'fat64' | null;
  /** Every slice (one for a thin file). */
  readonly slices: readonly MachoSlice[];
  /** The image of the chosen slice; null when no slice fits the requested CPU (see findings). */
  readonly image: MachoImage | null;
  readonly findings: readonly MachoFinding[];
}

/** Options of `readMachO`. */
export interface MachoReadOptions {
  /**
   * The CPU of the process that would load the file (the interpreter's). The slice for it is
   * read; arm64e falls back to arm64. Without it: arm64, then arm64e, then x86_64, then the first.
   */
  readonly cpu?: MachoCpu;
}
