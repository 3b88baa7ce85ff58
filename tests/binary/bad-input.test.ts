import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BinaryReadError } from '../../app/binary/binary-errors';
import { readModule, readModuleFromBytes } from '../../app/binary/read-module';
import { buildSharedObject } from './support/gcc';
import { fixtureLib } from './support/fixtures';
import { writeMacho } from './support/macho-writer';
import { writePe } from './support/pe-writer';
import { seededRandom } from './support/random';

let dir = '';
const PE = writePe({
  exports: [{ name: 'a' }, { name: 'b', forwarder: 'other.c' }],
  imports: [{ dll: 'KERNEL32.dll', symbols: ['GetLastError', 7] }, { dll: 'zlib1.dll', symbols: ['inflate'] }],
  delayImports: [{ dll: 'python3.dll', symbols: ['Py_None'] }],
  manifest: '<assembly><dependency><dependentAssembly><assemblyIdentity name="Microsoft.VC90.CRT" version="9.0.0.0"/></dependentAssembly></dependency></assembly>',
});

async function expectError(bytes: Uint8Array, code: BinaryReadError['code']): Promise<BinaryReadError> {
  const error = await readModuleFromBytes('bad.dll', bytes).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(BinaryReadError);
  expect((error as BinaryReadError).code).toBe(code);
  expect((error as BinaryReadError).message).toMatch(/^bad\.dll: .+\(.+\)$/);
  return error as BinaryReadError;
}

function patched(base: Uint8Array, edits: [offset: number, bytes: number[]][]): Uint8Array {
  const copy = base.slice();
  for (const [at, bytes] of edits) copy.set(bytes, at);
  return copy;
}

const u32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

/** A Mach-O bundle with two dylibs, chained imports (zlib-compressed names) and an export trie with a re-export. */
const MACHO = writeMacho({
  dylibs: [{ name: '/usr/lib/libSystem.B.dylib' }, { name: '@rpath/libvips.42.dylib', cmd: 0x80000018 }],
  imports: [{ name: '_PyLong_FromLong', ordinal: -2 }, { name: '_vips_init', ordinal: 2, weak: true, addend: 8 }, { name: '_malloc', ordinal: 1 }],
  format: 2,
  symbolsFormat: 1,
  trie: new Uint8Array([0x00, 0x02, 0x5f, 0x61, 0x00, 0x0a, 0x5f, 0x72, 0x00, 0x0e, 0x02, 0x00, 0x10, 0x00, 0x03, 0x08, 0x01, 0x00, 0x00]),
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bad-input-'));
});

describe('bad input gives a typed error that says what to do', () => {
  it('empty, random and too-short files', async () => {
    expect((await expectError(new Uint8Array(0), 'empty')).message).toContain('reinstall');
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) & 0xff);
    random[0] = 0x12;
    expect((await expectError(random, 'not-a-module')).message).toContain('neither a PE');
    await expectError(new Uint8Array([0x4d, 0x5a, 0, 0]), 'truncated');
    await expectError(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1]), 'truncated');
  });

  it('truncated PE images', async () => {
    await expectError(PE.subarray(0, 0x50), 'malformed');
    const cut = await readModuleFromBytes('bad.dll', PE.subarray(0, 0x500)).then(() => null, (e: unknown) => e);
    expect(cut).toBeInstanceOf(BinaryReadError);
  });

  it('hostile PE headers: e_lfanew, section count, export counts, unterminated import table', async () => {
    await expectError(patched(PE, [[0x3c, u32(0x7fffffff)]]), 'malformed');
    await expectError(patched(PE, [[0x46, [0xff, 0xff]]]), 'malformed');
    const m = await readModuleFromBytes('ok.dll', PE);
    if (m.format !== 'pe') throw new Error('expected PE');
    // Find the export directory through the data directory (PE32+: optional header + 112).
    const view = new DataView(PE.buffer, PE.byteOffset);
    const exportRva = view.getUint32(0x58 + 112, true);
    const exportAt = exportRva - 0x1000 + 0x400;
    const huge = await expectError(patched(PE, [[exportAt + 20, u32(0xffffffff)]]), 'too-large');
    expect(huge.message).toContain('corrupt');
    await expectError(patched(PE, [[exportAt + 28, u32(0x7ffffff0)]]), 'malformed');
    // An import directory without its terminating entry: descriptors until the end of the file.
    const importRva = view.getUint32(0x58 + 112 + 8, true);
    const importAt = importRva - 0x1000 + 0x400;
    const filler = Array.from({ length: PE.length - importAt }, (_, i) => (i % 20 === 12 ? 0x10 : 0x01));
    const err = await readModuleFromBytes('bad.dll', patched(PE, [[importAt, filler]])).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(BinaryReadError);
  });

  it('hostile ELF headers: section table beyond the file, huge symbol table', async () => {
    const so = await buildSharedObject(dir, 'libok.so', 'int ok(void){return 1;}');
    const bytes = new Uint8Array(await readFile(so));
    await expectError(patched(bytes, [[0x28, [...u32(0xfffffff0), 0, 0, 0, 0]]]), 'truncated');
    await expectError(patched(bytes, [[0x3c, [0xff, 0xff]]]), 'truncated');
  });

  it('hostile Mach-O headers: slices beyond the file, too many commands, a zero-sized command, commands past their area', async () => {
    const ok = await readModuleFromBytes('ok.so', MACHO);
    expect(ok).toMatchObject({ format: 'macho', findings: [] });
    const fat = new Uint8Array(64);
    fat.set([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 1, 0x01, 0, 0, 0x0c, 0, 0, 0, 0, 0, 0, 0x10, 0, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 14]);
    await expectError(fat, 'truncated');
    await expectError(patched(MACHO, [[16, u32(0xffffffff)]]), 'malformed');
    await expectError(patched(MACHO, [[36, u32(0)]]), 'malformed');
    await expectError(patched(MACHO, [[20, u32(8)]]), 'malformed');
    await expectError(new Uint8Array([0xcf, 0xfa, 0xed, 0xfe, 0x0c, 0, 0, 1]), 'truncated');
  });

  it('unreadable paths: missing file, a folder, non-ASCII names', async () => {
    const missing = await readModule(join(dir, 'nope-模块.pyd')).then(() => null, (e: unknown) => e);
    expect(missing).toMatchObject({ code: 'unreadable' });
    expect((missing as Error).message).toContain('nope-模块.pyd');
    expect(await readModule(dir).then(() => null, (e: unknown) => e)).toMatchObject({ code: 'unreadable' });
    await mkdir(join(dir, 'données-モジュール'));
    const path = join(dir, 'données-モジュール', '_ext.cp312-win_amd64.pyd');
    await writeFile(path, PE);
    expect(await readModule(path)).toMatchObject({ format: 'pe', path });
  });
});

