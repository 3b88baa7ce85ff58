import { describe, expect, it } from 'vitest';
import { memorySource } from '../../app/binary/byte-source';
import { readMachO } from '../../app/binary/macho-reader';
import type { MachoModule } from '../../app/binary/macho-types';
import { readModuleFromBytes } from '../../app/binary/read-module';
import { writeMacho, type SyntheticImport } from './support/macho-writer';

/**
 * The parts of the Mach-O reader no linker here exercises (macho-objdump.test.ts compares the rest
 * with llvm-objdump): every special ordinal in one table, the zlib symbol format, the
 * DYLD_CHAINED_IMPORT_ADDEND64 names llvm-objdump 19 misreads, re-exports and resolvers in the
 * export trie, upward and lazy dylibs, 32-bit and Java class files.
 */

const IMPORTS: SyntheticImport[] = [
  { name: '_PyLong_FromLong', ordinal: -2 },
  { name: '_host_main_fn', ordinal: -1 },
  { name: '__ZdlPv', ordinal: -3 },
  { name: '_own_fn', ordinal: 0 },
  { name: '_vips_init', ordinal: 1, addend: 16 },
  { name: '_weak_fn', ordinal: 2, weak: true },
];

async function read(bytes: Uint8Array, cpu?: 'arm64' | 'x86_64'): Promise<MachoModule> {
  return readMachO(memorySource('synthetic.so', bytes), cpu ? { cpu } : {});
}

/** An export trie from (edge label, node) pairs, every offset and ULEB below 128 so one byte each. */
function trie(nodes: { terminal: number[]; children: [label: string, node: number][] }[]): Uint8Array {
  const encode = (offsets: number[]): number[][] => nodes.map((n) => {
    const children = n.children.flatMap(([label, node]) => [...Buffer.from(`${label}\0`), offsets[node] as number]);
    return [n.terminal.length, ...n.terminal, n.children.length, ...children];
  });
  let offsets = nodes.map(() => 0);
  for (let pass = 0; pass < 2; pass++) {
    const sizes = encode(offsets).map((b) => b.length);
    offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  }
  return new Uint8Array(encode(offsets).flat());
}

describe('Mach-O reader: chained fixups imports', () => {
  for (const format of [1, 2, 3] as const) {
    for (const symbolsFormat of [0, 1] as const) {
      it(`reads format ${format} with ${symbolsFormat ? 'zlib-compressed' : 'plain'} names: every special ordinal and the weak bit`, async () => {
        const m = await read(writeMacho({ dylibs: [{ name: '@rpath/libvips.42.dylib' }, { name: '@rpath/libweak.dylib', cmd: 0x80000018 }], imports: IMPORTS, format, symbolsFormat }));
        expect(m.findings).toEqual([]);
        expect(m.image?.imports.map((i) => [i.name, i.libraryOrdinal, i.lookup, i.library, i.weakImport, i.addend])).toEqual([
          ['_PyLong_FromLong', -2, 'flat-lookup', null, false, 0],
          ['_host_main_fn', -1, 'main-executable', null, false, 0],
          ['__ZdlPv', -3, 'weak-lookup', null, false, 0],
          ['_own_fn', 0, 'self', null, false, 0],
          ['_vips_init', 1, 'dylib', '@rpath/libvips.42.dylib', false, format === 1 ? 0 : 16],
          ['_weak_fn', 2, 'dylib', '@rpath/libweak.dylib', true, 0],
        ]);
      });
    }
  }

  it('reads an ADDEND64 addend above 2^32 and an ordinal past 255', async () => {
    const dylibs = Array.from({ length: 300 }, (_, i) => ({ name: `/usr/lib/lib${i}.dylib` }));
    const m = await read(writeMacho({ dylibs, imports: [{ name: '_far', ordinal: 300, addend: 5_000_000_000 }], format: 3, symbolsFormat: 0 }));
    expect(m.image?.imports[0]).toMatchObject({ name: '_far', libraryOrdinal: 300, library: '/usr/lib/lib299.dylib', addend: 5_000_000_000 });
  });

  it('reports an unknown imports format as an unreadable table and keeps the load commands', async () => {
    const bytes = writeMacho({ dylibs: [{ name: '/usr/lib/libSystem.B.dylib' }], imports: IMPORTS, format: 1, symbolsFormat: 0 });
    new DataView(bytes.buffer).setUint32(0x1000 + 20, 9, true);
    const m = await read(bytes);
    expect(m.image?.dylibs.map((d) => d.name)).toEqual(['/usr/lib/libSystem.B.dylib']);
    expect(m.findings).toEqual([expect.objectContaining({ kind: 'unreadable-table', table: 'chained-fixups' })]);
  });
});

