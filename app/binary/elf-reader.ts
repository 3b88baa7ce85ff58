import { BinaryReadError } from './binary-errors';
import type { ByteView } from './byte-source';
import type { ElfModule, ElfSymbol, ElfVersionNeed } from './module-types';

/**
 * ELF reader for what the dynamic linker needs: class and machine, DT_NEEDED, DT_SONAME,
 * DT_RPATH/DT_RUNPATH, dynamic symbols and their versions (DT_VERSYM, DT_VERNEED, DT_VERDEF).
 *
 * Layouts: the System V gABI (https://refspecs.linuxfoundation.org/elf/gabi4+/ch4.intro.html) and
 * the LSB symbol-versioning chapter
 * (https://refspecs.linuxfoundation.org/LSB_5.0.0/LSB-Core-generic/LSB-Core-generic/symversion.html).
 * Tables are found through the section headers, as `readelf --dyn-syms -V` does, or, when a file
 * has none, through PT_DYNAMIC, as ld.so does.
 */

const LIMITS = { sections: 65535, symbols: 2_000_000, dynamicEntries: 65536, versionEntries: 65536 };

const MACHINES: Record<number, string> = {
  3: 'x86', 62: 'x86-64', 183: 'aarch64', 40: 'arm', 8: 'mips', 20: 'ppc', 21: 'ppc64', 22: 's390x', 243: 'riscv', 258: 'loongarch',
};

const SHT_DYNAMIC = 6;
const SHT_DYNSYM = 11;
const SHT_GNU_VERDEF = 0x6ffffffd;
const SHT_GNU_VERNEED = 0x6ffffffe;
const SHT_GNU_VERSYM = 0x6fffffff;
const SHT_NOTE = 7;
const NT_GNU_PROPERTY_TYPE_0 = 5;
/** binutils include/elf/common.h: GNU_PROPERTY_X86_UINT32_OR_LO + 2, the ISA levels the object needs. */
const GNU_PROPERTY_X86_ISA_1_NEEDED = 0xc0008002;
const X86_ISA_LEVELS = ['x86-64-baseline', 'x86-64-v2', 'x86-64-v3', 'x86-64-v4'] as const;

interface ElfSection {
  readonly type: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly entsize: number;
}

function fail(view: ByteView, detail: string): never {
  throw new BinaryReadError('malformed', view.path, detail);
}

const DT = {
  HASH: 4, STRTAB: 5, SYMTAB: 6, STRSZ: 10, GNU_HASH: 0x6ffffef5, VERSYM: 0x6ffffff0,
  VERDEF: 0x6ffffffc, VERDEFNUM: 0x6ffffffd, VERNEED: 0x6ffffffe, VERNEEDNUM: 0x6fffffff,
} as const;

/**
 * Builds stand-in section records from the program headers: PT_DYNAMIC and the tables its
 * entries point to (addresses mapped to file offsets through the PT_LOAD segments). The dynamic
 * string table is record 0, so every `link` of 0 names it. The symbol count comes from DT_HASH, or
 * from walking the DT_GNU_HASH chains as ld.so does.
 */
