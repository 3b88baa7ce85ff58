/**
 * Reads what the Linux dynamic loader needs from an ELF shared object: machine, DT_NEEDED,
 * DT_RPATH / DT_RUNPATH, DT_SONAME, undefined and defined dynamic symbols, and the symbol versions
 * it needs (.gnu.version_r) and defines (.gnu.version_d).
 *
 * Interim reader for the diagnosis until app/binary is merged. 64-bit little-endian only (x86_64,
 * aarch64: what Linux wheels ship); every offset is bounds-checked and every count capped. Layout:
 * System V ABI gABI ("Object Files", "Dynamic Linking") and the LSB "Symbol Versioning" chapter.
 */

export interface ElfInfo {
  readonly machine: string;
  readonly soname: string | null;
  readonly needed: readonly string[];
  readonly rpath: readonly string[];
  readonly runpath: readonly string[];
  /** Undefined, non-weak dynamic symbols this object needs from others. */
  readonly undefinedSymbols: readonly string[];
  readonly definedSymbols: ReadonlySet<string>;
  /** Versions needed, per needed file (soname → version names). */
  readonly versionsNeeded: ReadonlyMap<string, readonly string[]>;
  readonly versionsDefined: ReadonlySet<string>;
}

export class ElfFormatError extends Error {}

const MACHINES: Readonly<Record<number, string>> = { 0x3e: 'x86_64', 0xb7: 'aarch64', 0x03: 'i386', 0x28: 'arm' };
const MAX_ITEMS = 1_000_000;

export function readElf(buf: Buffer): ElfInfo {
  const need = (offset: number, len: number): void => {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + len > buf.length) throw new ElfFormatError(`truncated ELF: needs bytes ${offset}..${offset + len}, file has ${buf.length}`);
  };
  need(0, 64);
  if (buf.readUInt32BE(0) !== 0x7f454c46) throw new ElfFormatError('not an ELF file');
  const machineCode = buf.readUInt16LE(18);
  const machine = MACHINES[machineCode] ?? `unknown(0x${machineCode.toString(16)})`;
  if (buf[4] !== 2 || buf[5] !== 1) throw new ElfFormatError(`only 64-bit little-endian ELF is read (this is ${machine}, class ${buf[4]}, data ${buf[5]})`);
  const u64 = (at: number): number => {
    need(at, 8);
    const v = buf.readBigUInt64LE(at);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfFormatError('offset out of range');
    return Number(v);
  };
  const shoff = u64(40);
  const shentsize = buf.readUInt16LE(58);
  const shnum = buf.readUInt16LE(60);
  if (shentsize < 64 && shnum > 0) throw new ElfFormatError('bad section header size');
  interface Sh { type: number; offset: number; size: number; link: number; info: number; entsize: number }
  const sections: Sh[] = [];
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * shentsize;
    need(at, 64);
    sections.push({ type: buf.readUInt32LE(at + 4), offset: u64(at + 24), size: u64(at + 32), link: buf.readUInt32LE(at + 40), info: buf.readUInt32LE(at + 44), entsize: u64(at + 56) });
  }
  const strAt = (table: Sh | undefined, off: number): string => {
    if (!table) return '';
    const start = table.offset + off;
    need(start, 1);
    const end = buf.indexOf(0, start);
    if (end < 0 || end > table.offset + table.size) throw new ElfFormatError('unterminated string');
    return buf.toString('latin1', start, end);
  };

  const dynsym = sections.find((s) => s.type === 11);
  const dynstr = dynsym ? sections[dynsym.link] : undefined;
  const dynamic = sections.find((s) => s.type === 6);
  const needed: string[] = [];
  let soname: string | null = null;
  let rpath: string[] = [];
  let runpath: string[] = [];
  if (dynamic) {
    const strings = sections[dynamic.link];
    const count = Math.min(Math.floor(dynamic.size / 16), MAX_ITEMS);
    for (let i = 0; i < count; i++) {
      const at = dynamic.offset + i * 16;
      need(at, 16);
      const tag = Number(buf.readBigInt64LE(at));
      if (tag === 0) break;
      const val = u64(at + 8);
      if (tag === 1) needed.push(strAt(strings, val));
      else if (tag === 14) soname = strAt(strings, val);
      else if (tag === 15) rpath = strAt(strings, val).split(':').filter(Boolean);
      else if (tag === 29) runpath = strAt(strings, val).split(':').filter(Boolean);
    }
  }

  const undefinedSymbols: string[] = [];
  const definedSymbols = new Set<string>();
  if (dynsym) {
    const count = Math.min(Math.floor(dynsym.size / 24), MAX_ITEMS);
    for (let i = 1; i < count; i++) {
      const at = dynsym.offset + i * 24;
      need(at, 24);
      const name = strAt(dynstr, buf.readUInt32LE(at));
      if (!name) continue;
      const bind = (buf[at + 4] ?? 0) >> 4;
      const type = (buf[at + 4] ?? 0) & 0xf;
      const shndx = buf.readUInt16LE(at + 6);
      if (shndx === 0) {
        if (bind !== 2) undefinedSymbols.push(name);
      } else if ((bind === 1 || bind === 2) && type !== 3 && type !== 4) definedSymbols.add(name);
    }
  }

  const versionsNeeded = new Map<string, string[]>();
  const verneed = sections.find((s) => s.type === 0x6ffffffe);
  if (verneed) {
    const strings = sections[verneed.link];
    let at = verneed.offset;
    for (let i = 0; i < Math.min(verneed.info, 4096); i++) {
      need(at, 16);
      const cnt = buf.readUInt16LE(at + 2);
      const file = strAt(strings, buf.readUInt32LE(at + 4));
      let aux = at + buf.readUInt32LE(at + 8);
      const names: string[] = [];
      for (let j = 0; j < Math.min(cnt, 4096); j++) {
        need(aux, 16);
        names.push(strAt(strings, buf.readUInt32LE(aux + 8)));
        const next = buf.readUInt32LE(aux + 12);
        if (next === 0) break;
        aux += next;
      }
      versionsNeeded.set(file, [...(versionsNeeded.get(file) ?? []), ...names]);
      const next = buf.readUInt32LE(at + 12);
      if (next === 0) break;
      at += next;
    }
  }
  const versionsDefined = new Set<string>();
  const verdef = sections.find((s) => s.type === 0x6ffffffd);
  if (verdef) {
    const strings = sections[verdef.link];
    let at = verdef.offset;
    for (let i = 0; i < Math.min(verdef.info, 4096); i++) {
      need(at, 20);
      const flags = buf.readUInt16LE(at + 2);
      const aux = at + buf.readUInt32LE(at + 12);
      need(aux, 8);
      // The base definition (VER_FLG_BASE) names the file itself, not a version.
      if ((flags & 1) === 0) versionsDefined.add(strAt(strings, buf.readUInt32LE(aux)));
      const next = buf.readUInt32LE(at + 16);
      if (next === 0) break;
      at += next;
    }
  }
  return { machine, soname, needed, rpath, runpath, undefinedSymbols, definedSymbols, versionsNeeded, versionsDefined };
}
