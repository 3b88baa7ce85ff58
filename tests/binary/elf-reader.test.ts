import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModule, readModuleFromBytes } from '../../app/binary/read-module';
import type { ElfModule } from '../../app/binary/module-types';
import { buildSharedObject } from './support/gcc';
import { elfFacts, readWithReadelf } from './support/readelf';

let dir = '';

async function readElf(path: string): Promise<ElfModule> {
  const m = await readModule(path);
  if (m.format !== 'elf') throw new Error('expected ELF');
  return m;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'elf-reader-'));
  await mkdir(join(dir, 'lib'));
  await buildSharedObject(join(dir, 'lib'), 'libfoo.so.1', 'int foo_old(void){return 0;} int foo_new(void){return 1;} int foo2(void){return 2;}\n'
    + '__asm__(".symver foo_old,foo@FOO_1.0");\n__asm__(".symver foo_new,foo@@FOO_2.0");\n',
    ['-Wl,-soname,libfoo.so.1'], 'FOO_1.0 { global: foo; local: *; };\nFOO_2.0 { global: foo; foo2; } FOO_1.0;\n');
  await buildSharedObject(dir, 'ext.so', 'extern int foo(void); extern int foo2(void); extern long PyLong_FromLong(long); long f(void){return PyLong_FromLong(foo()+foo2());}',
    ['-L', join(dir, 'lib'), '-l:libfoo.so.1', '-Wl,-rpath,$ORIGIN/lib', '-Wl,--enable-new-dtags']);
  await buildSharedObject(dir, 'ext-rpath.so', 'extern int foo(void); int g(void){return foo();}',
    ['-L', join(dir, 'lib'), '-l:libfoo.so.1', '-Wl,-rpath,/opt/a:$ORIGIN/old', '-Wl,--disable-new-dtags']);
  await buildSharedObject(dir, 'lib32.so', 'int f32(void){return 32;}', ['-m32', '-nostdlib']);
});

describe('ELF reader', () => {
  it('reads DT_NEEDED, DT_SONAME, DT_RUNPATH and DT_RPATH', async () => {
    const lib = await readElf(join(dir, 'lib', 'libfoo.so.1'));
    expect(lib.soname).toBe('libfoo.so.1');
    const ext = await readElf(join(dir, 'ext.so'));
    expect(ext.needed).toContain('libfoo.so.1');
    expect([ext.runpath, ext.rpath, ext.hasRunpath]).toEqual([['$ORIGIN/lib'], [], true]);
    const old = await readElf(join(dir, 'ext-rpath.so'));
    expect([old.rpath, old.hasRunpath]).toEqual([['/opt/a', '$ORIGIN/old'], false]);
  });

  it('reads version definitions (default and hidden) and version needs from a version script', async () => {
    const lib = await readElf(join(dir, 'lib', 'libfoo.so.1'));
    expect(lib.versionDefinitions).toEqual(['FOO_1.0', 'FOO_2.0']);
    expect(lib.defined).toContainEqual({ name: 'foo', version: 'FOO_2.0', hidden: false, weak: false });
    expect(lib.defined).toContainEqual({ name: 'foo', version: 'FOO_1.0', hidden: true, weak: false });
    const ext = await readElf(join(dir, 'ext.so'));
    expect(ext.versionNeeds).toContainEqual({ file: 'libfoo.so.1', versions: ['FOO_2.0'] });
    expect(ext.undefined).toContainEqual({ name: 'foo2', version: 'FOO_2.0', hidden: false, weak: false });
    expect(ext.undefined).toContainEqual({ name: 'PyLong_FromLong', version: null, hidden: false, weak: false });
  });

  it('reads class and machine of 64- and 32-bit objects', async () => {
    const ext = await readElf(join(dir, 'ext.so'));
    expect([ext.elfClass, ext.machine, ext.type]).toEqual([64, 'x86-64', 'shared-object']);
    const lib32 = await readElf(join(dir, 'lib32.so'));
    expect([lib32.elfClass, lib32.machine, lib32.machineCode]).toEqual([32, 'x86', 3]);
  });

  it('agrees with readelf on built objects and on system libraries', async () => {
    const paths = [join(dir, 'ext.so'), join(dir, 'ext-rpath.so'), join(dir, 'lib', 'libfoo.so.1'), join(dir, 'lib32.so'),
      '/usr/lib/x86_64-linux-gnu/libstdc++.so.6', '/lib/x86_64-linux-gnu/libc.so.6'];
    for (const path of paths) {
      expect(elfFacts(await readElf(path)), path).toEqual(await readWithReadelf(path));
    }
  });
});

describe('ELF reader without section headers', () => {
  it('reads the same tables through PT_DYNAMIC (DT_GNU_HASH symbol count) as through the sections', async () => {
    for (const path of [join(dir, 'ext.so'), join(dir, 'lib', 'libfoo.so.1'), '/lib/x86_64-linux-gnu/libz.so.1']) {
      const bytes = new Uint8Array(await readFile(path));
      const stripped = bytes.slice();
      stripped.fill(0, 0x28, 0x30); // e_shoff
      stripped.fill(0, 0x3c, 0x40); // e_shnum, e_shstrndx
      const viaSegments = await readModuleFromBytes(path, stripped);
      if (viaSegments.format !== 'elf') throw new Error('expected ELF');
      const viaSections = await readElf(path);
      expect(viaSegments.defined.length, path).toBeGreaterThan(0);
      expect({ ...viaSegments, path: '' }, path).toEqual({ ...viaSections, path: '' });
    }
  });
});
