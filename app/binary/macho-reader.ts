import { BinaryReadError } from './binary-errors';
import { ByteView, openFileSource, parseWithBytes, type ByteSource } from './byte-source';
import { MAX_TABLE, SliceBytes } from './macho-bytes';
import { readExportTrie, readSymtab, type SymtabCommand } from './macho-exports';
import { readBindImports, readChainedImports, type LibraryNames } from './macho-imports';
import type {
  MachoCpu, MachoDylib, MachoDylibId, MachoDylibKind, MachoExport, MachoExportSource, MachoFileType, MachoFinding, MachoImage, MachoImport,
  MachoLoadCommand, MachoMinOs, MachoModule, MachoPlatform, MachoReadOptions, MachoSlice, MachoVersion,
} from './macho-types';

/**
 * Mach-O reader for what dyld needs: the slices of a universal file, then for the chosen slice its
 * header, dylib load commands, rpaths, minimum OS, imported symbols with their library ordinals
 * and exported symbols.
 *
 * Layouts: <mach-o/loader.h>, <mach-o/fat.h> and <mach-o/fixup-chains.h> from Apple's open-source
 * cctools and dyld, as mirrored in LLVM's include/llvm/BinaryFormat/MachO.h. Checked field by field
 * against `llvm-objdump-19 --macho` on real and generated files (tests/binary/macho-objdump.test.ts).
 */

const MH_MAGIC = 0xfeedface;
const MH_CIGAM = 0xcefaedfe;
const MH_MAGIC_64 = 0xfeedfacf;
const MH_CIGAM_64 = 0xcffaedfe;
const FAT_MAGIC = 0xcafebabe;
const FAT_MAGIC_64 = 0xcafebabf;
const LC_REQ_DYLD = 0x80000000;

/** More slices than this is a Java class file (same magic; its version sits where nfat_arch is) or corrupt. */
const MAX_SLICES = 32;
const LIMITS = { loadCommands: 65536, sizeofcmds: 16 * 1024 * 1024 };

const CPU_ARCH_ABI64 = 0x01000000;
const CPU_ARCH_ABI64_32 = 0x02000000;
const CPU_TYPE_X86 = 7;
const CPU_TYPE_ARM = 12;
const CPU_TYPE_POWERPC = 18;
const CPU_SUBTYPE_ARM64E = 2;

/** The LC_* names this reader knows (LLVM's MachO.def); unknown ones are kept by number. */
const LOAD_COMMANDS: Record<number, string> = {
  0x1: 'LC_SEGMENT', 0x2: 'LC_SYMTAB', 0x3: 'LC_SYMSEG', 0x4: 'LC_THREAD', 0x5: 'LC_UNIXTHREAD', 0x6: 'LC_LOADFVMLIB', 0x7: 'LC_IDFVMLIB',
  0x8: 'LC_IDENT', 0x9: 'LC_FVMFILE', 0xa: 'LC_PREPAGE', 0xb: 'LC_DYSYMTAB', 0xc: 'LC_LOAD_DYLIB', 0xd: 'LC_ID_DYLIB', 0xe: 'LC_LOAD_DYLINKER',
  0xf: 'LC_ID_DYLINKER', 0x10: 'LC_PREBOUND_DYLIB', 0x11: 'LC_ROUTINES', 0x12: 'LC_SUB_FRAMEWORK', 0x13: 'LC_SUB_UMBRELLA',
  0x14: 'LC_SUB_CLIENT', 0x15: 'LC_SUB_LIBRARY', 0x16: 'LC_TWOLEVEL_HINTS', 0x17: 'LC_PREBIND_CKSUM', 0x80000018: 'LC_LOAD_WEAK_DYLIB',
  0x19: 'LC_SEGMENT_64', 0x1a: 'LC_ROUTINES_64', 0x1b: 'LC_UUID', 0x8000001c: 'LC_RPATH', 0x1d: 'LC_CODE_SIGNATURE',
  0x1e: 'LC_SEGMENT_SPLIT_INFO', 0x8000001f: 'LC_REEXPORT_DYLIB', 0x20: 'LC_LAZY_LOAD_DYLIB', 0x21: 'LC_ENCRYPTION_INFO',
  0x22: 'LC_DYLD_INFO', 0x80000022: 'LC_DYLD_INFO_ONLY', 0x80000023: 'LC_LOAD_UPWARD_DYLIB', 0x24: 'LC_VERSION_MIN_MACOSX',
  0x25: 'LC_VERSION_MIN_IPHONEOS', 0x26: 'LC_FUNCTION_STARTS', 0x27: 'LC_DYLD_ENVIRONMENT', 0x80000028: 'LC_MAIN', 0x29: 'LC_DATA_IN_CODE',
  0x2a: 'LC_SOURCE_VERSION', 0x2b: 'LC_DYLIB_CODE_SIGN_DRS', 0x2c: 'LC_ENCRYPTION_INFO_64', 0x2d: 'LC_LINKER_OPTION',
  0x2e: 'LC_LINKER_OPTIMIZATION_HINT', 0x2f: 'LC_VERSION_MIN_TVOS', 0x30: 'LC_VERSION_MIN_WATCHOS', 0x31: 'LC_NOTE', 0x32: 'LC_BUILD_VERSION',
  0x80000033: 'LC_DYLD_EXPORTS_TRIE', 0x80000034: 'LC_DYLD_CHAINED_FIXUPS', 0x80000035: 'LC_FILESET_ENTRY', 0x36: 'LC_ATOM_INFO',
};