describe('fuzz: mutated real files never crash, hang or throw anything but BinaryReadError', () => {
  async function fuzz(name: string, base: Uint8Array, rounds: number, seed: number): Promise<{ parsed: number; rejected: number }> {
    const random = seededRandom(seed);
    let parsed = 0;
    let rejected = 0;
    for (let round = 0; round < rounds; round++) {
      let bytes = base.slice();
      const edits = 1 + Math.floor(random() * 8);
      for (let e = 0; e < edits; e++) {
        // Most edits hit the headers and tables near the start, where the structure is.
        const span = random() < 0.7 ? Math.min(4096, bytes.length) : bytes.length;
        const at = Math.floor(random() * span);
        const kind = random();
        if (kind < 0.5) bytes[at] = Math.floor(random() * 256);
        else if (kind < 0.8) bytes.set(u32(random() < 0.5 ? 0xffffffff : Math.floor(random() * 2 ** 32)).slice(0, bytes.length - at), at);
        else bytes[at] = (bytes[at] ?? 0) ^ (1 << Math.floor(random() * 8));
      }
      if (random() < 0.1) bytes = bytes.subarray(0, Math.floor(random() * bytes.length));
      try {
        await readModuleFromBytes(`${name}#${round}`, bytes);
        parsed++;
      } catch (error) {
        if (!(error instanceof BinaryReadError)) throw new Error(`${name} round ${round} (seed ${seed}): ${String(error)}`, { cause: error });
        rejected++;
      }
    }
    return { parsed, rejected };
  }

  it('2000 mutations of a synthetic PE, 1500 of a gcc-built ELF, 1000 of it without section headers', async () => {
    const pe = await fuzz('synthetic.dll', PE, 2000, 1);
    const so = new Uint8Array(await readFile(await buildSharedObject(dir, 'libfuzz.so', 'int a(void){return 1;} int b(void){return 2;}', ['-Wl,-soname,libfuzz.so'], 'V_1 { global: a; local: *; };\nV_2 { global: b; } V_1;\n')));
    const elf = await fuzz('libfuzz.so', so, 1500, 2);
    const stripped = so.slice();
    stripped.fill(0, 0x28, 0x30);
    stripped.fill(0, 0x3c, 0x40);
    const segments = await fuzz('libfuzz-no-sections.so', stripped, 1000, 4);
    expect(segments.parsed + segments.rejected).toBe(1000);
    expect(pe.parsed + pe.rejected).toBe(2000);
    expect(elf.parsed + elf.rejected).toBe(1500);
    expect(pe.rejected).toBeGreaterThan(0);
    expect(elf.rejected).toBeGreaterThan(0);
  });

  it('2000 mutations of a synthetic Mach-O bundle (chained imports, zlib names, export trie)', async () => {
    const result = await fuzz('synthetic.so', MACHO, 2000, 5);
    expect(result.parsed + result.rejected).toBe(2000);
    expect(result.rejected).toBeGreaterThan(0);
  });

  const darwin = fixtureLib('@img/sharp-darwin-arm64', '0.34.5');
  it.skipIf(darwin === null)('1000 mutations of a real Mach-O module (sharp-darwin-arm64.node, Apple\'s ld)', async () => {
    const bytes = new Uint8Array(await readFile(join(darwin as string, 'sharp-darwin-arm64.node')));
    const result = await fuzz('sharp-darwin-arm64.node', bytes, 1000, 6);
    expect(result.parsed + result.rejected).toBe(1000);
  });

  const real = fixtureLib('@img/sharp-win32-x64', '0.34.5');
  it.skipIf(real === null)('1500 mutations of a real MSVC-built module (sharp-win32-x64.node)', async () => {
    const bytes = new Uint8Array(await readFile(join(real as string, 'sharp-win32-x64.node')));
    const result = await fuzz('sharp-win32-x64.node', bytes, 1500, 3);
    expect(result.parsed + result.rejected).toBe(1500);
  });
});
