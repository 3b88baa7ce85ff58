import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256OfFile } from '../../app/envs/file-hash';

const dir = mkdtempSync(join(tmpdir(), 'pdd-file-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hex = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString('hex'));
const reference = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('sha256OfFile', () => {
  it('gives the digest of the whole file for a real shared library larger than one chunk (Node itself)', async () => {
    // The node binary: tens of MB, so the file is read in many 1 MB chunks with turns of the event loop between.
    expect(hex(await sha256OfFile(process.execPath))).toBe(reference(process.execPath));
  }, 60_000);

  it('gives the digest RECORD holds for an empty file and for a file of exactly one chunk', async () => {
    const empty = join(dir, 'empty');
    const oneChunk = join(dir, 'one-chunk');
    writeFileSync(empty, '');
    writeFileSync(oneChunk, Buffer.alloc(1024 * 1024, 7));
    expect(hex(await sha256OfFile(empty))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(await sha256OfFile(oneChunk))).toBe(reference(oneChunk));
  });

  it('keeps concurrent hashes apart although they share one read buffer', async () => {
    const files = [0, 1, 2].map((i) => {
      const file = join(dir, `many-${i}`);
      writeFileSync(file, Buffer.alloc(3 * 1024 * 1024 + i * 4099, i + 1));
      return file;
    });
    const digests = await Promise.all([...files, process.execPath].map((f) => sha256OfFile(f)));
    expect(digests.map(hex)).toEqual([...files, process.execPath].map(reference));
  }, 60_000);

  it('answers null for a missing file, a folder and a signal that has aborted', async () => {
    expect(await sha256OfFile(join(dir, 'not-there'))).toBeNull();
    expect(await sha256OfFile(dir)).toBeNull();
    expect(await sha256OfFile(process.execPath, AbortSignal.abort())).toBeNull();
  });

  it('does not wait for a writer when a FIFO takes a listed file\'s place', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // Opened non-blocking: an empty pipe without a writer reads as its end, at once.
    expect(hex(await sha256OfFile(fifo))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