function sectionsFromDynamicSegment(view: ByteView, is64: boolean): ElfSection[] {
  const phoff = is64 ? view.u64(0x20) : view.u32(0x1c);
  const phentsize = view.u16(is64 ? 0x36 : 0x2a);
  const phnum = view.u16(is64 ? 0x38 : 0x2c);
  if (phoff === 0 || phnum === 0) return [];
  if (phentsize < (is64 ? 56 : 32)) fail(view, `program header entry size ${phentsize} is too small`);
  view.check(phoff, phnum * phentsize, 'the program header table');
  const loads: { offset: number; vaddr: number; filesz: number }[] = [];
  let dynamic: { offset: number; filesz: number } | null = null;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    const type = view.u32(at);
    const offset = is64 ? view.u64(at + 8) : view.u32(at + 4);
    const vaddr = is64 ? view.u64(at + 16) : view.u32(at + 8);
    const filesz = is64 ? view.u64(at + 32) : view.u32(at + 16);
    if (type === 1) loads.push({ offset, vaddr, filesz });
    else if (type === 2) dynamic = { offset, filesz };
  }
  if (!dynamic) return [];
  view.check(dynamic.offset, dynamic.filesz, 'the dynamic segment');
  const toOffset = (address: number): number => {
    const load = loads.find((l) => address >= l.vaddr && address < l.vaddr + l.filesz);
    return load ? load.offset + (address - load.vaddr) : -1;
  };
  const tags = new Map<number, number>();
  const entry = is64 ? 16 : 8;
  for (let i = 0; i < Math.min(Math.floor(dynamic.filesz / entry), LIMITS.dynamicEntries); i++) {
    const at = dynamic.offset + i * entry;
    const tag = is64 ? view.u64(at) : view.u32(at);
    if (tag === 0) break;
    if (!tags.has(tag)) tags.set(tag, is64 ? view.u64(at + 8) : view.u32(at + 4));
  }
  const where = (tag: number): number => (tags.has(tag) ? toOffset(tags.get(tag) as number) : -1);
  const rest = (offset: number): number => Math.max(0, view.size - offset);
  const strtab = where(DT.STRTAB);
  const records: ElfSection[] = [
    { type: 3, offset: Math.max(0, strtab), size: strtab < 0 ? 0 : Math.min(tags.get(DT.STRSZ) ?? 0, rest(strtab)), link: 0, info: 0, entsize: 0 },
    { type: SHT_DYNAMIC, offset: dynamic.offset, size: dynamic.filesz, link: 0, info: 0, entsize: entry },
  ];
  const symtab = where(DT.SYMTAB);
  let count = 0;
  const hash = where(DT.HASH);
  const gnuHash = where(DT.GNU_HASH);
  if (hash >= 0) count = view.u32(hash + 4);
  else if (gnuHash >= 0) {
    const buckets = view.u32(gnuHash);
    const symoffset = view.u32(gnuHash + 4);
    const bloom = view.u32(gnuHash + 8);
    if (buckets > LIMITS.symbols || bloom > LIMITS.symbols) fail(view, 'the GNU hash table is larger than any real module has');
    const bucketsAt = gnuHash + 16 + bloom * (is64 ? 8 : 4);
    let last = 0;
    for (let i = 0; i < buckets; i++) last = Math.max(last, view.u32(bucketsAt + i * 4));
    count = symoffset;
    if (last >= symoffset) {
      const chain = bucketsAt + buckets * 4;
      for (count = last; count < LIMITS.symbols; count++) {
        if ((view.u32(chain + (count - symoffset) * 4) & 1) !== 0) break;
      }
      count++;
    }
  }
  const symSize = is64 ? 24 : 16;
  if (symtab >= 0 && count > 0) {
    if (count > LIMITS.symbols) throw new BinaryReadError('too-large', view.path, `${count} dynamic symbols`);
    records.push({ type: SHT_DYNSYM, offset: symtab, size: count * symSize, link: 0, info: 0, entsize: symSize });
    const versym = where(DT.VERSYM);
    if (versym >= 0) records.push({ type: SHT_GNU_VERSYM, offset: versym, size: count * 2, link: 0, info: 0, entsize: 2 });
  }
  const verdef = where(DT.VERDEF);
  if (verdef >= 0) records.push({ type: SHT_GNU_VERDEF, offset: verdef, size: rest(verdef), link: 0, info: tags.get(DT.VERDEFNUM) ?? 0, entsize: 0 });
  const verneed = where(DT.VERNEED);
  if (verneed >= 0) records.push({ type: SHT_GNU_VERNEED, offset: verneed, size: rest(verneed), link: 0, info: tags.get(DT.VERNEEDNUM) ?? 0, entsize: 0 });
  return records;
}

/** Parses an ELF file whose bytes are reachable through `view` (see parseWithBytes). */
/**
 * The x86 ISA levels `.note.gnu.property` says the object needs (GNU_PROPERTY_X86_ISA_1_NEEDED,
 * written by `ld -z x86-64-v3` and by GCC's -march=x86-64-vN), read from the SHT_NOTE sections. The
 * layout is the "Linux Extensions to gABI" (https://github.com/hjl-tools/linux-abi) NT_GNU_PROPERTY_TYPE_0
 * note; glibc refuses such an object on an older CPU ("CPU ISA level is lower than required").
 */