const DYLIB_KINDS: Record<number, MachoDylibKind> = {
  0xc: 'load', 0x80000018: 'weak', 0x8000001f: 'reexport', 0x20: 'lazy', 0x80000023: 'upward',
};

const FILE_TYPES: readonly MachoFileType[] = [
  'other', 'object', 'execute', 'fvmlib', 'core', 'preload', 'dylib', 'dylinker', 'bundle', 'dylib-stub', 'dsym', 'kext-bundle', 'fileset',
];

const PLATFORMS: readonly MachoPlatform[] = [
  'other', 'macos', 'ios', 'tvos', 'watchos', 'bridgeos', 'maccatalyst', 'ios-simulator', 'tvos-simulator', 'watchos-simulator', 'driverkit',
  'visionos', 'visionos-simulator',
];

/** LC_VERSION_MIN_* and the PLATFORM_* each implies. */
const VERSION_MIN_PLATFORMS: Record<number, number> = { 0x24: 1, 0x25: 2, 0x2f: 3, 0x30: 4 };

const MH_TWOLEVEL = 0x80;
const MH_WEAK_DEFINES = 0x8000;
const MH_BINDS_TO_WEAK = 0x10000;

/** The CPU a cputype/cpusubtype pair names. */
export function cpuName(cpuType: number, cpuSubtype: number): MachoCpu {
  switch (cpuType) {
    case CPU_TYPE_ARM | CPU_ARCH_ABI64: return cpuSubtype === CPU_SUBTYPE_ARM64E ? 'arm64e' : 'arm64';
    case CPU_TYPE_X86 | CPU_ARCH_ABI64: return 'x86_64';
    case CPU_TYPE_X86: return 'i386';
    case CPU_TYPE_ARM | CPU_ARCH_ABI64_32: return 'arm64_32';
    case CPU_TYPE_ARM: return 'arm';
    case CPU_TYPE_POWERPC: return 'ppc';
    case CPU_TYPE_POWERPC | CPU_ARCH_ABI64: return 'ppc64';
    default: return 'other';
  }
}

/** xxxx.yy.zz packed in 32 bits, as llvm-objdump prints dylib versions. */
export function dylibVersion(packed: number): MachoVersion {
  return { packed, text: `${packed >>> 16}.${(packed >>> 8) & 0xff}.${packed & 0xff}` };
}

/** An OS version: "X.Y", plus ".Z" when Z is not 0 (llvm-objdump's `minos`/`sdk`, `version`). */
export function osVersion(packed: number): MachoVersion {
  const patch = packed & 0xff;
  return { packed, text: `${packed >>> 16}.${(packed >>> 8) & 0xff}${patch ? `.${patch}` : ''}` };
}

function fail(view: ByteView, detail: string): never {
  throw new BinaryReadError('malformed', view.path, detail);
}

