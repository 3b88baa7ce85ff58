/**
 * Reads what the Windows loader needs from a PE file: machine, imported DLLs with their functions
 * (by name or ordinal), and exported names and ordinals.
 *
 * Interim reader for the offline Windows diagnosis until app/binary (the full PE/ELF engine) is
 * merged; it reads only these tables, bounds-checks every offset and caps every count, so a broken
 * or hostile file yields an error, never a crash or a large allocation. Layout: Microsoft PE Format
 * (https://learn.microsoft.com/en-us/windows/win32/debug/pe-format), sections "Import Directory
 * Table", "Import Lookup Table", "Export Directory Table".
 */

export interface PeImport {
  readonly dll: string;
  readonly names: readonly string[];
  readonly ordinals: readonly number[];
}

export interface PeInfo {
  /** 'x86', 'x64', 'arm64' or 'unknown(0x…)'. */
  readonly machine: string;
  readonly is64: boolean;
  readonly imports: readonly PeImport[];
  readonly exportNames: ReadonlySet<string>;
  readonly exportOrdinals: ReadonlySet<number>;
}

export class PeFormatError extends Error {}

const MACHINES: Readonly<Record<number, string>> = { 0x14c: 'x86', 0x8664: 'x64', 0xaa64: 'arm64', 0x1c4: 'arm' };
const MAX_ENTRIES = 65_536;
const MAX_NAME = 4096;

interface Section {
  va: number;
  size: number;
  raw: number;
  rawSize: number;
}

export function readPe(buf: Buffer): PeInfo {
  const need = (offset: number, len: number): void => {
    if (offset < 0 || offset + len > buf.length) throw new PeFormatError(`truncated PE: needs bytes ${offset}..${offset + len}, file has ${buf.length}`);
  };
  need(0, 64);
  if (buf.toString('latin1', 0, 2) !== 'MZ') throw new PeFormatError('not a PE file (no MZ header)');
  const peOffset = buf.readUInt32LE(0x3c);
  need(peOffset, 24);
  if (buf.toString('latin1', peOffset, peOffset + 4) !== 'PE\0\0') throw new PeFormatError('not a PE file (no PE signature)');
  const coff = peOffset + 4;
  const machineCode = buf.readUInt16LE(coff);
  const sectionCount = buf.readUInt16LE(coff + 2);
  const optSize = buf.readUInt16LE(coff + 16);
  const opt = coff + 20;
  need(opt, 2);
  const magic = buf.readUInt16LE(opt);
  if (magic !== 0x10b && magic !== 0x20b) throw new PeFormatError(`unknown optional header magic 0x${magic.toString(16)}`);
  const is64 = magic === 0x20b;
  const dirCountAt = opt + (is64 ? 108 : 92);
  need(dirCountAt, 4);
  const dirCount = Math.min(16, buf.readUInt32LE(dirCountAt));
  const dir = (i: number): { rva: number; size: number } => {
    if (i >= dirCount) return { rva: 0, size: 0 };
    const at = dirCountAt + 4 + i * 8;
    need(at, 8);
    return { rva: buf.readUInt32LE(at), size: buf.readUInt32LE(at + 4) };
  };
  const sections: Section[] = [];
  const table = opt + optSize;
  for (let i = 0; i < Math.min(sectionCount, 96); i++) {
    const s = table + i * 40;
    need(s, 40);
    sections.push({ size: buf.readUInt32LE(s + 8), va: buf.readUInt32LE(s + 12), rawSize: buf.readUInt32LE(s + 16), raw: buf.readUInt32LE(s + 20) });
  }
  const toOffset = (rva: number): number => {
    for (const s of sections) {
      const span = Math.max(s.size, s.rawSize);
      if (rva >= s.va && rva < s.va + span) {
        const off = s.raw + (rva - s.va);
        if (rva - s.va >= s.rawSize) throw new PeFormatError(`RVA 0x${rva.toString(16)} is not backed by file data`);
        return off;
      }
    }
    throw new PeFormatError(`RVA 0x${rva.toString(16)} is outside every section`);
  };
  const cstring = (rva: number): string => {
    const start = toOffset(rva);
    need(start, 1);
    const end = buf.indexOf(0, start);
    if (end < 0 || end - start > MAX_NAME) throw new PeFormatError('unterminated name');
    return buf.toString('latin1', start, end);
  };

  const imports: PeImport[] = [];
  const importDir = dir(1);
  if (importDir.rva !== 0) {
    for (let i = 0; i < MAX_ENTRIES; i++) {
      const d = toOffset(importDir.rva + i * 20);
      need(d, 20);
      const lookup = buf.readUInt32LE(d) || buf.readUInt32LE(d + 16);
      const nameRva = buf.readUInt32LE(d + 12);
      if (lookup === 0 && nameRva === 0) break;
      const names: string[] = [];
      const ordinals: number[] = [];
      const width = is64 ? 8 : 4;
      for (let j = 0; j < MAX_ENTRIES; j++) {
        const t = toOffset(lookup + j * width);
        need(t, width);
        const value = is64 ? buf.readBigUInt64LE(t) : BigInt(buf.readUInt32LE(t));
        if (value === 0n) break;
        const byOrdinal = is64 ? (value & 0x8000000000000000n) !== 0n : (value & 0x80000000n) !== 0n;
        if (byOrdinal) ordinals.push(Number(value & 0xffffn));
        else names.push(cstring(Number(value & 0x7fffffffn) + 2));
      }
      imports.push({ dll: cstring(nameRva), names, ordinals });
    }
  }

  const exportNames = new Set<string>();
  const exportOrdinals = new Set<number>();
  const exportDir = dir(0);
  if (exportDir.rva !== 0) {
    const e = toOffset(exportDir.rva);
    need(e, 40);
    const base = buf.readUInt32LE(e + 16);
    const functionCount = Math.min(buf.readUInt32LE(e + 20), MAX_ENTRIES);
    const nameCount = Math.min(buf.readUInt32LE(e + 24), MAX_ENTRIES);
    const functions = buf.readUInt32LE(e + 28);
    const namesRva = buf.readUInt32LE(e + 32);
    for (let i = 0; i < functionCount; i++) {
      const at = toOffset(functions + i * 4);
      need(at, 4);
      if (buf.readUInt32LE(at) !== 0) exportOrdinals.add(base + i);
    }
    for (let i = 0; i < nameCount; i++) {
      const at = toOffset(namesRva + i * 4);
      need(at, 4);
      exportNames.add(cstring(buf.readUInt32LE(at)));
    }
  }
  return { machine: MACHINES[machineCode] ?? `unknown(0x${machineCode.toString(16)})`, is64, imports, exportNames, exportOrdinals };
}
