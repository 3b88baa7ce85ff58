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
 * Walks an export trie depth first (llvm-objdump's order).
 *
 * The walk keeps the current name as bytes in one buffer: a node's children write their labels
 * after its own prefix, which no later sibling overwrites, so no string is built per edge. The
 * names are decoded together at the end (see ExportNames). The stack is kept in number arrays.
 */
export function readExportTrie(
  bytes: SliceBytes, range: { offset: number; size: number }, libraries: LibraryNames, findings: MachoFinding[],
): MachoExport[] {
  // An image that exports nothing (a dylib that only re-exports another) has an empty trie.
  if (range.size === 0) return [];
  const cursor = new TableCursor(bytes, range, 'the export trie');
  const data = cursor.data;
  let nameBudget = MAX_NAME_BYTES;
  const fail = (detail: string): never => { throw new BinaryReadError('malformed', bytes.path, `the export trie: ${detail}`); };
  const exports: MachoExport[] = [];
  const names = new ExportNames();
  const visited = new Uint32Array(Math.ceil(range.size / 32));
  const name = Buffer.allocUnsafe(MAX_NAME);
  // Per pending node: its offset, its parent's name length, where its label lies in the table and
  // how long it is, and whether its parent's name has a byte above 0x7f (then it is decoded as UTF-8).
  const nodes: number[] = [0];
  const parentLengths: number[] = [0];
  const labelStarts: number[] = [0];
  const labelLengths: number[] = [0];
  const parentHigh: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop() as number;
    const labelStart = labelStarts.pop() as number;
    const labelLength = labelLengths.pop() as number;
    let length = parentLengths.pop() as number;
    let high = parentHigh.pop() as number;
    for (let k = 0; k < labelLength; k++) {
      const byte = data[labelStart + k] as number;
      high |= byte;
      name[length++] = byte;
    }
    high &= 0x80;
    if (node >= range.size) fail(`a child offset ${node} lies past its ${range.size} bytes`);
    const word = node >>> 5;
    const bit = 1 << (node & 31);
    if ((visited[word] as number) & bit) fail(`node ${node} is reached twice (a loop)`);
    visited[word] = (visited[word] as number) | bit;
    cursor.at = node;
    const terminalSize = cursor.uleb();
    const childrenAt = cursor.at + terminalSize;
    if (childrenAt > cursor.size) fail(`node ${node}'s terminal information runs past its end`);
    if (terminalSize > 0) {
      nameBudget -= length;
      if (nameBudget < 0) throw new BinaryReadError('too-large', bytes.path, 'the export trie: its names are longer in total than any real image has');
      if (exports.length >= MAX_EXPORTS) {
        findings.push({ kind: 'capped', what: 'exports', limit: MAX_EXPORTS, message: `only the first ${MAX_EXPORTS} exports were read` });
        return names.assign(exports);
      }
      names.add(name, length, high !== 0);
      exports.push(terminal(cursor, libraries));
      if (cursor.at > childrenAt) fail(`node ${node}'s terminal information is longer than its stated ${terminalSize} bytes`);
    }
    cursor.at = childrenAt;
    const childCount = cursor.u8();
    const first = nodes.length;
    for (let c = 0; c < childCount; c++) {
      const start = cursor.at;
      const end = cursor.stringEnd(MAX_NAME);
      cursor.at = end + 1;
      const child = cursor.uleb();
      if (length + (end - start) > MAX_NAME) fail(`a name is longer than ${MAX_NAME} characters`);
      nodes.push(child);
      parentLengths.push(length);
      labelStarts.push(start);
      labelLengths.push(end - start);
      parentHigh.push(high);
    }
    // Reversed so the first child is walked first.
    for (let i = first, j = nodes.length - 1; i < j; i++, j--) {
      swap(nodes, i, j);
      swap(labelStarts, i, j);
      swap(labelLengths, i, j);
    }
  }
  return names.assign(exports);
}

/**
 * The names of one trie's exports, collected as bytes and decoded together: one Latin-1 string
 * for all of them, each name cut out of it (as the ELF reader cuts names out of its string
 * tables), since a native decode per name costs more than the name. A name with a byte above
 * 0x7f is decoded as UTF-8 on its own.
 */
class ExportNames {
  private bytes = Buffer.allocUnsafe(64 * 1024);
  private used = 0;
  private readonly ends: number[] = [];
  private readonly utf8: number[] = [];

  /** Appends the next export's name, the first `length` bytes of `name`. */
  add(name: Uint8Array, length: number, utf8: boolean): void {
    if (this.used + length > this.bytes.length) {
      let size = this.bytes.length * 2;
      while (this.used + length > size) size *= 2;
      const bigger = Buffer.allocUnsafe(size);
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    const bytes = this.bytes;
    const at = this.used;
    for (let k = 0; k < length; k++) bytes[at + k] = name[k] as number;
    this.used = at + length;
    if (utf8) this.utf8.push(this.ends.length);
    this.ends.push(this.used);
  }

  /**
   * Names the exports, made with an empty name in the order their names were added, and returns
   * them. A re-export stored without its own import name is imported under the export's name.
   */
  assign(exports: MachoExport[]): MachoExport[] {
    const named = exports as { name: string; readonly reexport: { importName: string } | null }[];
    const text = latin1Text(this.bytes, 0, this.used);
    let start = 0;
    for (let i = 0; i < named.length; i++) {
      const end = this.ends[i] as number;
      (named[i] as { name: string }).name = text.slice(start, end);
      start = end;
    }
    for (const i of this.utf8) (named[i] as { name: string }).name = this.bytes.toString('utf8', i === 0 ? 0 : this.ends[i - 1], this.ends[i]);
    for (const e of named) if (e.reexport !== null && e.reexport.importName === '') e.reexport.importName = e.name;
    return exports;
  }
}

/** Swaps two entries of an array (siblings share their parent's length and flag: those need no swap). */
function swap(values: number[], i: number, j: number): void {
  const t = values[i] as number;
  values[i] = values[j] as number;
  values[j] = t;
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
