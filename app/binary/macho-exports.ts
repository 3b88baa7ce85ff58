import { BinaryReadError } from './binary-errors';
import { latin1Text, TableCursor, type SliceBytes } from './macho-bytes';
import { lookupOf, type LibraryNames } from './macho-imports';
import type { MachoExport, MachoExportKind, MachoFinding, MachoImport } from './macho-types';

/**
 * The exported symbols of a Mach-O image: the export trie (LC_DYLD_EXPORTS_TRIE or LC_DYLD_INFO's
 * export_off) as dyld walks it, or, for images without one, the external symbols of LC_SYMTAB.
 *
 * The trie is a tree of nodes in one byte string: a node has terminal information (flags, then an
 * address, a re-export or a stub and resolver) and child edges (a label and a node offset). A
 * hostile trie can point back to a node already walked, or be deep: every node is walked at most
 * once and names are capped, so the work is bounded by the trie's size.
 */

const EXPORT_SYMBOL_FLAGS_KIND_MASK = 0x03;
const EXPORT_SYMBOL_FLAGS_WEAK_DEFINITION = 0x04;
const EXPORT_SYMBOL_FLAGS_REEXPORT = 0x08;
const EXPORT_SYMBOL_FLAGS_STUB_AND_RESOLVER = 0x10;
const KINDS: readonly MachoExportKind[] = ['regular', 'thread-local', 'absolute', 'other'];

/** Real images export at most a few hundred thousand symbols. */
const MAX_EXPORTS = 1_000_000;
/** A symbol name longer than this is not from a real image (dyld's own limit is 32 KB). */
const MAX_NAME = 32 * 1024;
/** All exported names together (a hostile trie can share long prefixes among many nodes). */
const MAX_NAME_BYTES = 64 * 1024 * 1024;
const MAX_SYMBOLS = 4_000_000;

/**
 * Scratch space of the trie walk, kept from one trie to the next (reading is synchronous, one
 * trie at a time): the current name, the names of the exports so far, and the stack of pending
 * nodes. A walk that grew them past KEEP_SCRATCH_BYTES drops them afterwards.
 */
const scratch: { name: Buffer; names: Buffer; stack: Int32Array } = {
  name: Buffer.allocUnsafe(MAX_NAME),
  names: Buffer.allocUnsafe(64 * 1024),
  stack: new Int32Array(4 * 1024),
};
const KEEP_SCRATCH_BYTES = 4 * 1024 * 1024;

/** Per pending node, four stack words: its offset, its parent's name length, its label's start and length. */
const FRAME = 4;
/** The parent's name has a byte above 0x7f (then the name is decoded as UTF-8): a flag in the length word. */
const HIGH = 0x40000000;

/**
 * Walks an export trie depth first (llvm-objdump's order).
 *
 * The walk keeps the current name as bytes in one buffer: a node's children write their labels
 * after its own prefix, which no later sibling overwrites, so no string is built per edge. The
 * names are copied one after the other into a second buffer and decoded together at the end
 * (see nameExports). The stack of pending nodes is one Int32Array.
 */
export function readExportTrie(
  bytes: SliceBytes, range: { offset: number; size: number }, libraries: LibraryNames, findings: MachoFinding[],
): MachoExport[] {
  // An image that exports nothing (a dylib that only re-exports another) has an empty trie.
  if (range.size === 0) return [];
  const cursor = new TableCursor(bytes, range, 'the export trie');
  try {
    return walkTrie(cursor, bytes.path, libraries, findings);
  } finally {
    if (scratch.names.length > KEEP_SCRATCH_BYTES) scratch.names = Buffer.allocUnsafe(64 * 1024);
    if (scratch.stack.byteLength > KEEP_SCRATCH_BYTES) scratch.stack = new Int32Array(4 * 1024);
  }
}

