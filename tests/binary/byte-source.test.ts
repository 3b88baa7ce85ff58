import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileSource, type ByteSource } from '../../app/binary/byte-source';
import { readModule, readModuleFrom } from '../../app/binary/read-module';
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
