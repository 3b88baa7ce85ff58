import { open, stat } from 'node:fs/promises';
import { BinaryReadError } from './binary-errors';

/**
 * Random access to the bytes of one module file, read in cached blocks.
 *
 * Modules can be 20 MB and more and an environment holds thousands of them, while the tables a
 * loader needs (headers, imports, exports, dynamic section) are a few kilobytes. Parsers are written
 * as synchronous functions over `ByteView`; when one touches a block that is not loaded yet it
 * throws `NeedBytes`, `parseWithBytes` loads that block with a positioned read
 * (FileHandle.read) and runs the parser again. Nothing is ever allocated by a size read from the
 * file: blocks have a fixed size and their number is capped.
 */
export interface ByteSource {
  readonly path: string;
  readonly size: number;
  /** Reads exactly `length` bytes at `position` (at most 64 blocks). */
  readBlock(position: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export const BLOCK_SIZE = 64 * 1024;
/** At most this many string bytes are scanned for one file (real modules: a few MB at most). */
const STRING_BUDGET = 64 * 1024 * 1024;
/** At most this many blocks (16 MB) are loaded for one file. */
const MAX_BLOCKS = 256;

/** Thrown by `ByteView` when a parser touches blocks not loaded yet. */
class NeedBytes {
  constructor(readonly blocks: readonly number[]) {}
}

/** Synchronous little/big-endian accessors over the loaded blocks of a `ByteSource`. */
export class ByteView {
  readonly size: number;
  readonly path: string;
  littleEndian = true;
  private readonly blocks = new Map<number, DataView>();
  private readonly raw = new Map<number, Buffer>();
  /** String bytes a parse may still scan; caps the work a hostile file can cause. */
  stringBudget = STRING_BUDGET;

  constructor(path: string, size: number) {
    this.path = path;
    this.size = size;
  }

  /** Fails with "truncated" unless [offset, offset+length) lies inside the file. */
  check(offset: number, length: number, what: string): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || length < 0 || offset + length > this.size) {
      throw new BinaryReadError('truncated', this.path, `${what} at offset ${offset} (+${length}) lies beyond the end of the file (${this.size} bytes)`);
    }
  }

  private view(offset: number): DataView {
    const block = Math.floor(offset / BLOCK_SIZE);
    const view = this.blocks.get(block);
    if (!view) throw new NeedBytes([block]);
    return view;
  }

  /**
   * Declares the byte ranges a table is about to use, so all their missing blocks are loaded in
   * one go rather than one re-run per block. Ranges outside the file are clipped (the accessors
   * still report them); at most `MAX_BLOCKS` blocks are asked for.
   */
  prefetch(ranges: readonly (readonly [offset: number, length: number])[]): void {
    const missing: number[] = [];
    for (const [offset, length] of ranges) {
      if (!Number.isSafeInteger(offset) || offset < 0 || offset >= this.size || length <= 0) continue;
      const last = Math.floor((Math.min(this.size, offset + length) - 1) / BLOCK_SIZE);
      for (let b = Math.floor(offset / BLOCK_SIZE); b <= last && missing.length < MAX_BLOCKS; b++) {
        if (!this.blocks.has(b) && !missing.includes(b)) missing.push(b);
      }
    }
    if (missing.length > 0 && this.blocks.size + missing.length <= MAX_BLOCKS) throw new NeedBytes(missing.sort((a, b) => a - b));
  }

  u8(offset: number): number {
    this.check(offset, 1, 'byte');
    return this.view(offset).getUint8(offset % BLOCK_SIZE);
  }

  u16(offset: number): number {
    this.check(offset, 2, 'field');
    const inner = offset % BLOCK_SIZE;
    if (inner <= BLOCK_SIZE - 2) return this.view(offset).getUint16(inner, this.littleEndian);
    const a = this.u8(offset);
    const b = this.u8(offset + 1);
    return this.littleEndian ? a | (b << 8) : (a << 8) | b;
  }

  u32(offset: number): number {
    this.check(offset, 4, 'field');
    const inner = offset % BLOCK_SIZE;
    if (inner <= BLOCK_SIZE - 4) return this.view(offset).getUint32(inner, this.littleEndian);
    const lo = this.u16(offset);
    const hi = this.u16(offset + 2);
    return this.littleEndian ? (lo + hi * 0x10000) : (lo * 0x10000 + hi);
  }

  /** A 64-bit field as a number; values above 2^53 are returned as Infinity (callers range-check). */
  u64(offset: number): number {
    const a = this.u32(offset);
    const b = this.u32(offset + 4);
    const [lo, hi] = this.littleEndian ? [a, b] : [b, a];
    const value = hi * 0x1_0000_0000 + lo;
    return Number.isSafeInteger(value) ? value : Infinity;
  }

  /** Bytes [offset, offset+length) copied out; length is capped by the caller. */
  bytes(offset: number, length: number): Uint8Array {
    this.check(offset, length, 'data');
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.u8(offset + i);
    return out;
  }

  /** A NUL-terminated Latin-1/ASCII string of at most `max` bytes. */
  cstring(offset: number, max = 4096): string {
    this.check(offset, 1, 'string');
    let out = '';
    let at = offset;
    while (at - offset < max) {
      if (at >= this.size) throw new BinaryReadError('truncated', this.path, `string at offset ${offset} runs past the end of the file`);
      const block = Math.floor(at / BLOCK_SIZE);
      const bytes = this.raw.get(block);
      if (!bytes) throw new NeedBytes([block]);
      const start = at % BLOCK_SIZE;
      const end = Math.min(bytes.length, start + max - (at - offset));
      const found = bytes.indexOf(0, start);
      const nul = found >= 0 && found < end ? found : -1;
      const stop = nul < 0 ? end : nul;
      this.stringBudget -= stop - start + 1;
      if (this.stringBudget < 0) throw new BinaryReadError('too-large', this.path, 'the string tables are larger than any real module has');
      out += bytes.toString('latin1', start, stop);
      if (nul >= 0) return out;
      at += stop - start;
    }
    throw new BinaryReadError('malformed', this.path, `string at offset ${offset} is longer than ${max} bytes`);
  }