/** True when the first four bytes are a Mach-O or universal magic (either byte order). */
export function isMachOMagic(view: ByteView): boolean {
  if (view.size < 4) return false;
  const saved = view.littleEndian;
  view.littleEndian = false;
  const magic = view.u32(0);
  view.littleEndian = saved;
  if (magic === FAT_MAGIC) {
    // Java class files share 0xcafebabe; their major version (≥ 45) sits where nfat_arch is.
    return view.size >= 8 && (view.u8(4) << 24 | view.u8(5) << 16 | view.u8(6) << 8 | view.u8(7)) >>> 0 <= MAX_SLICES;
  }
  return magic === FAT_MAGIC_64 || magic === MH_MAGIC || magic === MH_MAGIC_64 || magic === MH_CIGAM || magic === MH_CIGAM_64;
}

/** The slices of a universal file (fat_arch / fat_arch_64 entries, big-endian). */
function readFatSlices(view: ByteView, wide: boolean): MachoSlice[] {
  view.littleEndian = false;
  const count = view.u32(4);
  if (count === 0) fail(view, 'the universal header lists no architectures');
  if (count > MAX_SLICES) fail(view, `the universal header lists ${count} architectures (real files have a few)`);
  const entry = wide ? 32 : 20;
  view.check(8, count * entry, 'the universal header');
  const slices: MachoSlice[] = [];
  for (let i = 0; i < count; i++) {
    const at = 8 + i * entry;
    const cpuType = view.u32(at) | 0;
    const cpuSubtype = view.u32(at + 4) & 0x00ffffff;
    const offset = wide ? view.u64(at + 8) : view.u32(at + 8);
    const size = wide ? view.u64(at + 16) : view.u32(at + 12);
    const align = view.u32(wide ? at + 24 : at + 16);
    view.check(offset, size, `slice ${i} (${cpuName(cpuType, cpuSubtype)})`);
    if (offset < 8 + count * entry) fail(view, `slice ${i} starts inside the universal header`);
    slices.push({ cpu: cpuName(cpuType, cpuSubtype), cpuType, cpuSubtype, offset, size, align });
  }
  return slices;
}

/** The slice a process of `wanted` would load, or dyld's own preference order when none is given. */
function chooseSlice(slices: readonly MachoSlice[], wanted: MachoCpu | undefined): MachoSlice | null {
  if (wanted) {
    // An arm64e process can load arm64 code; an arm64 process cannot load arm64e-only code.
    return slices.find((s) => s.cpu === wanted) ?? (wanted === 'arm64e' ? slices.find((s) => s.cpu === 'arm64') : undefined) ?? null;
  }
  for (const cpu of ['arm64', 'arm64e', 'x86_64'] as const) {
    const slice = slices.find((s) => s.cpu === cpu);
    if (slice) return slice;
  }
  return slices[0] ?? null;
}

/**
 * Parses a Mach-O or universal file from a view (synchronous, for `parseWithBytes`).
 *
 * Throws BinaryReadError when the header or the load commands are unusable; a table that cannot
 * be read (imports, exports) becomes a finding and the rest is returned.
 */
export function parseMachO(view: ByteView, options: MachoReadOptions = {}): MachoModule {
  if (view.size < 4) throw new BinaryReadError('not-a-module', view.path, 'the file is too short for a Mach-O header');
  view.littleEndian = false;
  const magic = view.u32(0);
  const findings: MachoFinding[] = [];
  let universal: MachoModule['universal'] = null;
  let slices: MachoSlice[];
  if ((magic === FAT_MAGIC || magic === FAT_MAGIC_64) && isMachOMagic(view)) {
    universal = magic === FAT_MAGIC ? 'fat' : 'fat64';
    slices = readFatSlices(view, magic === FAT_MAGIC_64);
  } else {
    view.littleEndian = magic !== MH_MAGIC && magic !== MH_MAGIC_64;
    const thinMagic = view.u32(0);
    if (thinMagic !== MH_MAGIC && thinMagic !== MH_MAGIC_64) throw new BinaryReadError('not-a-module', view.path, 'no Mach-O magic at the start of the file');
    view.check(0, 12, 'the Mach-O header');
    const cpuType = view.u32(4) | 0;
    const cpuSubtype = view.u32(8) & 0x00ffffff;
    slices = [{ cpu: cpuName(cpuType, cpuSubtype), cpuType, cpuSubtype, offset: 0, size: view.size, align: 0 }];
  }
  const chosen = chooseSlice(slices, options.cpu);
  if (!chosen) {
    const available = slices.map((s) => s.cpu);
    findings.push({
      kind: 'no-matching-slice', wanted: options.cpu ?? 'other', available,
      message: `the file has no ${options.cpu} slice (it has ${available.join(', ')}): dyld refuses it as "incompatible architecture"; install the build for ${options.cpu}`,
    });
    return { format: 'macho', path: view.path, fileSize: view.size, universal, slices, image: null, findings };
  }
  const image = parseImage(view, chosen, findings);
  return { format: 'macho', path: view.path, fileSize: view.size, universal, slices, image, findings };
}

