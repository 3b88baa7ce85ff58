/**
 * Writes small but valid PE images (one .rdata section) with chosen imports, delay-load imports,
 * exports (names, ordinals, forwarders) and an embedded manifest, for loader tests.
 *
 * Layout per the PE format specification (https://learn.microsoft.com/en-us/windows/win32/debug/pe-format).
 * tests/binary/pe-writer.test.ts checks its output with pefile, an independent reader.
 */
export type PeWriterMachine = 'x64' | 'x86' | 'arm64';

export interface PeSpec {
  readonly machine?: PeWriterMachine;
  readonly dll?: boolean;
  readonly exportName?: string;
  /** Exports; ordinals default to 1, 2, 3 … in order. */
  readonly exports?: readonly { readonly name?: string; readonly ordinal?: number; readonly forwarder?: string }[];
  /** Imports: symbol names, or numbers for import by ordinal. */
  readonly imports?: readonly { readonly dll: string; readonly symbols: readonly (string | number)[] }[];
  readonly delayImports?: readonly { readonly dll: string; readonly symbols: readonly (string | number)[] }[];
  readonly manifest?: string;
  /** Writes a load configuration with a CHPE metadata pointer: ARM64X (machine arm64) or ARM64EC (machine x64) code. */
  readonly hybridMetadata?: boolean;
  /** MajorLinkerVersion, MinorLinkerVersion of the optional header (14.29: Visual Studio 2019 16.11); 0.0 when absent. */
  readonly linkerVersion?: readonly [number, number];
  /** RT_MANIFEST resource ID; by default 2 for a DLL, 1 for an EXE (the IDs the loader applies). */
  readonly manifestId?: number;
  /** 'reversed': the export name strings are written last name first (linkers write them in table order). */
  readonly exportNameOrder?: 'table' | 'reversed';
}

const MACHINE_CODES: Record<PeWriterMachine, number> = { x64: 0x8664, x86: 0x14c, arm64: 0xaa64 };
const SECTION_RVA = 0x1000;
const HEADERS_SIZE = 0x400;

class SectionBuilder {
  bytes = new Uint8Array(0x10000);
  view = new DataView(this.bytes.buffer);
  used = 0;

  alloc(size: number, align = 4): number {
    this.used = Math.ceil(this.used / align) * align;
    const at = this.used;
    this.used += size;
    if (this.used > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.used + 0x1000));
      bigger.set(this.bytes);
      this.bytes = bigger;
      this.view = new DataView(bigger.buffer);
    }
    return at;
  }

  rva(offset: number): number {
    return SECTION_RVA + offset;
  }

  string(text: string, align = 1): number {
    const encoded = new TextEncoder().encode(text);
    const at = this.alloc(encoded.length + 1, align);
    this.bytes.set(encoded, at);
    return at;
  }

  u16(at: number, v: number): void {
    this.view.setUint16(at, v, true);
  }

  u32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, true);
  }

  thunk(at: number, pe32Plus: boolean, value: number, ordinal: boolean): void {
    if (pe32Plus) {
      this.u32(at, value);
      this.u32(at + 4, ordinal ? 0x80000000 : 0);
    } else {
      this.u32(at, ordinal ? (0x80000000 | value) >>> 0 : value);
    }
  }
}

function writeThunkTable(s: SectionBuilder, pe32Plus: boolean, symbols: readonly (string | number)[]): number {
  const width = pe32Plus ? 8 : 4;
  const table = s.alloc((symbols.length + 1) * width, 8);
  symbols.forEach((sym, i) => {
    if (typeof sym === 'number') {
      s.thunk(table + i * width, pe32Plus, sym, true);
    } else {
      const hint = s.alloc(2 + sym.length + 1, 2);
      s.u16(hint, i);
      s.bytes.set(new TextEncoder().encode(sym), hint + 2);
      s.thunk(table + i * width, pe32Plus, s.rva(hint), false);
    }
  });
  return table;
}

