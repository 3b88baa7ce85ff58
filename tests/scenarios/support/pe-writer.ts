/**
 * Writes small but valid PE DLLs (PE32 or PE32+) with chosen imports and exports, for the offline
 * Windows scenarios: a `_imaging.pyd` that imports PySlice_Unpack from python36.dll, a python36.dll
 * that does not export it, a 32-bit helper in a 64-bit environment.
 *
 * One section (.rdata at RVA 0x1000) holds the export directory, the import descriptors, lookup and
 * address tables and the names, laid out as the PE Format specification describes
 * (https://learn.microsoft.com/en-us/windows/win32/debug/pe-format). Exported functions point at a
 * `ret` in a .text section, so the tables are what a real linker would produce for them.
 */

export interface PeSpec {
  readonly machine?: 'x64' | 'x86' | 'arm64';
  /** The DLL's own name in its export directory. */
  readonly name?: string;
  readonly exports?: readonly string[];
  /** DLL name → imported function names (or ordinals as numbers). */
  readonly imports?: Readonly<Record<string, readonly (string | number)[]>>;
}

const MACHINE = { x64: 0x8664, x86: 0x14c, arm64: 0xaa64 } as const;
const FILE_ALIGN = 0x200;
const SECT_ALIGN = 0x1000;
const align = (n: number, a: number): number => Math.ceil(n / a) * a;