describe('Mach-O reader: load commands', () => {
  it('names upward, lazy, weak and re-exported dylibs by their commands', async () => {
    const m = await read(writeMacho({
      dylibs: [{ name: 'a', cmd: 0xc }, { name: 'b', cmd: 0x80000018 }, { name: 'c', cmd: 0x8000001f }, { name: 'd', cmd: 0x20 }, { name: 'e', cmd: 0x80000023 }],
      imports: [], format: 1, symbolsFormat: 0,
    }));
    expect(m.image?.dylibs.map((d) => [d.name, d.kind, d.compatibilityVersion.text])).toEqual([
      ['a', 'load', '1.0.0'], ['b', 'weak', '1.0.0'], ['c', 'reexport', '1.0.0'], ['d', 'lazy', '1.0.0'], ['e', 'upward', '1.0.0'],
    ]);
  });

  it('keeps an unknown command and says whether dyld requires it', async () => {
    const m = await read(writeMacho({ dylibs: [{ name: 'x', cmd: 0x80000099 }], imports: [], format: 1, symbolsFormat: 0 }));
    expect(m.findings).toEqual([expect.objectContaining({ kind: 'unknown-load-command', cmd: 0x80000099, requiredByDyld: true })]);
    expect(m.image?.loadCommands[0]).toMatchObject({ cmd: 0x80000099, name: null });
  });

  it('recognises a 32-bit i386 header and says macOS no longer loads it', async () => {
    const bytes = new Uint8Array(28);
    const v = new DataView(bytes.buffer);
    [0xfeedface, 7, 3, 6, 0, 0, 0].forEach((x, i) => v.setUint32(i * 4, x, true));
    const m = await readModuleFromBytes('old.dylib', bytes);
    expect(m).toMatchObject({ format: 'macho', image: { bits: 32, filetype: 'dylib', slice: { cpu: 'i386' } } });
    expect(m.format === 'macho' && m.findings[0]?.kind).toBe('thirty-two-bit');
  });

  it('tells a Java class file (same 0xcafebabe magic) from a universal file', async () => {
    const java = new Uint8Array([0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x34, 0, 0]);
    await expect(readModuleFromBytes('A.class', java)).rejects.toMatchObject({ code: 'not-a-module' });
  });
});

describe('Mach-O reader: export trie', () => {
  it('reads weak definitions, re-exports (with and without a new name) and stub-and-resolver entries', async () => {
    const bytes = trie([
      { terminal: [], children: [['_a', 1], ['_r', 2], ['_s', 3], ['_q', 4]] },
      { terminal: [0x04, 0x10], children: [] },
      { terminal: [0x08, 0x01, ...Buffer.from('_orig\0')], children: [] },
      { terminal: [0x10, 0x20, 0x30], children: [] },
      { terminal: [0x08, 0x01, 0x00], children: [] },
    ]);
    const m = await read(writeMacho({ dylibs: [{ name: '/usr/lib/libc++.1.dylib', cmd: 0x8000001f }], imports: [], format: 1, symbolsFormat: 0, trie: bytes }));
    expect(m.image?.exportsSource).toBe('exports-trie');
    expect(m.image?.exports).toEqual([
      { name: '_a', kind: 'regular', flags: 4, weakDefinition: true, address: 0x10, resolver: null, reexport: null },
      { name: '_r', kind: 'regular', flags: 8, weakDefinition: false, address: null, resolver: null, reexport: { libraryOrdinal: 1, library: '/usr/lib/libc++.1.dylib', importName: '_orig' } },
      { name: '_s', kind: 'regular', flags: 0x10, weakDefinition: false, address: 0x20, resolver: 0x30, reexport: null },
      { name: '_q', kind: 'regular', flags: 8, weakDefinition: false, address: null, resolver: null, reexport: { libraryOrdinal: 1, library: '/usr/lib/libc++.1.dylib', importName: '_q' } },
    ]);
  });

  it('decodes a UTF-8 name whose character is split between two edges', async () => {
    const split = new Uint8Array([0x00, 0x01, 0x5f, 0xc3, 0x00, 6, 0x00, 0x01, 0xa9, 0x78, 0x00, 12, 0x02, 0x00, 0x10, 0x00]);
    const m = await read(writeMacho({ dylibs: [], imports: [], format: 1, symbolsFormat: 0, trie: split }));
    expect(m.image?.exports.map((e) => [e.name, e.address])).toEqual([['_éx', 0x10]]);
  });

  it('names every export of a trie that mixes ASCII and UTF-8 names and shares prefixes between them', async () => {
    // A name with a byte above 0x7f is decoded on its own; the others are cut out of one string.
    const bytes = trie([
      { terminal: [], children: [['_a', 1], ['_é', 2], ['__ZN4vips6VImage', 3]] },
      { terminal: [0x00, 0x01], children: [] },
      { terminal: [0x00, 0x02], children: [['t', 4], ['日本', 5]] },
      { terminal: [], children: [['C2Ev', 6], ['D2Ev', 7]] },
      { terminal: [0x00, 0x03], children: [] },
      { terminal: [0x08, 0x01, 0x00], children: [] },
      { terminal: [0x00, 0x04], children: [] },
      { terminal: [0x00, 0x05], children: [] },
    ]);
    const m = await read(writeMacho({ dylibs: [{ name: '/usr/lib/libc++.1.dylib', cmd: 0x8000001f }], imports: [], format: 1, symbolsFormat: 0, trie: bytes }));
    expect(m.image?.exports.map((e) => [e.name, e.address ?? e.reexport?.importName])).toEqual([
      ['_a', 1], ['_é', 2], ['_ét', 3], ['_é日本', '_é日本'], ['__ZN4vips6VImageC2Ev', 4], ['__ZN4vips6VImageD2Ev', 5],
    ]);
  });

  it('stops at a trie whose child points back to the root, with a finding', async () => {
    const loop = new Uint8Array([0x00, 0x01, ...Buffer.from('_a\0'), 0x00]);
    const m = await read(writeMacho({ dylibs: [], imports: [], format: 1, symbolsFormat: 0, trie: loop }));
    expect(m.image?.exports).toEqual([]);
    expect(m.findings).toEqual([expect.objectContaining({ kind: 'unreadable-table', table: 'exports-trie' })]);
    expect(m.findings[0]?.message).toContain('reached twice');
  });
});