/** Builds the PE image described by `spec`. */
export function writePe(spec: PeSpec): Uint8Array {
  const machine = spec.machine ?? 'x64';
  const pe32Plus = machine !== 'x86';
  const s = new SectionBuilder();
  const directories = new Map<number, { rva: number; size: number }>();
  const code = s.alloc(16, 16);
  s.bytes[code] = 0xc3; // ret

  if (spec.exports && spec.exports.length > 0) {
    const exports = spec.exports.map((e, i) => ({ ...e, ordinal: e.ordinal ?? i + 1 }));
    const base = Math.min(...exports.map((e) => e.ordinal));
    const count = Math.max(...exports.map((e) => e.ordinal)) - base + 1;
    const named = exports.filter((e) => e.name !== undefined).sort((a, b) => ((a.name ?? '') < (b.name ?? '') ? -1 : 1));
    const start = s.alloc(40, 4);
    const functions = s.alloc(count * 4, 4);
    const names = s.alloc(named.length * 4, 4);
    const ordinals = s.alloc(named.length * 2, 2);
    const ownName = s.string(spec.exportName ?? 'test.dll');
    for (const e of exports) {
      const rva = e.forwarder ? s.rva(s.string(e.forwarder)) : s.rva(code);
      s.u32(functions + (e.ordinal - base) * 4, rva);
    }
    const order = [...named.keys()];
    if (spec.exportNameOrder === 'reversed') order.reverse();
    const stringAt = new Map(order.map((i) => [i, s.string(named[i]?.name ?? '')]));
    named.forEach((e, i) => {
      s.u32(names + i * 4, s.rva(stringAt.get(i) as number));
      s.u16(ordinals + i * 2, e.ordinal - base);
    });
    s.u32(start + 12, s.rva(ownName));
    s.u32(start + 16, base);
    s.u32(start + 20, count);
    s.u32(start + 24, named.length);
    s.u32(start + 28, s.rva(functions));
    s.u32(start + 32, s.rva(names));
    s.u32(start + 36, s.rva(ordinals));
    directories.set(0, { rva: s.rva(start), size: s.used - start });
  }

  if (spec.imports && spec.imports.length > 0) {
    const descriptors = s.alloc((spec.imports.length + 1) * 20, 4);
    spec.imports.forEach((imp, i) => {
      const lookup = writeThunkTable(s, pe32Plus, imp.symbols);
      const iat = writeThunkTable(s, pe32Plus, imp.symbols);
      const name = s.string(imp.dll);
      const d = descriptors + i * 20;
      s.u32(d, s.rva(lookup));
      s.u32(d + 12, s.rva(name));
      s.u32(d + 16, s.rva(iat));
    });
    directories.set(1, { rva: s.rva(descriptors), size: (spec.imports.length + 1) * 20 });
  }

  if (spec.delayImports && spec.delayImports.length > 0) {
    const descriptors = s.alloc((spec.delayImports.length + 1) * 32, 4);
    spec.delayImports.forEach((imp, i) => {
      const names = writeThunkTable(s, pe32Plus, imp.symbols);
      const iat = writeThunkTable(s, pe32Plus, imp.symbols);
      const handle = s.alloc(8, 8);
      const name = s.string(imp.dll);
      const d = descriptors + i * 32;
      s.u32(d, 1);
      s.u32(d + 4, s.rva(name));
      s.u32(d + 8, s.rva(handle));
      s.u32(d + 12, s.rva(iat));
      s.u32(d + 16, s.rva(names));
    });
    directories.set(13, { rva: s.rva(descriptors), size: (spec.delayImports.length + 1) * 32 });
  }

  if (spec.hybridMetadata && pe32Plus) {
    const config = s.alloc(0x140, 8);
    s.u32(config, 0x140);
    const metadata = s.alloc(16, 8);
    // CHPEMetadataPointer (a virtual address) at offset 0xC8 of IMAGE_LOAD_CONFIG_DIRECTORY64.
    s.u32(config + 0xc8, 0x80000000 + s.rva(metadata));
    s.u32(config + 0xcc, 0x1);
    directories.set(10, { rva: s.rva(config), size: 0x140 });
  }

  if (spec.manifest !== undefined) {
    const text = new TextEncoder().encode(spec.manifest);
    const root = s.alloc(16 + 8 + 16 + 8 + 16 + 8 + 16, 4);
    const dir = (at: number, id: number, target: number, isDir: boolean): void => {
      s.u16(at + 14, 1);
      s.u32(at + 16, id);
      s.u32(at + 20, (target - root) | (isDir ? 0x80000000 : 0));
    };
    const typeDir = root;
    const nameDir = root + 24;
    const langDir = root + 48;
    const entry = root + 72;
    dir(typeDir, 24, nameDir, true);
    dir(nameDir, spec.manifestId ?? ((spec.dll ?? true) ? 2 : 1), langDir, true);
    dir(langDir, 1033, entry, false);
    const data = s.alloc(text.length, 4);
    s.bytes.set(text, data);
    s.u32(entry, s.rva(data));
    s.u32(entry + 4, text.length);
    directories.set(2, { rva: s.rva(root), size: s.used - root });
  }

  const rawSize = Math.ceil(s.used / 0x200) * 0x200;
  const image = new Uint8Array(HEADERS_SIZE + rawSize);
  const v = new DataView(image.buffer);
  image.set([0x4d, 0x5a]);
  v.setUint32(0x3c, 0x40, true);
  v.setUint32(0x40, 0x00004550, true);
  const fh = 0x44;
  const optionalSize = pe32Plus ? 240 : 224;
  v.setUint16(fh, MACHINE_CODES[machine], true);
  v.setUint16(fh + 2, 1, true);
  v.setUint16(fh + 16, optionalSize, true);
  v.setUint16(fh + 18, (spec.dll ?? true) ? 0x2022 : 0x0022, true);
  const oh = fh + 20;
  v.setUint16(oh, pe32Plus ? 0x20b : 0x10b, true);
  v.setUint8(oh + 2, spec.linkerVersion?.[0] ?? 0);
  v.setUint8(oh + 3, spec.linkerVersion?.[1] ?? 0);
  if (pe32Plus) v.setBigUint64(oh + 24, 0x180000000n, true);
  else v.setUint32(oh + 28, 0x10000000, true);
  v.setUint32(oh + 32, 0x1000, true);
  v.setUint32(oh + 36, 0x200, true);
  v.setUint16(oh + 40, 6, true);
  v.setUint16(oh + 48, 6, true);
  v.setUint32(oh + 56, SECTION_RVA + Math.ceil(s.used / 0x1000) * 0x1000, true);
  v.setUint32(oh + 60, HEADERS_SIZE, true);
  v.setUint16(oh + 68, 3, true);
  const dirBase = oh + (pe32Plus ? 112 : 96);
  v.setUint32(oh + (pe32Plus ? 108 : 92), 16, true);
  for (const [index, d] of directories) {
    v.setUint32(dirBase + index * 8, d.rva, true);
    v.setUint32(dirBase + index * 8 + 4, d.size, true);
  }
  const sh = oh + optionalSize;
  image.set(new TextEncoder().encode('.rdata'), sh);
  v.setUint32(sh + 8, s.used, true);
  v.setUint32(sh + 12, SECTION_RVA, true);
  v.setUint32(sh + 16, rawSize, true);
  v.setUint32(sh + 20, HEADERS_SIZE, true);
  v.setUint32(sh + 36, 0x40000040, true);
  image.set(s.bytes.subarray(0, s.used), HEADERS_SIZE);
  return image;
}