  /** A NUL-terminated UTF-8 string of at most `max` bytes (ELF symbol names). */
  utf8string(offset: number, max = 4096): string {
    const ascii = this.cstring(offset, max);
    // eslint-disable-next-line no-control-regex
    return /[^\x00-\x7f]/.test(ascii) ? Buffer.from(ascii, 'latin1').toString('utf8') : ascii;
  }

  hasBlock(block: number): boolean {
    return this.blocks.has(block);
  }

  get loadedBlocks(): number {
    return this.blocks.size;
  }

  addBlock(block: number, bytes: Uint8Array): void {
    this.raw.set(block, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.blocks.set(block, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
}

/**
 * Runs a synchronous parser over a source, loading the blocks it asks for until it completes.
 *
 * The parser must be free of side effects outside its return value (it may run several times).
 */
export async function parseWithBytes<T>(source: ByteSource, view: ByteView, parse: (view: ByteView) => T): Promise<T> {
  for (let rerun = 0; ; rerun++) {
    try {
      view.stringBudget = STRING_BUDGET;
      return parse(view);
    } catch (error) {
      if (!(error instanceof NeedBytes)) throw error;
      if (view.loadedBlocks >= MAX_BLOCKS) {
        throw new BinaryReadError('too-large', source.path, `the tables span more than ${(MAX_BLOCKS * BLOCK_SIZE) / 1048576} MB`);
      }
      // Read ahead: tables usually continue in the next block. A parse that keeps asking for
      // scattered blocks gets bigger batches, so the number of re-runs stays small.
      const wanted = new Set<number>();
      const batch = error.blocks.length > 1 ? 1 : rerun < 32 ? 2 : 16;
      for (const first of error.blocks) {
        for (let block = first; block < first + batch; block++) {
          if (block * BLOCK_SIZE < source.size && !view.hasBlock(block)) wanted.add(block);
        }
      }
      await loadBlocks(source, view, [...wanted].sort((a, b) => a - b).slice(0, MAX_BLOCKS - view.loadedBlocks));
    }
  }
}

/** Loads blocks, reading each run of consecutive blocks with one positioned read. */
async function loadBlocks(source: ByteSource, view: ByteView, blocks: readonly number[]): Promise<void> {
  const reads: Promise<void>[] = [];
  for (let i = 0; i < blocks.length; ) {
    let j = i;
    while (j + 1 < blocks.length && blocks[j + 1] === (blocks[j] as number) + 1 && j - i < 63) j++;
    const first = blocks[i] as number;
    const count = j - i + 1;
    const start = first * BLOCK_SIZE;
    const length = Math.min(count * BLOCK_SIZE, source.size - start);
    reads.push(source.readBlock(start, length).then((bytes) => {
      for (let k = 0; k < count; k++) view.addBlock(first + k, bytes.subarray(k * BLOCK_SIZE, Math.min(length, (k + 1) * BLOCK_SIZE)));
    }));
    i = j + 1;
  }
  await Promise.all(reads);
}

/** A source over a file on disk, read with positioned reads on one FileHandle. */
export async function openFileSource(path: string): Promise<ByteSource> {
  // Checked before open(): opening a FIFO blocks until a writer comes, and a device never ends.
  const kind = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new BinaryReadError('unreadable', path, `cannot open: ${error.code ?? String(error)}`);
  });
  if (!kind.isFile()) throw new BinaryReadError('unreadable', path, 'not a regular file (a folder, device or pipe)');
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new BinaryReadError('unreadable', path, `cannot open: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    const fh = handle;
    // The first block is read together with the stat: every parse starts there.
    const first = Buffer.allocUnsafe(BLOCK_SIZE);
    const [stat, head] = await Promise.all([fh.stat(), fh.read(first, 0, BLOCK_SIZE, 0)]);
    if (!stat.isFile()) {
      throw new BinaryReadError('unreadable', path, 'not a regular file');
    }
    const firstLength = Math.min(head.bytesRead, stat.size);
    return {
      path,
      size: stat.size,
      async readBlock(position, length) {
        if (position === 0 && length <= firstLength) return first.subarray(0, length);
        const buffer = Buffer.allocUnsafe(length);
        let done = 0;
        while (done < length) {
          const { bytesRead } = await fh.read(buffer, done, length - done, position + done).catch((error: NodeJS.ErrnoException) => {
            throw new BinaryReadError('unreadable', path, `read failed: ${error.code ?? String(error)}`);
          });
          if (bytesRead === 0) throw new BinaryReadError('truncated', path, 'the file shrank while it was read');
          done += bytesRead;
        }
        return buffer;
      },
      close: () => fh.close(),
    };
  } catch (error) {
    await handle.close();
    if (error instanceof BinaryReadError) throw error;
    throw new BinaryReadError('unreadable', path, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** A source over bytes already in memory (tests, fuzzing, archives). */
export function memorySource(path: string, bytes: Uint8Array): ByteSource {
  return {
    path,
    size: bytes.byteLength,
    readBlock: async (position, length) => bytes.subarray(position, position + length),
    close: async () => {},
  };
}