function walkTrie(cursor: TableCursor, path: string, libraries: LibraryNames, findings: MachoFinding[]): MachoExport[] {
  const data = cursor.data;
  const size = data.length;
  let nameBudget = MAX_NAME_BYTES;
  const fail = (detail: string): never => { throw new BinaryReadError('malformed', path, `the export trie: ${detail}`); };
  const exports: MachoExport[] = [];
  // Where each export's name ends in `names`, and the exports whose names are UTF-8.
  const ends: number[] = [];
  const utf8: number[] = [];
  let names = scratch.names;
  let used = 0;
  const visited = new Uint32Array(Math.ceil(size / 32));
  const name = scratch.name;
  let stack = scratch.stack;
  // The root: offset 0, no parent name, no label.
  stack[0] = 0;
  stack[1] = 0;
  stack[2] = 0;
  stack[3] = 0;
  let top = FRAME;
  while (top > 0) {
    top -= FRAME;
    const node = stack[top] as number;
    const parent = stack[top + 1] as number;
    const labelStart = stack[top + 2] as number;
    const labelEnd = labelStart + (stack[top + 3] as number);
    let length = parent & ~HIGH;
    let high = parent & HIGH ? 0x80 : 0;
    for (let k = labelStart; k < labelEnd; k++) {
      const byte = data[k] as number;
      high |= byte;
      name[length++] = byte;
    }
    high &= 0x80;
    if (node >= size) fail(`a child offset ${node} lies past its ${size} bytes`);
    const word = node >>> 5;
    const bit = 1 << (node & 31);
    if ((visited[word] as number) & bit) fail(`node ${node} is reached twice (a loop)`);
    visited[word] = (visited[word] as number) | bit;
    cursor.at = node;
    const terminalSize = cursor.uleb();
    const childrenAt = cursor.at + terminalSize;
    if (childrenAt > size) fail(`node ${node}'s terminal information runs past its end`);
    if (terminalSize > 0) {
      nameBudget -= length;
      if (nameBudget < 0) throw new BinaryReadError('too-large', path, 'the export trie: its names are longer in total than any real image has');
      if (exports.length >= MAX_EXPORTS) {
        findings.push({ kind: 'capped', what: 'exports', limit: MAX_EXPORTS, message: `only the first ${MAX_EXPORTS} exports were read` });
        return nameExports(exports, names, ends, utf8);
      }
      if (used + length > names.length) {
        names = grow(names, used, used + length);
        scratch.names = names;
      }
      for (let k = 0; k < length; k++) names[used + k] = name[k] as number;
      used += length;
      if (high !== 0) utf8.push(ends.length);
      ends.push(used);
      exports.push(terminal(cursor, libraries));
      if (cursor.at > childrenAt) fail(`node ${node}'s terminal information is longer than its stated ${terminalSize} bytes`);
    }
    cursor.at = childrenAt;
    const childCount = cursor.u8();
    if (top + childCount * FRAME > stack.length) {
      const bigger = new Int32Array(Math.max(stack.length * 2, top + childCount * FRAME));
      bigger.set(stack.subarray(0, top));
      stack = bigger;
      scratch.stack = stack;
    }
    // Pushed last child first, so the first child is walked first.
    const parentWord = length | (high ? HIGH : 0);
    let at = top + childCount * FRAME;
    for (let c = 0; c < childCount; c++) {
      const start = cursor.at;
      const end = cursor.stringEnd(MAX_NAME);
      cursor.at = end + 1;
      const child = cursor.uleb();
      if (length + (end - start) > MAX_NAME) fail(`a name is longer than ${MAX_NAME} characters`);
      at -= FRAME;
      stack[at] = child;
      stack[at + 1] = parentWord;
      stack[at + 2] = start;
      stack[at + 3] = end - start;
    }
    top += childCount * FRAME;
  }
  return nameExports(exports, names, ends, utf8);
}

/** A copy of `bytes` (its first `used` bytes kept) with room for at least `needed`. */
function grow(bytes: Buffer, used: number, needed: number): Buffer {
  let size = bytes.length * 2;
  while (needed > size) size *= 2;
  const bigger = Buffer.allocUnsafe(size);
  bytes.copy(bigger, 0, 0, used);
  return bigger;
}

/**
 * Names the exports, made with an empty name in the order their names were copied into `names`
 * (export i's name ends at ends[i]), and returns them. The names are decoded as one Latin-1
 * string and each is cut out of it (as the ELF reader cuts names out of its string tables), since
 * a native decode per name costs more than the name; a name with a byte above 0x7f (listed in
 * `utf8`) is decoded as UTF-8 on its own. A re-export stored without its own import name is
 * imported under the export's name.
 */
function nameExports(exports: MachoExport[], names: Buffer, ends: readonly number[], utf8: readonly number[]): MachoExport[] {
  const named = exports as { name: string; readonly reexport: { importName: string } | null }[];
  const text = latin1Text(names, 0, ends.length > 0 ? (ends[ends.length - 1] as number) : 0);
  let start = 0;
  for (let i = 0; i < named.length; i++) {
    const end = ends[i] as number;
    (named[i] as { name: string }).name = text.slice(start, end);
    start = end;
  }
  for (const i of utf8) (named[i] as { name: string }).name = names.toString('utf8', i === 0 ? 0 : ends[i - 1], ends[i]);
  for (const e of named) if (e.reexport !== null && e.reexport.importName === '') e.reexport.importName = e.name;
  return exports;
}

