import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMachOFile } from '../../app/binary/macho-reader';
import type { MachoCpu } from '../../app/binary/macho-types';
import { DARWIN_FIXTURES, fixtureDir } from '../../scripts/fetch-fixtures';
import { buildMachoCorpus, CORPUS_FILES, type CorpusFile } from './support/macho-corpus';
import { compareBoundImports, objdumpMachoFacts, readerFacts } from './support/llvm-objdump-macho';

/**
 * The Mach-O reader against llvm-objdump 19, field by field: load commands, dylibs with their
 * versions, LC_ID_DYLIB, rpaths, minimum OS, imports with their library ordinals (chained fixups
 * and bind opcodes) and exports (the trie), on every darwin binary fetched from npm and on a corpus
 * built here with clang-19 and ld64.lld-19.
 */

/** The darwin binaries of scripts/fetch-fixtures.ts, and the slices each has: the files bench:binary times, every one. */
const REAL = DARWIN_FIXTURES;

function realPath(r: (typeof REAL)[number]): string | null {
  const dir = fixtureDir(r.pkg, r.version);
  return existsSync(join(dir, '.complete')) ? join(dir, 'package', r.file) : null;
}

const realPresent = REAL.every((r) => realPath(r) !== null);

/** Compares one slice of one file with llvm-objdump; every field in one expectation per table. */
async function agreesWithObjdump(path: string, cpu: MachoCpu, universal: boolean): Promise<void> {
  const module = await readMachOFile(path, { cpu });
  expect(module.image, `${path}: no ${cpu} slice read`).not.toBeNull();
  const image = module.image!;
  expect(image.slice.cpu).toBe(cpu);
  const reference = await objdumpMachoFacts(path, universal ? cpu : null);
  const ours = readerFacts(image, reference.chainedFormat);
  expect(ours.header, `${path} (${cpu}): header`).toEqual(reference.header);
  expect(ours.commands, `${path} (${cpu}): load commands`).toEqual(reference.commands);
  expect(ours.dylibs, `${path} (${cpu}): dylibs`).toEqual(reference.dylibs);
  expect(ours.id, `${path} (${cpu}): LC_ID_DYLIB`).toEqual(reference.id);
  expect(ours.rpaths, `${path} (${cpu}): LC_RPATH`).toEqual(reference.rpaths);
  expect(ours.minOs, `${path} (${cpu}): minimum OS`).toEqual(reference.minOs);
  expect(ours.exports, `${path} (${cpu}): exports`).toEqual(reference.exports);
  expect(ours.chainedImports, `${path} (${cpu}): chained imports`).toEqual(reference.chainedImports);
  expect(compareBoundImports(image, reference.boundImports), `${path} (${cpu}): bind imports`).toEqual([]);
  expect(module.findings.filter((f) => f.kind === 'unreadable-table' || f.kind === 'capped'), `${path}: findings`).toEqual([]);
}

describe.skipIf(!realPresent)('Mach-O reader on the darwin binaries from npm, against llvm-objdump', () => {
  for (const r of REAL) {
    for (const cpu of r.arches) {
      it(`agrees on ${r.pkg} ${r.file} (${cpu})`, async () => {
        await agreesWithObjdump(realPath(r) as string, cpu, r.arches.length > 1);
      }, 60_000);
    }
  }

  it('lists both slices of the universal fsevents and reads the one asked for', async () => {
    const path = realPath(REAL[3]!) as string;
    const arm = await readMachOFile(path, { cpu: 'arm64' });
    expect(arm.universal).toBe('fat');
    expect(arm.slices.map((s) => s.cpu)).toEqual(['x86_64', 'arm64']);
    expect(arm.image?.slice.cpu).toBe('arm64');
    const none = await readMachOFile(path, { cpu: 'arm64e' });
    // arm64e falls back to arm64 (an arm64e process loads arm64 code).
    expect(none.image?.slice.cpu).toBe('arm64');
  });

  it('reads the Go-linked esbuild: bind opcodes and no chained fixups', async () => {
    const esbuild = await readMachOFile(realPath(REAL[4]!) as string);
    expect(esbuild.image?.importsSource).toBe('dyld-info');
    expect(esbuild.image?.imports.length).toBeGreaterThan(50);
  });

  it('says that an x86_64-only wheel has no arm64 slice', async () => {
    const x64 = await readMachOFile(realPath(REAL[1]!) as string, { cpu: 'arm64' });
    expect(x64.image).toBeNull();
    expect(x64.findings).toEqual([expect.objectContaining({ kind: 'no-matching-slice', wanted: 'arm64', available: ['x86_64'] })]);
  });
});

describe('Mach-O reader on files built with clang-19 and ld64.lld-19, against llvm-objdump', () => {
  let corpus: { dir: string; files: CorpusFile[] } = { dir: '', files: [] };
  beforeAll(async () => {
    corpus = await buildMachoCorpus();
  }, 180_000);

  it('built every file the list names', () => {
    expect(corpus.files.map((f) => f.path).sort()).toEqual(CORPUS_FILES.map((f) => join(corpus.dir, f.path)).sort());
  });

  for (const file of CORPUS_FILES) {
    it(`agrees on ${file.path} (${file.arches.join(', ')})`, async () => {
      for (const cpu of file.arches) await agreesWithObjdump(join(corpus.dir, file.path), cpu, file.arches.length > 1);
    }, 60_000);
  }
});
