import { inflateSync } from 'node:zlib';
import { BinaryReadError } from './binary-errors';
import { decodeUtf8, TableCursor, type SliceBytes } from './macho-bytes';
import type { MachoFinding, MachoImport, MachoImportSource, MachoLookup } from './macho-types';

/**
 * The imported symbols of a Mach-O image, from LC_DYLD_CHAINED_FIXUPS (macOS 12+ linkers) or the
 * bind opcodes of LC_DYLD_INFO(_ONLY) (older linkers, Go, lld without -fixup_chains).
 *
 * Layouts: <mach-o/fixup-chains.h> (dyld_chained_fixups_header, dyld_chained_import*) and the
 * BIND_OPCODE_* of <mach-o/loader.h>. Only the symbols and their library ordinals are read, not
 * the addresses they are bound at: that is what a load (or a "symbol not found") depends on.
 */

/** The install name of library ordinal N (1-based), or null when out of range. */
export type LibraryNames = (ordinal: number) => string | null;

/** Real images import a few thousand symbols; the largest (libLLVM, Chromium) about 100,000. */
const MAX_IMPORTS = 1_000_000;
/** An uncompressed symbol pool larger than this is not from a real image. */
const MAX_SYMBOL_POOL = 64 * 1024 * 1024;

/** The lookup a library ordinal stands for (BIND_SPECIAL_DYLIB_* are 0, -1, -2, -3). */
export function lookupOf(ordinal: number): MachoLookup {
  if (ordinal > 0) return 'dylib';
  if (ordinal === 0) return 'self';
  if (ordinal === -1) return 'main-executable';
  if (ordinal === -2) return 'flat-lookup';
  return 'weak-lookup';
}

function importOf(name: string, ordinal: number, weakImport: boolean, source: MachoImportSource, addend: number, libraries: LibraryNames): MachoImport {
  const lookup = lookupOf(ordinal);
  return { name, libraryOrdinal: ordinal, lookup, library: lookup === 'dylib' ? libraries(ordinal) : null, weakImport, source, addend };
}

/**
 * The import table of LC_DYLD_CHAINED_FIXUPS: every format (DYLD_CHAINED_IMPORT,
 * DYLD_CHAINED_IMPORT_ADDEND, DYLD_CHAINED_IMPORT_ADDEND64) and both symbol formats (plain,
 * zlib-compressed), in table order (the fixups refer to imports by index).
 */
