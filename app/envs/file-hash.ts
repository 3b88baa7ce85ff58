/**
 * SHA-256 of a file's content, read synchronously in large chunks into one reused buffer.
 *
 * The health check hashes every native file a RECORD lists (782 MB in the 108-distribution bench
 * environment of `diagnose --all`). Streamed in 64 KB chunks through a FileHandle, that cost 1.5–2.1 s
 * of CPU; read with `readSync` into one 1 MB buffer it costs 0.6–0.7 s for the same bytes and the same
 * digests (measured side by side, docs/benchmarks.md). The event loop gets a turn every few
 * milliseconds, so the interpreters' output and the rest of the diagnosis keep flowing while a large
 * library is hashed, and the caller's signal (the check's time budget) is looked at between chunks.
 * One read that never returns (a stalled network file system) is not interrupted: it holds the event
 * loop as the binary reader's synchronous reads of the same files do (app/binary/byte-source.ts).
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, openSync, readSync } from 'node:fs';

const CHUNK_BYTES = 1024 * 1024;
/** Longest stretch of reading and hashing before the event loop gets a turn. */
const SLICE_MS = 8;

/** One buffer for every call: its bytes are hashed before any await, so concurrent calls cannot mix them. */
let chunk: Buffer | null = null;

const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** SHA-256 of `file`; null when it cannot be opened or read, or when `signal` aborts first. */
export async function sha256OfFile(file: string, signal?: AbortSignal): Promise<Uint8Array | null> {
  if (signal?.aborted) return null;
  let fd: number;
  try {
    // O_NONBLOCK: should a FIFO take the file's place after it was checked, opening it does not wait for a writer.
    fd = openSync(file, constants.O_NONBLOCK === undefined ? 'r' : constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const hash = createHash('sha256');
    let sliceStart = performance.now();
    for (;;) {
      chunk ??= Buffer.allocUnsafe(CHUNK_BYTES);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      hash.update(chunk.subarray(0, n));
      if (performance.now() - sliceStart >= SLICE_MS) {
        await yieldTurn();
        if (signal?.aborted) return null;
        sliceStart = performance.now();
      }
    }
    return new Uint8Array(hash.digest());
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
