import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ElfModule } from '../../../app/binary/module-types';

const run = promisify(execFile);

/** What GNU readelf (binutils, the reference ELF reader) says about a file's dynamic linking. */
export interface ElfFacts {
  readonly needed: string[];
  readonly soname: string | null;
  readonly rpath: string[];
  readonly runpath: string[];
  /** "name", "name@@VER" (default version) or "name@VER" (hidden), sorted. */
  readonly defined: string[];
  /** "name" or "name@VER", sorted. */
  readonly undefined: string[];
}

/** Parses `readelf --dyn-syms -d -W` output. */
export function parseReadelf(text: string): ElfFacts {
  const facts = { needed: [] as string[], soname: null as string | null, rpath: [] as string[], runpath: [] as string[], defined: [] as string[], undefined: [] as string[] };
  let inSymbols = false;
  for (const line of text.split('\n')) {
    if (line.startsWith("Symbol table '.dynsym'")) {
      inSymbols = true;
      continue;
    }
    if (line.startsWith('Symbol table') || line.startsWith('Dynamic section')) inSymbols = false;
    const dyn = /\((NEEDED|SONAME|RPATH|RUNPATH)\)\s+[^[]*\[(.*)\]/.exec(line);
    if (dyn) {
      const [, tag, value = ''] = dyn;
      if (tag === 'NEEDED') facts.needed.push(value);
      else if (tag === 'SONAME') facts.soname = value;
      else if (tag === 'RPATH') facts.rpath.push(...value.split(':').filter(Boolean));
      else facts.runpath.push(...value.split(':').filter(Boolean));
      continue;
    }
    if (!inSymbols) continue;
    const f = line.replace('<OS specific>: 10', 'UNIQUE').trim().split(/\s+/);
    if (f.length < 8 || !/^\d+:$/.test(f[0] ?? '')) continue;
    const bind = f[4];
    if (bind !== 'GLOBAL' && bind !== 'WEAK' && bind !== 'UNIQUE') continue;
    const name = f[7] ?? '';
    if (name === '') continue;
    if (f[6] === 'UND') facts.undefined.push(name);
    else facts.defined.push(name);
  }
  facts.defined.sort();
  facts.undefined.sort();
  return facts;
}

export async function readWithReadelf(path: string): Promise<ElfFacts> {
  const { stdout } = await run('readelf', ['--dyn-syms', '-d', '-W', path], { maxBuffer: 256 << 20 });
  return parseReadelf(stdout);
}

/** Our reader's result in readelf's notation (which prints a version's own ABS symbol bare), for comparison. */
export function elfFacts(m: ElfModule): ElfFacts {
  return {
    needed: [...m.needed],
    soname: m.soname,
    rpath: [...m.rpath],
    runpath: [...m.runpath],
    defined: m.defined.map((s) => (s.version && s.version !== s.name ? `${s.name}${s.hidden ? '@' : '@@'}${s.version}` : s.name)).sort(),
    undefined: m.undefined.map((s) => (s.version ? `${s.name}@${s.version}` : s.name)).sort(),
  };
}