export function readChainedImports(
  bytes: SliceBytes, range: { offset: number; size: number }, libraries: LibraryNames, findings: MachoFinding[],
): MachoImport[] {
  const table = 'the chained fixups';
  const fail = (detail: string): never => { throw new BinaryReadError('malformed', bytes.path, `${table}: ${detail}`); };
  if (range.size < 28) fail(`the header needs 28 bytes, the command gives ${range.size}`);
  bytes.prefetch(range.offset, range.size);
  const base = range.offset;
  const version = bytes.u32(base);
  const importsOffset = bytes.u32(base + 8);
  const symbolsOffset = bytes.u32(base + 12);
  const count = bytes.u32(base + 16);
  const format = bytes.u32(base + 20);
  const symbolsFormat = bytes.u32(base + 24);
  if (version !== 0) fail(`fixups_version ${version} is unknown (only 0 exists)`);
  const entrySize = format === 1 ? 4 : format === 2 ? 8 : format === 3 ? 16 : fail(`imports_format ${format} is unknown (1, 2 and 3 exist)`);
  if (count > MAX_IMPORTS) fail(`${count} imports is more than any real image has`);
  if (importsOffset + count * entrySize > range.size) fail(`${count} imports at offset ${importsOffset} run past its ${range.size} bytes`);
  if (symbolsOffset > range.size) fail(`the symbols at offset ${symbolsOffset} lie past its ${range.size} bytes`);
  const poolSize = range.size - symbolsOffset;
  let name: (offset: number) => string;
  if (symbolsFormat === 0) {
    name = (offset) => {
      if (offset >= poolSize) fail(`a symbol name offset ${offset} lies past the ${poolSize}-byte symbol pool`);
      return bytes.cstring(base + symbolsOffset + offset, base + range.size);
    };
  } else if (symbolsFormat === 1) {
    const pool = inflatePool(bytes, base + symbolsOffset, poolSize);
    name = (offset) => {
      if (offset >= pool.length) fail(`a symbol name offset ${offset} lies past the ${pool.length}-byte inflated symbol pool`);
      const end = pool.indexOf(0, offset);
      if (end < 0 || end - offset > 4096) fail(`the symbol name at offset ${offset} of the inflated pool has no end`);
      return decodeUtf8(pool.toString('latin1', offset, end));
    };
  } else {
    return fail(`symbols_format ${symbolsFormat} is unknown (0 and 1 exist)`);
  }
  const imports: MachoImport[] = [];
  for (let i = 0; i < count; i++) {
    const at = base + importsOffset + i * entrySize;
    let ordinal: number;
    let weak: boolean;
    let nameOffset: number;
    let addend = 0;
    if (format === 3) {
      const low = bytes.u32(at);
      const raw = low & 0xffff;
      ordinal = raw > 0xfff0 ? raw - 0x10000 : raw;
      weak = (low & 0x10000) !== 0;
      nameOffset = bytes.u32(at + 4);
      addend = bytes.u64(at + 8);
    } else {
      const word = bytes.u32(at);
      const raw = word & 0xff;
      ordinal = raw > 0xf0 ? raw - 0x100 : raw;
      weak = (word & 0x100) !== 0;
      nameOffset = word >>> 9;
      if (format === 2) addend = bytes.u32(at + 4) | 0;
    }
    imports.push(importOf(name(nameOffset), ordinal, weak, 'chained-fixups', addend, libraries));
  }
  if (count === MAX_IMPORTS) findings.push({ kind: 'capped', what: 'chained imports', limit: MAX_IMPORTS, message: `only the first ${MAX_IMPORTS} imports were read` });
  return imports;
}

/** The zlib-compressed symbol pool (symbols_format 1), inflated with a size cap. */
function inflatePool(bytes: SliceBytes, offset: number, size: number): Buffer {
  const packed = bytes.bytes(offset, size);
  try {
    return inflateSync(packed, { maxOutputLength: MAX_SYMBOL_POOL });
  } catch (error) {
    throw new BinaryReadError('malformed', bytes.path, `the compressed symbol pool does not inflate: ${(error as Error).message}`);
  }
}

const BIND = {
  DONE: 0x00, SET_DYLIB_ORDINAL_IMM: 0x10, SET_DYLIB_ORDINAL_ULEB: 0x20, SET_DYLIB_SPECIAL_IMM: 0x30, SET_SYMBOL_TRAILING_FLAGS_IMM: 0x40,
  SET_TYPE_IMM: 0x50, SET_ADDEND_SLEB: 0x60, SET_SEGMENT_AND_OFFSET_ULEB: 0x70, ADD_ADDR_ULEB: 0x80, DO_BIND: 0x90,
  DO_BIND_ADD_ADDR_ULEB: 0xa0, DO_BIND_ADD_ADDR_IMM_SCALED: 0xb0, DO_BIND_ULEB_TIMES_SKIPPING_ULEB: 0xc0, THREADED: 0xd0,
} as const;
const BIND_SYMBOL_FLAGS_WEAK_IMPORT = 0x1;
const BIND_SYMBOL_FLAGS_NON_WEAK_DEFINITION = 0x8;

/**
 * The symbols a bind, weak-bind or lazy-bind opcode stream binds, each distinct
 * (name, ordinal, weak, addend) once.
 *
 * The stream is interpreted without its addresses: each opcode is read once, so a hostile count
 * in DO_BIND_ULEB_TIMES_SKIPPING_ULEB costs nothing. Weak-bind entries have no ordinal (they are
 * coalesced across all images: ordinal -3, weak lookup); a weak-bind entry flagged
 * NON_WEAK_DEFINITION announces a strong definition of this image and is not an import.
 */