interface LinkeditRange { readonly offset: number; readonly size: number }

interface DyldInfo {
  readonly bind: LinkeditRange;
  readonly weakBind: LinkeditRange;
  readonly lazyBind: LinkeditRange;
  readonly exports: LinkeditRange;
}

/** Parses the image of one slice: header, load commands, then imports and exports. */
function parseImage(view: ByteView, slice: MachoSlice, findings: MachoFinding[]): MachoImage {
  const bytes = new SliceBytes(view, slice.offset, slice.size);
  view.littleEndian = true;
  let magic = bytes.u32(0);
  if (magic === MH_CIGAM || magic === MH_CIGAM_64) {
    view.littleEndian = false;
    magic = bytes.u32(0);
  }
  if (magic !== MH_MAGIC && magic !== MH_MAGIC_64) fail(view, `slice ${slice.cpu} at offset ${slice.offset} has no Mach-O magic`);
  const bits = magic === MH_MAGIC_64 ? 64 : 32;
  const headerSize = bits === 64 ? 32 : 28;
  bytes.check(0, headerSize, 'the Mach-O header');
  const cpuType = bytes.u32(4) | 0;
  const cpuSubtype = bytes.u32(8) & 0x00ffffff;
  if (cpuType !== slice.cpuType && slice.offset !== 0) {
    fail(view, `the universal header says ${slice.cpu} but the slice at offset ${slice.offset} is ${cpuName(cpuType, cpuSubtype)}`);
  }
  const filetypeCode = bytes.u32(12);
  const ncmds = bytes.u32(16);
  const sizeofcmds = bytes.u32(20);
  const flags = bytes.u32(24);
  if (bits === 32) {
    findings.push({
      kind: 'thirty-two-bit', cpu: slice.cpu,
      message: `a 32-bit ${slice.cpu} image: macOS has not loaded 32-bit code since 10.15; install a 64-bit build`,
    });
  }
  if (ncmds > LIMITS.loadCommands || sizeofcmds > LIMITS.sizeofcmds) fail(view, `${ncmds} load commands in ${sizeofcmds} bytes is more than any real image has`);
  bytes.check(headerSize, sizeofcmds, 'the load commands');
  bytes.prefetch(headerSize, sizeofcmds);
  const commandsEnd = headerSize + sizeofcmds;

  const loadCommands: MachoLoadCommand[] = [];
  const dylibs: MachoDylib[] = [];
  const rpaths: string[] = [];
  let id: MachoDylibId | null = null;
  let minOs: MachoMinOs | null = null;
  let uuid: string | null = null;
  let dyldInfo: DyldInfo | null = null;
  let chained: LinkeditRange | null = null;
  let exportsTrie: LinkeditRange | null = null;
  let symtab: SymtabCommand | null = null;
  const linkedit = (at: number, what: string): LinkeditRange => {
    const range = { offset: bytes.u32(at), size: bytes.u32(at + 4) };
    if (range.size > 0) bytes.check(range.offset, range.size, what);
    return range;
  };
  const string = (commandAt: number, size: number, field: number, what: string): string => {
    const offset = bytes.u32(commandAt + field);
    if (offset < field + 4 || offset >= size) fail(view, `${what}: its string offset ${offset} lies outside its ${size}-byte command`);
    return bytes.cstring(commandAt + offset, commandAt + size);
  };

  let at = headerSize;
  for (let i = 0; i < ncmds; i++) {
    if (at + 8 > commandsEnd) fail(view, `load command ${i} starts past the ${sizeofcmds} bytes of load commands`);
    const cmd = bytes.u32(at);
    const size = bytes.u32(at + 4);
    if (size < 8 || at + size > commandsEnd) fail(view, `load command ${i} (0x${cmd.toString(16)}) has size ${size}, outside the load commands`);
    if (size % 4 !== 0) fail(view, `load command ${i} (0x${cmd.toString(16)}) has size ${size}, not a multiple of 4`);
    const name = LOAD_COMMANDS[cmd] ?? null;
    loadCommands.push({ cmd, name, size, offset: at });
    const need = (bytesNeeded: number): void => {
      if (size < bytesNeeded) fail(view, `${name} (load command ${i}) is ${size} bytes, shorter than its ${bytesNeeded}-byte layout`);
    };
    const kind = DYLIB_KINDS[cmd];
    if (kind || cmd === 0xd) {
      need(24);
      const dylibName = string(at, size, 8, name ?? 'dylib command');
      const fields = { timestamp: bytes.u32(at + 12), currentVersion: dylibVersion(bytes.u32(at + 16)), compatibilityVersion: dylibVersion(bytes.u32(at + 20)) };
      if (kind) dylibs.push({ name: dylibName, kind, ...fields });
      else id = { name: dylibName, ...fields };
    } else if (cmd === 0x8000001c) {
      need(12);
      rpaths.push(string(at, size, 8, 'LC_RPATH'));
    } else if (cmd === 0x32) {
      need(24);
      const code = bytes.u32(at + 8);
      minOs = { source: 'build-version', platform: PLATFORMS[code] ?? 'other', platformCode: code, minos: osVersion(bytes.u32(at + 12)), sdk: osVersion(bytes.u32(at + 16)) };
    } else if (VERSION_MIN_PLATFORMS[cmd] !== undefined) {
      need(16);
      const code = VERSION_MIN_PLATFORMS[cmd] as number;
      // LC_BUILD_VERSION wins when a file has both (ld64 writes one or the other).
      if (minOs?.source !== 'build-version') {
        minOs = { source: 'version-min', platform: PLATFORMS[code] ?? 'other', platformCode: code, minos: osVersion(bytes.u32(at + 8)), sdk: osVersion(bytes.u32(at + 12)) };
      }
    } else if (cmd === 0x1b) {
      need(24);
      uuid = Array.from(bytes.bytes(at + 8, 16), (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
    } else if (cmd === 0x22 || cmd === 0x80000022) {
      need(48);
      dyldInfo = {
        bind: linkedit(at + 16, 'the bind opcodes'), weakBind: linkedit(at + 24, 'the weak-bind opcodes'),
        lazyBind: linkedit(at + 32, 'the lazy-bind opcodes'), exports: linkedit(at + 40, 'the export trie'),
      };
    } else if (cmd === 0x80000034) {
      need(16);
      chained = linkedit(at + 8, 'the chained fixups');
    } else if (cmd === 0x80000033) {
      need(16);
      exportsTrie = linkedit(at + 8, 'the export trie');
    } else if (cmd === 0x2) {
      need(24);
      symtab = { symoff: bytes.u32(at + 8), nsyms: bytes.u32(at + 12), stroff: bytes.u32(at + 16), strsize: bytes.u32(at + 20) };
    } else if (name === null) {
      const requiredByDyld = (cmd & LC_REQ_DYLD) !== 0;
      findings.push({
        kind: 'unknown-load-command', cmd, requiredByDyld,
        message: requiredByDyld
          ? `load command 0x${cmd.toString(16)} is unknown to this reader and marked required: a dyld that does not know it refuses the image`
          : `load command 0x${cmd.toString(16)} is unknown to this reader (dyld may ignore it)`,
      });
    }
    at += size;
  }

  const libraries: LibraryNames = (ordinal) => dylibs[ordinal - 1]?.name ?? null;
  const chainedRange = chained !== null && chained.size > 0 ? chained : null;
  const useChained = chainedRange !== null;
  const trie = exportsTrie ?? (dyldInfo && dyldInfo.exports.size > 0 ? dyldInfo.exports : null);
  // Every table's pages are declared before any is walked, so one round reads them all. A run that
  // still lacks pages is discarded by parseWithBytes: it skips the walks.
  const tables = [chainedRange, ...(!useChained && dyldInfo ? [dyldInfo.bind, dyldInfo.weakBind, dyldInfo.lazyBind] : []), trie];
  for (const t of tables) if (t && t.size > 0 && t.size <= MAX_TABLE) bytes.prefetch(t.offset, t.size);
  const provisional = view.missing.size > 0;
  let importsSource: MachoImage['importsSource'] = 'none';
  let imports: MachoImport[] = [];
  if (chainedRange) {
    importsSource = 'chained-fixups';
    if (!provisional) imports = guarded(findings, 'chained-fixups', () => readChainedImports(bytes, chainedRange, libraries, findings));
  } else if (dyldInfo) {
    importsSource = 'dyld-info';
    if (!provisional) {
      imports = [
        ...guarded(findings, 'dyld-info-bind', () => readBindImports(bytes, dyldInfo.bind, 'bind', libraries)),
        ...guarded(findings, 'dyld-info-weak-bind', () => readBindImports(bytes, dyldInfo.weakBind, 'weak-bind', libraries)),
        ...guarded(findings, 'dyld-info-lazy-bind', () => readBindImports(bytes, dyldInfo.lazyBind, 'lazy-bind', libraries)),
      ];
    }
  }
  let exportsSource: MachoExportSource = 'none';
  let exports: MachoExport[] = [];
  if (trie) {
    exportsSource = exportsTrie ? 'exports-trie' : 'dyld-info';
    if (!provisional) exports = guarded(findings, 'exports-trie', () => readExportTrie(bytes, trie, libraries, findings));
  }
  if (symtab && (!trie || importsSource === 'none') && !provisional) {
    const table = symtab;
    const fromSymtab = guarded(findings, 'symtab', () => [readSymtab(bytes, table, bits, flags, libraries, findings)])[0];
    if (fromSymtab && !trie) {
      exportsSource = 'symtab';
      exports = fromSymtab.exports;
    }
    if (fromSymtab && importsSource === 'none') {
      importsSource = 'symtab';
      imports = fromSymtab.imports;
    }
  }

  return {
    slice, bits, filetype: FILE_TYPES[filetypeCode] ?? 'other', filetypeCode, flags,
    twoLevelNamespace: (flags & MH_TWOLEVEL) !== 0, weakDefines: (flags & MH_WEAK_DEFINES) !== 0, bindsToWeak: (flags & MH_BINDS_TO_WEAK) !== 0,
    loadCommands, id, dylibs, rpaths, minOs, uuid, importsSource, imports, exportsSource, exports,
  };
}

/** Runs one table's reader; a failure becomes an `unreadable-table` finding and an empty result. */
function guarded<T>(findings: MachoFinding[], table: Extract<MachoFinding, { kind: 'unreadable-table' }>['table'], read: () => T[]): T[] {
  try {
    return read();
  } catch (error) {
    const detail = error instanceof BinaryReadError ? error.detail : error instanceof Error ? error.message : String(error);
    findings.push({ kind: 'unreadable-table', table, message: `the ${table} table could not be read: ${detail}` });
    return [];
  }
}

/** Reads a Mach-O or universal file from a source, touching only the pages its tables use. */
export async function readMachO(source: ByteSource, options: MachoReadOptions = {}): Promise<MachoModule> {
  if (source.size === 0) throw new BinaryReadError('empty', source.path, 'the file is empty');
  return parseWithBytes(source, new ByteView(source.path, source.size), (view) => parseMachO(view, options));
}

/** Reads a Mach-O or universal file from disk. */
export async function readMachOFile(path: string, options: MachoReadOptions = {}): Promise<MachoModule> {
  const source = await openFileSource(path);
  try {
    return await readMachO(source, options);
  } finally {
    await source.close();
  }
}
