import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ElfFormatError, readElf } from '../../app/diagnosis/offline/elf-reader';

// Real objects built by gcc: a library with versioned exports and a consumer that needs a version.
const dir = mkdtempSync(join(tmpdir(), 'elf-'));
writeFileSync(join(dir, 'v.c'), 'int vers_fn(int a){return a;}\nint vers_fn2(int a){return -a;}\n');
writeFileSync(join(dir, 'v.map'), 'V_1.0 { global: vers_fn; local: *; };\nV_2.0 { global: vers_fn2; } V_1.0;\n');
writeFileSync(join(dir, 'u.c'), 'extern int vers_fn2(int);\nextern int not_defined_anywhere(void);\nint use(int a){return vers_fn2(a) + not_defined_anywhere();}\n');
execFileSync('gcc', ['-shared', '-fPIC', '-o', join(dir, 'libv.so.1'), join(dir, 'v.c'), '-Wl,-soname,libv.so.1', `-Wl,--version-script=${join(dir, 'v.map')}`]);
execFileSync('gcc', ['-shared', '-fPIC', '-o', join(dir, 'libu.so'), join(dir, 'u.c'), `-L${dir}`, '-l:libv.so.1', '-Wl,-rpath,$ORIGIN/lib', '-Wl,--enable-new-dtags']);

describe('readElf', () => {
  it('reads soname, needed, runpath, symbols and versions of gcc-built objects', () => {
    const v = readElf(readFileSync(join(dir, 'libv.so.1')));
    expect(v).toMatchObject({ machine: 'x86_64', soname: 'libv.so.1' });
    expect([...v.definedSymbols]).toEqual(expect.arrayContaining(['vers_fn', 'vers_fn2']));
    expect([...v.versionsDefined].sort()).toEqual(['V_1.0', 'V_2.0']);
    const u = readElf(readFileSync(join(dir, 'libu.so')));
    expect(u.needed).toContain('libv.so.1');
    expect(u.runpath).toEqual(['$ORIGIN/lib']);
    expect(u.undefinedSymbols).toEqual(expect.arrayContaining(['vers_fn2', 'not_defined_anywhere']));
    expect(u.versionsNeeded.get('libv.so.1')).toEqual(['V_2.0']);
  });

  it('rejects non-ELF, truncated and corrupted input with an ElfFormatError', () => {
    const good = readFileSync(join(dir, 'libu.so'));
    expect(() => readElf(Buffer.from('MZ not elf at all, padded'.padEnd(80)))).toThrow(ElfFormatError);
    expect(() => readElf(good.subarray(0, 40))).toThrow(ElfFormatError);
    const badShoff = Buffer.from(good);
    badShoff.writeBigUInt64LE(0xffffffffffn, 40);
    expect(() => readElf(badShoff)).toThrow(ElfFormatError);
    for (let i = 0; i < 200; i++) {
      const fuzz = Buffer.from(good);
      const at = 16 + ((i * 104729) % (fuzz.length - 16));
      fuzz[at] = (fuzz[at] ?? 0) ^ 0xff;
      try {
        readElf(fuzz);
      } catch (error) {
        expect(error).toBeInstanceOf(ElfFormatError);
      }
    }
  });
});