function isaNeeded(view: ByteView, sections: readonly ElfSection[], is64: boolean): string[] {
  const align = is64 ? 8 : 4;
  const pad = (n: number, a: number): number => Math.ceil(n / a) * a;
  const out = new Set<string>();
  for (const note of sections.filter((s) => s.type === SHT_NOTE).slice(0, 64)) {
    if (note.offset + note.size > view.size) continue;
    let at = note.offset;
    const end = note.offset + note.size;
    while (at + 12 <= end) {
      const nameSize = view.u32(at);
      const descSize = view.u32(at + 4);
      const type = view.u32(at + 8);
      const nameAt = at + 12;
      const descAt = nameAt + pad(nameSize, 4);
      if (descAt + descSize > end) break;
      if (type === NT_GNU_PROPERTY_TYPE_0 && nameSize === 4 && view.cstring(nameAt, 4) === 'GNU') {
        let p = descAt;
        while (p + 8 <= descAt + descSize) {
          const prType = view.u32(p);
          const prSize = view.u32(p + 4);
          if (prType === GNU_PROPERTY_X86_ISA_1_NEEDED && prSize >= 4) {
            const bits = view.u32(p + 8);
            X86_ISA_LEVELS.forEach((level, i) => {
              if ((bits & (1 << i)) !== 0) out.add(level);
            });
          }
          p += 8 + pad(prSize, align);
        }
      }
      at = descAt + pad(descSize, type === NT_GNU_PROPERTY_TYPE_0 ? align : 4);
    }
  }
  return [...out];
}

/** Longest name read (a longer one is malformed: see ByteView.cstring). */
const MAX_NAME = 4096;
/** String tables up to this size are decoded as one string (real .dynstr: a few MB at most). */
const MAX_TABLE_TEXT = 16 * 1024 * 1024;

/** A string table decoded once as Latin-1 text; names are cut out of it. */
interface StringTableText {
  readonly text: string;
  /** True when every byte is ASCII (then no name needs UTF-8 decoding). */
  readonly ascii: boolean;
}

/** The whole table as text, or null when it is too large, outside the file, or not loaded yet. */
function stringTableText(view: ByteView, table: ElfSection): StringTableText | null {
  if (table.size === 0 || table.size > MAX_TABLE_TEXT || table.offset + table.size > view.size) return null;
  const text = view.latin1(table.offset, table.size);
  // eslint-disable-next-line no-control-regex
  return text === null ? null : { text, ascii: !/[^\x00-\x7f]/.test(text) };
}

/**
 * The NUL-terminated name at `index`, cut out of the decoded table; null when it does not end
 * inside the table or is too long (ByteView.utf8string then reads it, with its errors).
 */
function nameFromTable(view: ByteView, table: StringTableText, index: number): string | null {
  const nul = table.text.indexOf('\0', index);
  if (nul < 0 || nul - index >= MAX_NAME) return null;
  // The same budget as ByteView.cstring: a hostile table cannot make every symbol scan far.
  view.stringBudget -= nul - index + 1;
  if (view.stringBudget < 0) throw new BinaryReadError('too-large', view.path, 'the string tables are larger than any real module has');
  const name = table.text.slice(index, nul);
  // eslint-disable-next-line no-control-regex
  return table.ascii || !/[^\x00-\x7f]/.test(name) ? name : Buffer.from(name, 'latin1').toString('utf8');
}

