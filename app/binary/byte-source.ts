import { open } from 'node:fs/promises';
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
  /** Reads exactly `length` bytes at `position` (length is at most BLOCK_SIZE). */
  readBlock(position: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export const BLOCK_SIZE = 64 * 1024;
/** At most this many blocks (16 MB) are loaded for one file. */
const MAX_BLOCKS = 256;

/** Thrown by `ByteView` when a parser touches a block not loaded yet. */
class NeedBytes {
  constructor(readonly block: number) {}
}

/** Synchronous little/big-endian accessors over the loaded blocks of a `ByteSource`. */
export class ByteView {
  readonly size: number;
  readonly path: string;
  littleEndian = true;
  private readonly blocks = new Map<number, DataView>();

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
    if (!view) throw new NeedBytes(block);
    return view;
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
    let out = '';
    for (let i = 0; i < max; i++) {
      if (offset + i >= this.size) {
        throw new BinaryReadError('truncated', this.path, `string at offset ${offset} runs past the end of the file`);
      }
      const c = this.u8(offset + i);
      if (c === 0) return out;
      out += String.fromCharCode(c);
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
    this.blocks.set(block, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
}

/**
 * Runs a synchronous parser over a source, loading the blocks it asks for until it completes.
 *
 * The parser must be free of side effects outside its return value (it may run several times).
 */
export async function parseWithBytes<T>(source: ByteSource, view: ByteView, parse: (view: ByteView) => T): Promise<T> {
  for (;;) {
    try {
      return parse(view);
    } catch (error) {
      if (!(error instanceof NeedBytes)) throw error;
      if (view.loadedBlocks >= MAX_BLOCKS) {
        throw new BinaryReadError('too-large', source.path, `the tables span more than ${(MAX_BLOCKS * BLOCK_SIZE) / 1048576} MB`);
      }
      await loadBlock(source, view, error.block);
      // Read ahead: tables usually continue in the next block.
      const next = error.block + 1;
      if (next * BLOCK_SIZE < source.size && !view.hasBlock(next) && view.loadedBlocks < MAX_BLOCKS) {
        await loadBlock(source, view, next);
      }
    }
  }
}

async function loadBlock(source: ByteSource, view: ByteView, block: number): Promise<void> {
  const start = block * BLOCK_SIZE;
  const length = Math.min(BLOCK_SIZE, source.size - start);
  view.addBlock(block, await source.readBlock(start, length));
}

/** A source over a file on disk, read with positioned reads on one FileHandle. */
export async function openFileSource(path: string): Promise<ByteSource> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new BinaryReadError('unreadable', path, `cannot open: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new BinaryReadError('unreadable', path, 'not a regular file');
    }
    const fh = handle;
    return {
      path,
      size: stat.size,
      async readBlock(position, length) {
        const buffer = new Uint8Array(length);
        let done = 0;
        while (done < length) {
          const { bytesRead } = await fh.read(buffer, done, length - done, position + done);
          if (bytesRead === 0) throw new BinaryReadError('truncated', path, 'the file shrank while it was read');
          done += bytesRead;
        }
        return buffer;
      },
      close: () => fh.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
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
