import { deflateSync } from 'node:zlib';

/** One import of the chained fixups table a synthetic image carries. */
export interface SyntheticImport {
  readonly name: string;
  readonly ordinal: number;
  readonly weak?: boolean;
  readonly addend?: number;
}

/** What a synthetic arm64 MH_BUNDLE holds: dylib commands, and chained imports in one format. */
export interface SyntheticMacho {
  readonly dylibs: readonly { readonly name: string; readonly cmd?: number }[];
  readonly imports: readonly SyntheticImport[];
  /** imports_format: 1 DYLD_CHAINED_IMPORT, 2 _ADDEND, 3 _ADDEND64. */
  readonly format: 1 | 2 | 3;
  /** symbols_format: 0 plain, 1 zlib-compressed. */
  readonly symbolsFormat: 0 | 1;
  /** An export trie as raw bytes (placed after the fixups). */
  readonly trie?: Uint8Array;
}

const pad8 = (n: number): number => (n + 7) & ~7;

/**
 * Writes a minimal arm64 Mach-O bundle by <mach-o/loader.h> and <mach-o/fixup-chains.h>: the
 * header, LC_LOAD_DYLIB-style commands, LC_DYLD_CHAINED_FIXUPS (and LC_DYLD_EXPORTS_TRIE) whose
 * data lie at 0x1000 (or the next page past many commands). No linker writes the zlib symbol format or every ordinal at once, so the
 * reader's handling of them is tested on files written to the specification.
 */
export function writeMacho(spec: SyntheticMacho): Uint8Array {
  const commands: Buffer[] = [];
  for (const d of spec.dylibs) {
    const size = pad8(24 + d.name.length + 1);
    const c = Buffer.alloc(size);
    c.writeUInt32LE(d.cmd ?? 0xc, 0);
    c.writeUInt32LE(size, 4);
    c.writeUInt32LE(24, 8);
    c.writeUInt32LE(0x10000, 16);
    c.writeUInt32LE(0x10000, 20);
    c.write(d.name, 24, 'latin1');
    commands.push(c);
  }
  // The fixups: header (28 bytes, padded to 32), imports, symbol pool.
  const pool: Buffer[] = [];
  const offsets: number[] = [];
  let poolSize = 0;
  for (const i of spec.imports) {
    offsets.push(poolSize);
    const b = Buffer.from(`${i.name}\0`, 'utf8');
    pool.push(b);
    poolSize += b.length;
  }
  const rawPool = Buffer.concat(pool);
  const symbols = spec.symbolsFormat === 1 ? deflateSync(rawPool) : rawPool;
  const entry = spec.format === 1 ? 4 : spec.format === 2 ? 8 : 16;
  const importsOffset = 32;
  const symbolsOffset = importsOffset + spec.imports.length * entry;
  const fixups = Buffer.alloc(symbolsOffset + symbols.length);
  fixups.writeUInt32LE(0, 0);
  fixups.writeUInt32LE(28, 4);
  fixups.writeUInt32LE(importsOffset, 8);
  fixups.writeUInt32LE(symbolsOffset, 12);
  fixups.writeUInt32LE(spec.imports.length, 16);
  fixups.writeUInt32LE(spec.format, 20);
  fixups.writeUInt32LE(spec.symbolsFormat, 24);
  spec.imports.forEach((imp, k) => {
    const at = importsOffset + k * entry;
    if (spec.format === 3) {
      fixups.writeUInt32LE(((imp.ordinal & 0xffff) | (imp.weak ? 0x10000 : 0)) >>> 0, at);
      fixups.writeUInt32LE(offsets[k] as number, at + 4);
      fixups.writeBigUInt64LE(BigInt(imp.addend ?? 0), at + 8);
    } else {
      fixups.writeUInt32LE(((imp.ordinal & 0xff) | (imp.weak ? 0x100 : 0) | ((offsets[k] as number) << 9)) >>> 0, at);
      if (spec.format === 2) fixups.writeInt32LE(imp.addend ?? 0, at + 4);
    }
  });
  symbols.copy(fixups, symbolsOffset);
  // The fixups start on the first page past the load commands (0x1000 for a few dylibs).
  const commandBytes = commands.reduce((n, c) => n + c.length, 0) + 32;
  const dataAt = Math.max(0x1000, (32 + commandBytes + 0xfff) & ~0xfff);
  const trieAt = pad8(dataAt + fixups.length);
  const linkedit = (cmd: number, offset: number, size: number): Buffer => {
    const c = Buffer.alloc(16);
    c.writeUInt32LE(cmd, 0);
    c.writeUInt32LE(16, 4);
    c.writeUInt32LE(offset, 8);
    c.writeUInt32LE(size, 12);
    return c;
  };
  commands.push(linkedit(0x80000034, dataAt, fixups.length));
  if (spec.trie) commands.push(linkedit(0x80000033, trieAt, spec.trie.length));
  const sizeofcmds = commands.reduce((n, c) => n + c.length, 0);
  const file = Buffer.alloc(trieAt + (spec.trie?.length ?? 0));
  file.writeUInt32LE(0xfeedfacf, 0);
  file.writeUInt32LE(0x0100000c, 4);
  file.writeUInt32LE(0, 8);
  file.writeUInt32LE(8, 12);
  file.writeUInt32LE(commands.length, 16);
  file.writeUInt32LE(sizeofcmds, 20);
  file.writeUInt32LE(0x85, 24);
  Buffer.concat(commands).copy(file, 32);
  fixups.copy(file, dataAt);
  if (spec.trie) Buffer.from(spec.trie).copy(file, trieAt);
  return new Uint8Array(file);
}
