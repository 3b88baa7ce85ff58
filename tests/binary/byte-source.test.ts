import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BinaryReadError } from '../../app/binary/binary-errors';
import { openFileSource, openFileSourceSync, type ByteSource } from '../../app/binary/byte-source';
import { readModule, readModuleFrom, readModuleFromBytes, readModules, readModuleSync } from '../../app/binary/read-module';
import { readCountingSync } from './support/counting-source';
import { fixtureLib } from './support/fixtures';

// Real MSVC-built DLLs from npm (scripts/fetch-fixtures.ts): libvips-42.dll is 18 MB with
// thousands of exports and a manifest resource.
const lib = fixtureLib('@img/sharp-win32-x64', '0.35.0');

/** Reads a module through a source that records every span it hands out (the head included). */
async function readCounting(path: string): Promise<{ spans: [number, number][]; size: number }> {
  const source = await openFileSource(path);
  const spans: [number, number][] = [[0, source.head.byteLength]];
  const counted: ByteSource = { ...source, read: (position, length) => {
    spans.push([position, position + length]);
    return source.read(position, length);
  } };
  try {
    await readModuleFrom(counted);
  } finally {
    await source.close();
  }
  return { spans, size: source.size };
}

describe.skipIf(lib === null)('byte source on real DLLs', () => {
  it('reads no byte twice and a small share of each file', async () => {
    for (const name of await readdir(lib as string)) {
      const path = join(lib as string, name);
      const { spans, size } = await readCounting(path);
      const sorted = [...spans].sort((a, b) => a[0] - b[0]);
      let reached = 0;
      let total = 0;
      for (const [start, end] of sorted) {
        expect(start, `${name}: bytes ${start}..${Math.min(end, reached)} read twice`).toBeGreaterThanOrEqual(reached);
        reached = end;
        total += end - start;
      }
      // Their tables (headers, imports, exports, manifest) are 1% to 19% of each file (C++ export
      // names make libvips-cpp's the largest share); the reader used to read the first 64 KiB twice.
      expect(total, name).toBeLessThan(size * 0.2);
      expect(total, name).toBeGreaterThan(0);
    }
  });

  it('finds the manifest without reading the resource section wholesale', async () => {
    const path = join(lib as string, 'libvips-42.dll');
    const { spans } = await readCounting(path);
    const module = await readModule(path);
    expect(module.format).toBe('pe');
    // 18 MB file: headers, import/export tables and the resource path to the manifest only.
    expect(spans.reduce((sum, [a, b]) => sum + b - a, 0)).toBeLessThan(1024 * 1024);
  });
});

describe.skipIf(lib === null)('synchronous file source on real DLLs', () => {
  it('reads the same module as the whole file in memory does', async () => {
    for (const name of await readdir(lib as string)) {
      const path = join(lib as string, name);
      expect(readModuleSync(path), name).toEqual(await readModuleFromBytes(path, readFileSync(path)));
    }
  });

  it('reads no byte twice, in one read per round of the parse', async () => {
    for (const name of await readdir(lib as string)) {
      const { spans, size, error } = readCountingSync(join(lib as string, name));
      expect(error, name).toBeNull();
      const sorted = [...spans].sort((a, b) => a[0] - b[0]);
      let reached = 0;
      for (const [start, end] of sorted) {
        expect(start, `${name}: bytes ${start}..${Math.min(end, reached)} read twice`).toBeGreaterThanOrEqual(reached);
        reached = end;
      }
      expect(spans.reduce((sum, [a, b]) => sum + b - a, 0), name).toBeLessThan(size * 0.2);
      // Headers, directories, tables, names, manifest: a few rounds, each a few reads.
      expect(spans.length, name).toBeLessThan(40);
    }
  });

  it('gives every file of a batch its own result, in order, reusing one buffer', async () => {
    const names = (await readdir(lib as string)).sort();
    const paths = [...names.map((n) => join(lib as string, n)), join(lib as string, 'missing.dll')];
    const results = await readModules(paths);
    expect(results.map((r) => r.path)).toEqual(paths);
    for (const [i, name] of names.entries()) expect(results[i]?.module, name).toEqual(await readModuleFromBytes(paths[i] as string, readFileSync(paths[i] as string)));
    expect(results.at(-1)?.error?.code).toBe('unreadable');
  });
});

describe.skipIf(process.platform !== 'linux')('synchronous file source on what is not a file', () => {
  it('refuses a FIFO at once instead of waiting for a writer, and a folder, and a device', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'byte-source-'));
    try {
      const fifo = join(dir, 'pipe.so');
      execFileSync('mkfifo', [fifo]);
      for (const path of [fifo, dir, '/dev/zero']) {
        let error: unknown = null;
        try {
          openFileSourceSync(path).close();
        } catch (e) {
          error = e;
        }
        expect(error, path).toBeInstanceOf(BinaryReadError);
        expect((error as BinaryReadError).message, path).toMatch(/not a regular file/);
      }
      await expect(readModule(fifo)).rejects.toThrow(/not a regular file/);
      expect(() => openFileSourceSync(join(dir, 'absent.dll'))).toThrow(/cannot open: ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