export function parseElf(view: ByteView): ElfModule {
  if (view.size < 52) throw new BinaryReadError('truncated', view.path, 'the ELF header is incomplete');
  const cls = view.u8(4);
  const data = view.u8(5);
  if (cls !== 1 && cls !== 2) fail(view, `unknown ELF class ${cls}`);
  if (data !== 1 && data !== 2) fail(view, `unknown ELF data encoding ${data}`);
  view.littleEndian = data === 1;
  const is64 = cls === 2;
  if (is64 && view.size < 64) throw new BinaryReadError('truncated', view.path, 'the ELF header is incomplete');
  const word = (at: number): number => (is64 ? view.u64(at) : view.u32(at));
  const eType = view.u16(16);
  const machineCode = view.u16(18);
  const shoff = is64 ? view.u64(0x28) : view.u32(0x20);
  const shentsize = view.u16(is64 ? 0x3a : 0x2e);
  let shnum = view.u16(is64 ? 0x3c : 0x30);
  const sections: ElfSection[] = [];
  if (shoff !== 0) {
    if (shentsize < (is64 ? 64 : 40)) fail(view, `section header entry size ${shentsize} is too small`);
    // shnum 0 with sections present: the real count is in section 0's sh_size.
    if (shnum === 0) shnum = Math.min(word(shoff + (is64 ? 32 : 20)), LIMITS.sections);
    if (shnum > LIMITS.sections) fail(view, `${shnum} section headers`);
    view.check(shoff, shnum * shentsize, 'the section header table');
    for (let i = 0; i < shnum; i++) {
      const at = shoff + i * shentsize;
      sections.push(is64
        ? { type: view.u32(at + 4), offset: view.u64(at + 24), size: view.u64(at + 32), link: view.u32(at + 40), info: view.u32(at + 44), entsize: view.u64(at + 56) }
        : { type: view.u32(at + 4), offset: view.u32(at + 16), size: view.u32(at + 20), link: view.u32(at + 24), info: view.u32(at + 28), entsize: view.u32(at + 36) });
    }
  }
  if (!sections.some((s) => s.type === SHT_DYNAMIC)) {
    // No section headers (stripped with sstrip, or hostile): read what ld.so reads, via PT_DYNAMIC.
    sections.splice(0, sections.length, ...sectionsFromDynamicSegment(view, is64));
  }
  const find = (type: number): ElfSection | undefined => sections.find((s) => s.type === type);
  const texts = new Map<ElfSection, StringTableText | null>();
  const stringAt = (table: ElfSection | undefined, index: number): string => {
    if (!table) fail(view, 'a string table is missing');
    if (index >= table.size) fail(view, `string index ${index} is outside its table`);
    let text = texts.get(table);
    if (text === undefined) {
      text = stringTableText(view, table);
      // Not kept while its pages are missing: this run is provisional, the next one decodes it.
      if (text !== null) texts.set(table, text);
    }
    return (text && nameFromTable(view, text, index)) ?? view.utf8string(table.offset + index, MAX_NAME);
  };
  const checked = (s: ElfSection, what: string): ElfSection => {
    view.check(s.offset, s.size, what);
    return s;
  };

  const needed: string[] = [];
  let soname: string | null = null;
  const rpath: string[] = [];
  const runpath: string[] = [];
  let hasRunpath = false;
  const dynamic = find(SHT_DYNAMIC);
  if (dynamic) {
    checked(dynamic, 'the dynamic section');
    const strtab = sections[dynamic.link];
    const entry = is64 ? 16 : 8;
    const count = Math.min(Math.floor(dynamic.size / entry), LIMITS.dynamicEntries);
    for (let i = 0; i < count; i++) {
      const at = dynamic.offset + i * entry;
      const tag = word(at);
      const value = word(at + (is64 ? 8 : 4));
      if (tag === 0) break;
      if (tag === 1) needed.push(stringAt(strtab, value));
      else if (tag === 14) soname = stringAt(strtab, value);
      else if (tag === 15) rpath.push(...stringAt(strtab, value).split(':').filter(Boolean));
      else if (tag === 29) {
        hasRunpath = true;
        runpath.push(...stringAt(strtab, value).split(':').filter(Boolean));
      }
    }
  }

  // Version definitions and needs, by index, to name each symbol's version.
  const versionNames = new Map<number, string>();
  const versionDefinitions: string[] = [];
  const verdef = find(SHT_GNU_VERDEF);
  if (verdef) {
    checked(verdef, 'the version definition section');
    const strtab = sections[verdef.link];
    let at = verdef.offset;
    for (let i = 0; i < Math.min(verdef.info, LIMITS.versionEntries); i++) {
      const flags = view.u16(at + 2);
      const index = view.u16(at + 4);
      const auxCount = view.u16(at + 6);
      const aux = view.u32(at + 12);
      const next = view.u32(at + 16);
      if (auxCount > 0) {
        const name = stringAt(strtab, view.u32(at + aux));
        versionNames.set(index & 0x7fff, name);
        if ((flags & 1) === 0) versionDefinitions.push(name);
      }
      if (next === 0) break;
      at += next;
      if (at >= verdef.offset + verdef.size) fail(view, 'a version definition points outside its section');
    }
  }
  const versionNeeds: ElfVersionNeed[] = [];
  const verneed = find(SHT_GNU_VERNEED);
  if (verneed) {
    checked(verneed, 'the version needs section');
    const strtab = sections[verneed.link];
    let at = verneed.offset;
    let auxBudget = LIMITS.versionEntries;
    for (let i = 0; i < Math.min(verneed.info, LIMITS.versionEntries); i++) {
      const auxCount = view.u16(at + 2);
      const file = stringAt(strtab, view.u32(at + 4));
      const versions: string[] = [];
      let auxAt = at + view.u32(at + 8);
      for (let j = 0; j < auxCount; j++) {
        if (auxBudget-- <= 0) fail(view, 'the version needs section has more entries than any real module');
        const other = view.u16(auxAt + 6);
        const name = stringAt(strtab, view.u32(auxAt + 8));
        versionNames.set(other & 0x7fff, name);
        versions.push(name);
        const nextAux = view.u32(auxAt + 12);
        if (nextAux === 0) break;
        auxAt += nextAux;
        if (auxAt >= verneed.offset + verneed.size) fail(view, 'a version need points outside its section');
      }
      versionNeeds.push({ file, versions });
      const next = view.u32(at + 12);
      if (next === 0) break;
      at += next;
      if (at >= verneed.offset + verneed.size) fail(view, 'a version need points outside its section');
    }
  }

  const defined: ElfSymbol[] = [];
  const undefinedSymbols: ElfSymbol[] = [];
  const dynsym = find(SHT_DYNSYM);
  if (dynsym) {
    checked(dynsym, 'the dynamic symbol table');
    const entry = is64 ? 24 : 16;
    const count = Math.floor(dynsym.size / entry);
    if (count > LIMITS.symbols) throw new BinaryReadError('too-large', view.path, `${count} dynamic symbols`);
    const strtab = sections[dynsym.link];
    const versym = find(SHT_GNU_VERSYM);
    if (versym) checked(versym, 'the symbol version table');
    for (let i = 1; i < count; i++) {
      const at = dynsym.offset + i * entry;
      const nameIndex = view.u32(at);
      const info = view.u8(at + (is64 ? 4 : 12));
      const shndx = view.u16(at + (is64 ? 6 : 14));
      const bind = info >> 4;
      if (bind !== 1 && bind !== 2 && bind !== 10) continue;
      if (nameIndex === 0) continue;
      const name = stringAt(strtab, nameIndex);
      let version: string | null = null;
      let hidden = false;
      if (versym && versym.offset + i * 2 + 2 <= versym.offset + versym.size) {
        const v = view.u16(versym.offset + i * 2);
        hidden = (v & 0x8000) !== 0;
        const index = v & 0x7fff;
        if (index > 1) version = versionNames.get(index) ?? null;
      }
      const symbol: ElfSymbol = { name, version, hidden, weak: bind === 2 };
      if (shndx === 0) undefinedSymbols.push(symbol);
      else defined.push(symbol);
    }
  }

  return {
    format: 'elf',
    path: view.path,
    x86IsaNeeded: isaNeeded(view, sections, is64),
    fileSize: view.size,
    elfClass: is64 ? 64 : 32,
    littleEndian: view.littleEndian,
    machineCode,
    machine: MACHINES[machineCode] ?? `machine-${machineCode}`,
    type: eType === 3 ? 'shared-object' : eType === 2 ? 'executable' : eType === 1 ? 'relocatable' : eType === 4 ? 'core' : 'other',
    soname,
    needed,
    rpath,
    runpath,
    hasRunpath,
    defined,
    undefined: undefinedSymbols,
    versionDefinitions,
    versionNeeds,
  };
}