class Blob {
  private parts: Buffer[] = [];
  size = 0;
  constructor(readonly rvaBase: number) {}
  add(buf: Buffer, alignment = 1): number {
    const pad = align(this.size, alignment) - this.size;
    if (pad > 0) this.push(Buffer.alloc(pad));
    const at = this.size;
    this.push(buf);
    return this.rvaBase + at;
  }
  private push(buf: Buffer): void {
    this.parts.push(buf);
    this.size += buf.length;
  }
  patch32(rva: number, value: number): void {
    let off = rva - this.rvaBase;
    for (const p of this.parts) {
      if (off < p.length) {
        p.writeUInt32LE(value, off);
        return;
      }
      off -= p.length;
    }
    throw new Error('patch outside blob');
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const cstr = (s: string): Buffer => Buffer.from(`${s}\0`, 'latin1');

export function writePe(spec: PeSpec): Buffer {
  const machine = spec.machine ?? 'x64';
  const is64 = machine !== 'x86';
  const textRva = SECT_ALIGN;
  const rdataRva = SECT_ALIGN * 2;
  const data = new Blob(rdataRva);

  let exportDir = { rva: 0, size: 0 };
  const exports = [...(spec.exports ?? [])].sort();
  if (exports.length > 0 || spec.name) {
    const dirRva = data.add(Buffer.alloc(40), 4);
    const functionsRva = data.add(Buffer.alloc(4 * exports.length), 4);
    const namesRva = data.add(Buffer.alloc(4 * exports.length), 4);
    const ordinals = Buffer.alloc(2 * exports.length);
    exports.forEach((_n, i) => ordinals.writeUInt16LE(i, i * 2));
    const ordinalsRva = data.add(ordinals, 2);
    const dllNameRva = data.add(cstr(spec.name ?? 'module.dll'));
    exports.forEach((n, i) => {
      data.patch32(functionsRva + i * 4, textRva);
      data.patch32(namesRva + i * 4, data.add(cstr(n)));
    });
    const dirBuf = Buffer.alloc(40);
    dirBuf.writeUInt32LE(dllNameRva, 12);
    dirBuf.writeUInt32LE(1, 16);
    dirBuf.writeUInt32LE(exports.length, 20);
    dirBuf.writeUInt32LE(exports.length, 24);
    dirBuf.writeUInt32LE(functionsRva, 28);
    dirBuf.writeUInt32LE(namesRva, 32);
    dirBuf.writeUInt32LE(ordinalsRva, 36);
    for (let i = 0; i < 40; i += 4) data.patch32(dirRva + i, dirBuf.readUInt32LE(i));
    exportDir = { rva: dirRva, size: data.size - (dirRva - rdataRva) };
  }

  let importDir = { rva: 0, size: 0 };
  const dlls = Object.entries(spec.imports ?? {});
  if (dlls.length > 0) {
    const descRva = data.add(Buffer.alloc(20 * (dlls.length + 1)), 4);
    const width = is64 ? 8 : 4;
    dlls.forEach(([dll, funcs], i) => {
      const thunks = Buffer.alloc(width * (funcs.length + 1));
      const iltRva = data.add(thunks, width);
      const iatRva = data.add(Buffer.alloc(width * (funcs.length + 1)), width);
      funcs.forEach((f, j) => {
        let value: bigint;
        if (typeof f === 'number') value = (is64 ? 0x8000000000000000n : 0x80000000n) | BigInt(f);
        else {
          const hint = Buffer.alloc(2);
          value = BigInt(data.add(Buffer.concat([hint, cstr(f)]), 2));
        }
        for (const base of [iltRva, iatRva]) {
          if (is64) {
            data.patch32(base + j * 8, Number(value & 0xffffffffn));
            data.patch32(base + j * 8 + 4, Number(value >> 32n));
          } else data.patch32(base + j * 4, Number(value));
        }
      });
      const nameRva = data.add(cstr(dll));
      data.patch32(descRva + i * 20, iltRva);
      data.patch32(descRva + i * 20 + 12, nameRva);
      data.patch32(descRva + i * 20 + 16, iatRva);
    });
    importDir = { rva: descRva, size: 20 * (dlls.length + 1) };
  }

  const rdata = data.bytes();
  const text = Buffer.from([0xc3]); // ret
  const optSize = is64 ? 240 : 224;
  const headersSize = align(0x80 + 24 + optSize + 2 * 40, FILE_ALIGN);
  const textRaw = headersSize;
  const rdataRaw = textRaw + align(text.length, FILE_ALIGN);
  const file = Buffer.alloc(rdataRaw + align(Math.max(rdata.length, 1), FILE_ALIGN));
  file.write('MZ', 0, 'latin1');
  file.writeUInt32LE(0x80, 0x3c);
  file.write('PE\0\0', 0x80, 'latin1');
  const coff = 0x84;
  file.writeUInt16LE(MACHINE[machine], coff);
  file.writeUInt16LE(2, coff + 2);
  file.writeUInt16LE(optSize, coff + 16);
  file.writeUInt16LE(0x2000 | 0x0002 | (is64 ? 0x0020 : 0x0100), coff + 18);
  const opt = coff + 20;
  file.writeUInt16LE(is64 ? 0x20b : 0x10b, opt);
  file.writeUInt32LE(SECT_ALIGN, opt + 32);
  file.writeUInt32LE(FILE_ALIGN, opt + 36);
  file.writeUInt16LE(6, opt + 40); // major OS version
  file.writeUInt16LE(6, opt + 48); // major subsystem version
  file.writeUInt32LE(rdataRva + align(Math.max(rdata.length, 1), SECT_ALIGN), opt + 56);
  file.writeUInt32LE(headersSize, opt + 60);
  file.writeUInt16LE(3, opt + 68); // console subsystem
  const dirs = opt + (is64 ? 112 : 96);
  file.writeUInt32LE(16, dirs - 4);
  file.writeUInt32LE(exportDir.rva, dirs);
  file.writeUInt32LE(exportDir.size, dirs + 4);
  file.writeUInt32LE(importDir.rva, dirs + 8);
  file.writeUInt32LE(importDir.size, dirs + 12);
  const sect = opt + optSize;
  const section = (at: number, name: string, vsize: number, rva: number, rawSize: number, raw: number, flags: number): void => {
    file.write(name, at, 'latin1');
    file.writeUInt32LE(vsize, at + 8);
    file.writeUInt32LE(rva, at + 12);
    file.writeUInt32LE(rawSize, at + 16);
    file.writeUInt32LE(raw, at + 20);
    file.writeUInt32LE(flags, at + 36);
  };
  section(sect, '.text', text.length, textRva, align(text.length, FILE_ALIGN), textRaw, 0x60000020);
  section(sect + 40, '.rdata', rdata.length, rdataRva, align(Math.max(rdata.length, 1), FILE_ALIGN), rdataRaw, 0x40000040);
  text.copy(file, textRaw);
  rdata.copy(file, rdataRaw);
  return file;
}
