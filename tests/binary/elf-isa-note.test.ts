import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readModule } from '../../app/binary/read-module';
import type { ElfModule } from '../../app/binary/module-types';

// Real objects: linked here by GNU ld with -z x86-64-vN (binutils 2.36+ writes
// GNU_PROPERTY_X86_ISA_1_NEEDED), checked against readelf -n.
const dir = mkdtempSync(path.join(tmpdir(), 'isa-note-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function link(name: string, ...flags: string[]): string {
  const source = path.join(dir, 'f.c');
  writeFileSync(source, 'int f(void) { return 1; }\n');
  const out = path.join(dir, name);
  execFileSync('gcc', ['-shared', '-fPIC', '-o', out, source, ...flags]);
  return out;
}

const readelfLevels = (file: string): string[] => /x86 ISA needed: (.*)/.exec(execFileSync('readelf', ['-n', file], { encoding: 'utf8' }))?.[1]?.split(', ').map((s) => s.trim()) ?? [];

describe('the x86 ISA levels an ELF file states it needs', () => {
  it.each([['x86-64-v2'], ['x86-64-v3'], ['x86-64-v4']])('reads %s as readelf does', async (level) => {
    const file = link(`lib-${level}.so`, `-Wl,-z,${level}`);
    const module = (await readModule(file)) as ElfModule;
    expect(module.x86IsaNeeded).toEqual(readelfLevels(file));
    expect(module.x86IsaNeeded).toEqual([level]);
  });

  it('states nothing for a library linked without a level', async () => {
    const module = (await readModule(link('plain.so'))) as ElfModule;
    expect(module.x86IsaNeeded).toEqual([]);
  });

  it('reads the baseline marker of the system libc', async () => {
    const libc = '/usr/lib/x86_64-linux-gnu/libc.so.6';
    const module = (await readModule(libc)) as ElfModule;
    expect(module.x86IsaNeeded).toEqual(readelfLevels(libc));
  });
});
