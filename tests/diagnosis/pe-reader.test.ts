import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PeFormatError, readPe } from '../../app/diagnosis/offline/pe-reader';
import { writePe } from '../scenarios/support/pe-writer';

function hasObjdump(): boolean {
  try {
    execFileSync('objdump', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('readPe', () => {
  const spec = { name: '_imaging.pyd', exports: ['PyInit__imaging'], imports: { 'python36.dll': ['PySlice_Unpack', 'PyArg_ParseTuple'], 'KERNEL32.dll': ['GetProcAddress', 17] } };

  it('reads machine, imports by name and ordinal, and exports of PE32+ and PE32 files', () => {
    const x64 = readPe(writePe({ ...spec, machine: 'x64' }));
    expect(x64).toMatchObject({ machine: 'x64', is64: true });
    expect(x64.imports).toEqual([
      { dll: 'python36.dll', names: ['PySlice_Unpack', 'PyArg_ParseTuple'], ordinals: [] },
      { dll: 'KERNEL32.dll', names: ['GetProcAddress'], ordinals: [17] },
    ]);
    expect([...x64.exportNames]).toEqual(['PyInit__imaging']);
    const x86 = readPe(writePe({ ...spec, machine: 'x86' }));
    expect(x86).toMatchObject({ machine: 'x86', is64: false });
    expect(x86.imports[1]?.ordinals).toEqual([17]);
  });

  it.runIf(hasObjdump())('agrees with binutils objdump on the generated file (independent reader)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pe-')), 't.dll');
    writeFileSync(file, writePe({ ...spec, machine: 'x64' }));
    const dump = execFileSync('objdump', ['-p', file], { encoding: 'utf8' });
    expect(dump).toContain('pei-x86-64');
    expect(dump).toMatch(/DLL Name: python36\.dll[\s\S]*PySlice_Unpack[\s\S]*PyArg_ParseTuple/);
    expect(dump).toMatch(/\] PyInit__imaging/);
  });

  it('rejects broken and hostile files with a PeFormatError, never a crash', () => {
    const good = writePe({ ...spec, machine: 'x64' });
    expect(() => readPe(Buffer.from('hello'))).toThrow(PeFormatError);
    expect(() => readPe(Buffer.alloc(4096))).toThrow(PeFormatError);
    expect(() => readPe(good.subarray(0, 300))).toThrow(PeFormatError);
    const badLfanew = Buffer.from(good);
    badLfanew.writeUInt32LE(0xfffffff0, 0x3c);
    expect(() => readPe(badLfanew)).toThrow(PeFormatError);
    const hugeCount = Buffer.from(good);
    // NumberOfSections = 0xffff: only the sections that exist are read.
    hugeCount.writeUInt16LE(0xffff, 0x86);
    expect(() => readPe(hugeCount)).toThrow(PeFormatError);
    for (let i = 0; i < 200; i++) {
      const fuzz = Buffer.from(good);
      const at = 0x80 + ((i * 7919) % (fuzz.length - 0x80));
      fuzz[at] = (fuzz[at] ?? 0) ^ 0xff;
      try {
        readPe(fuzz);
      } catch (error) {
        expect(error).toBeInstanceOf(PeFormatError);
      }
    }
  });
});