export function readBindImports(
  bytes: SliceBytes, range: { offset: number; size: number }, source: 'bind' | 'weak-bind' | 'lazy-bind', libraries: LibraryNames,
): MachoImport[] {
  if (range.size === 0) return [];
  const cursor = new TableCursor(bytes, range, `the ${source} opcodes`);
  // A symbol's first import, compared field by field (most symbols bind one way, from one or more
  // places); the rarer other ways of binding it are kept by a key string, so a hostile stream of
  // one symbol with a million addends stays linear.
  const first = new Map<string, MachoImport>();
  const others = new Set<string>();
  const imports: MachoImport[] = [];
  let ordinal = source === 'weak-bind' ? -3 : 0;
  let symbol: string | null = null;
  let flags = 0;
  let addend = 0;
  // True while nothing changed since the last bind (a symbol bound at many addresses in a row).
  let bound = false;
  const bind = (): void => {
    if (bound) return;
    if (symbol === null) throw new BinaryReadError('malformed', bytes.path, `the ${source} opcodes bind before naming a symbol`);
    bound = true;
    if (source === 'weak-bind' && flags & BIND_SYMBOL_FLAGS_NON_WEAK_DEFINITION) return;
    const weak = (flags & BIND_SYMBOL_FLAGS_WEAK_IMPORT) !== 0;
    const earlier = first.get(symbol);
    if (earlier && earlier.libraryOrdinal === ordinal && earlier.weakImport === weak && earlier.addend === addend) return;
    const key = earlier ? `${ordinal}\0${weak}\0${addend}\0${symbol}` : null;
    if (key !== null && others.has(key)) return;
    if (imports.length >= MAX_IMPORTS) throw new BinaryReadError('too-large', bytes.path, `the ${source} opcodes bind more than ${MAX_IMPORTS} symbols`);
    const entry = importOf(symbol, ordinal, weak, source, addend, libraries);
    if (key === null) first.set(symbol, entry);
    else others.add(key);
    imports.push(entry);
  };
  while (!cursor.done) {
    const byte = cursor.u8();
    const opcode = byte & 0xf0;
    const immediate = byte & 0x0f;
    switch (opcode) {
      case BIND.DONE:
        // The lazy-bind stream is one small program per stub, each ending in DONE.
        if (source !== 'lazy-bind') return imports;
        break;
      case BIND.SET_DYLIB_ORDINAL_IMM: ordinal = immediate; bound = false; break;
      case BIND.SET_DYLIB_ORDINAL_ULEB: ordinal = cursor.uleb(); bound = false; break;
      case BIND.SET_DYLIB_SPECIAL_IMM: ordinal = immediate === 0 ? 0 : (immediate | 0xf0) - 0x100; bound = false; break;
      case BIND.SET_SYMBOL_TRAILING_FLAGS_IMM: flags = immediate; symbol = cursor.cstring(); bound = false; break;
      case BIND.SET_TYPE_IMM: break;
      case BIND.SET_ADDEND_SLEB: addend = cursor.sleb(); bound = false; break;
      case BIND.SET_SEGMENT_AND_OFFSET_ULEB: cursor.uleb(); break;
      case BIND.ADD_ADDR_ULEB: cursor.uleb(); break;
      case BIND.DO_BIND: bind(); break;
      case BIND.DO_BIND_ADD_ADDR_ULEB: bind(); cursor.uleb(); break;
      case BIND.DO_BIND_ADD_ADDR_IMM_SCALED: bind(); break;
      case BIND.DO_BIND_ULEB_TIMES_SKIPPING_ULEB: cursor.uleb(); cursor.uleb(); bind(); break;
      case BIND.THREADED:
        // BIND_SUBOPCODE_THREADED_SET_BIND_ORDINAL_TABLE_SIZE_ULEB (0) takes a count; APPLY (1) none.
        if (immediate === 0) cursor.uleb();
        else if (immediate !== 1) throw new BinaryReadError('malformed', bytes.path, `the ${source} opcodes use unknown threaded sub-opcode ${immediate}`);
        break;
      default:
        throw new BinaryReadError('malformed', bytes.path, `the ${source} opcodes have unknown opcode 0x${byte.toString(16)} at offset ${cursor.at - 1}`);
    }
  }
  return imports;
}