/** A node's terminal information, as an export still without its name (ExportNames gives it). */
function terminal(cursor: TableCursor, libraries: LibraryNames): MachoExport {
  const name = '';
  const flags = cursor.uleb();
  const kind = KINDS[flags & EXPORT_SYMBOL_FLAGS_KIND_MASK] as MachoExportKind;
  const weakDefinition = (flags & EXPORT_SYMBOL_FLAGS_WEAK_DEFINITION) !== 0;
  if (flags & EXPORT_SYMBOL_FLAGS_REEXPORT) {
    const ordinal = cursor.uleb();
    const importName = cursor.cstring(MAX_NAME);
    return {
      name, kind, flags, weakDefinition, address: null, resolver: null,
      reexport: { libraryOrdinal: ordinal, library: lookupOf(ordinal) === 'dylib' ? libraries(ordinal) : null, importName },
    };
  }
  const address = cursor.uleb();
  const resolver = flags & EXPORT_SYMBOL_FLAGS_STUB_AND_RESOLVER ? cursor.uleb() : null;
  return { name, kind, flags, weakDefinition, address, resolver, reexport: null };
}

/** LC_SYMTAB's fields. */
export interface SymtabCommand {
  readonly symoff: number;
  readonly nsyms: number;
  readonly stroff: number;
  readonly strsize: number;
}

const N_STAB = 0xe0;
const N_PEXT = 0x10;
const N_TYPE = 0x0e;
const N_EXT = 0x01;
const N_UNDF = 0x0;
const N_ABS = 0x2;
const N_INDR = 0xa;
const N_WEAK_REF = 0x40;
const N_WEAK_DEF = 0x80;

/**
 * External symbols of LC_SYMTAB: the defined ones as exports, the undefined ones as imports with
 * the ordinal in n_desc's high byte (0xfe dynamic lookup, 0xff the main executable). Used only for
 * images without an export trie or bind information (object files, very old linkers).
 */
export function readSymtab(
  bytes: SliceBytes, symtab: SymtabCommand, bits: 32 | 64, headerFlags: number, libraries: LibraryNames, findings: MachoFinding[],
): { exports: MachoExport[]; imports: MachoImport[] } {
  const entry = bits === 64 ? 16 : 12;
  let count = symtab.nsyms;
  if (count > MAX_SYMBOLS) {
    findings.push({ kind: 'capped', what: 'symbols', limit: MAX_SYMBOLS, message: `only the first ${MAX_SYMBOLS} symbols were read` });
    count = MAX_SYMBOLS;
  }
  bytes.check(symtab.symoff, count * entry, 'the symbol table');
  bytes.check(symtab.stroff, symtab.strsize, 'the string table');
  bytes.prefetch(symtab.symoff, count * entry);
  const twoLevel = (headerFlags & 0x80) !== 0;
  const exports: MachoExport[] = [];
  const imports: MachoImport[] = [];
  for (let i = 0; i < count; i++) {
    const at = symtab.symoff + i * entry;
    const type = bytes.u8(at + 4);
    if (type & N_STAB || !(type & N_EXT)) continue;
    const strx = bytes.u32(at);
    if (strx >= symtab.strsize) throw new BinaryReadError('malformed', bytes.path, `symbol ${i} names string offset ${strx}, past the ${symtab.strsize}-byte string table`);
    const name = bytes.cstring(symtab.stroff + strx, symtab.stroff + symtab.strsize, MAX_NAME);
    const desc = bytes.u16(at + 6);
    const value = bits === 64 ? bytes.u64(at + 8) : bytes.u32(at + 8);
    const kind = type & N_TYPE;
    if (kind === N_UNDF) {
      if (value !== 0) continue; // a common symbol, defined by the static linker
      const raw = (desc >> 8) & 0xff;
      // Without MH_TWOLEVEL, n_desc holds no ordinal and every import is a flat lookup.
      const ordinal = !twoLevel ? -2 : raw === 0xfe ? -2 : raw === 0xff ? -1 : raw;
      const lookup = lookupOf(ordinal);
      imports.push({
        name, libraryOrdinal: ordinal, lookup, library: lookup === 'dylib' ? libraries(ordinal) : null,
        weakImport: (desc & N_WEAK_REF) !== 0, source: 'symtab', addend: 0,
      });
    } else if (!(type & N_PEXT)) {
      const weak = (desc & N_WEAK_DEF) !== 0;
      exports.push({
        name, kind: kind === N_ABS ? 'absolute' : 'regular', flags: (kind === N_ABS ? 2 : 0) | (weak ? EXPORT_SYMBOL_FLAGS_WEAK_DEFINITION : 0),
        weakDefinition: weak, address: kind === N_INDR ? null : value, reexport: null, resolver: null,
      });
    }
  }
  return { exports, imports };
}
