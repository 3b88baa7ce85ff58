import { open, stat } from 'node:fs/promises';
import { BinaryReadError } from './binary-errors';

/**
 * Random access to the bytes of one module file, read page by page, each page at most once.
 *
 * Modules can be 20 MB and more and an environment holds thousands of them, while the tables a
 * loader needs (headers, imports, exports, dynamic section) are a few kilobytes. Parsers are written
 * as synchronous functions over `ByteView`. `parseWithBytes` runs a parser speculatively: a page
 * not loaded yet reads as zeros and is noted; when the run touched missing pages (whatever it
 * returned or threw), those pages are read, each run of neighbouring pages with one positioned
 * read, and the parser runs again. The number of runs is the depth of the table chain (headers,
 * directory, table, names: about five), not the number of pages. Nothing is ever allocated by a
 * size read from the file: pages have a fixed size and their number is capped.
 */
export interface ByteSource {
  readonly path: string;
  readonly size: number;
  /** The first bytes of the file, already read when the source was opened (at most one page). */
  readonly head: Uint8Array;
  /** Reads exactly `length` bytes at `position`. */
  read(position: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** The unit of reading: small enough that a table costs little more than its own bytes. */
export const PAGE_SIZE = 4096;
/** At most this many string bytes are scanned for one file (real modules: a few MB at most). */
const STRING_BUDGET = 64 * 1024 * 1024;
/** At most this many pages (16 MB) are loaded for one file. */
const MAX_PAGES = 4096;
/** At most this many speculative runs for one file (real modules need fewer than 20). */
const MAX_RUNS = 256;
/** Missing pages this close to each other are read with one call (the gap is read too, once). */
const MERGE_GAP_PAGES = 1;

/** Synchronous little/big-endian accessors over the loaded pages of a `ByteSource`. */
export class ByteView {
  readonly size: number;
  readonly path: string;
  littleEndian = true;
  private readonly pages = new Map<number, DataView>();
  private readonly raw = new Map<number, Buffer>();
  /** Pages the current run touched before they were loaded. */
  readonly missing = new Set<number>();
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

  private view(offset: number): DataView | null {
    const page = Math.floor(offset / PAGE_SIZE);
    const view = this.pages.get(page);
    if (!view) this.missing.add(page);
    return view ?? null;
  }

  /**
   * Declares the byte ranges a table is about to use (a directory whose size the file states),
   * so their pages are read in the same round as the first page the parser touched. Ranges
   * outside the file are clipped (the accessors still report them).
   */
  prefetch(ranges: readonly (readonly [offset: number, length: number])[]): void {
    for (const [offset, length] of ranges) {
      if (!Number.isSafeInteger(offset) || offset < 0 || offset >= this.size || length <= 0) continue;
      const last = Math.floor((Math.min(this.size, offset + length) - 1) / PAGE_SIZE);
      for (let p = Math.floor(offset / PAGE_SIZE); p <= last && this.missing.size < MAX_PAGES; p++) {
        if (!this.pages.has(p)) this.missing.add(p);
      }
    }
  }

  u8(offset: number): number {
    this.check(offset, 1, 'byte');
    return this.view(offset)?.getUint8(offset % PAGE_SIZE) ?? 0;
  }

  u16(offset: number): number {
    this.check(offset, 2, 'field');
    const inner = offset % PAGE_SIZE;
    if (inner <= PAGE_SIZE - 2) return this.view(offset)?.getUint16(inner, this.littleEndian) ?? 0;
    const a = this.u8(offset);
    const b = this.u8(offset + 1);
    return this.littleEndian ? a | (b << 8) : (a << 8) | b;
  }

  u32(offset: number): number {
    this.check(offset, 4, 'field');
    const inner = offset % PAGE_SIZE;
    if (inner <= PAGE_SIZE - 4) return this.view(offset)?.getUint32(inner, this.littleEndian) ?? 0;
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
    for (let at = offset; at < offset + length; ) {
      const page = Math.floor(at / PAGE_SIZE);
      const start = at % PAGE_SIZE;
      const take = Math.min(PAGE_SIZE - start, offset + length - at);
      const bytes = this.raw.get(page);
      if (bytes) out.set(bytes.subarray(start, start + take), at - offset);
      else this.missing.add(page);
      at += take;
    }
    return out;
  }

  /** A NUL-terminated Latin-1/ASCII string of at most `max` bytes. */
  cstring(offset: number, max = 4096): string {
    this.check(offset, 1, 'string');
    let out = '';
    let at = offset;
    while (at - offset < max) {
      if (at >= this.size) throw new BinaryReadError('truncated', this.path, `string at offset ${offset} runs past the end of the file`);
      const page = Math.floor(at / PAGE_SIZE);
      const bytes = this.raw.get(page);
      if (!bytes) {
        // The rest of the string is on a page not loaded yet: this run's value is provisional.
        this.missing.add(page);
        return out;
      }
      const start = at % PAGE_SIZE;
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

  hasPage(page: number): boolean {
    return this.pages.has(page);
  }

  get loadedPages(): number {
    return this.pages.size;
  }

  /** Adds bytes read at a page boundary; they may span several pages (the last one may be short). */
  addBytes(firstPage: number, bytes: Uint8Array): void {
    for (let k = 0; k * PAGE_SIZE < bytes.byteLength; k++) {
      const page = bytes.subarray(k * PAGE_SIZE, Math.min(bytes.byteLength, (k + 1) * PAGE_SIZE));
      this.raw.set(firstPage + k, Buffer.from(page.buffer, page.byteOffset, page.byteLength));
      this.pages.set(firstPage + k, new DataView(page.buffer, page.byteOffset, page.byteLength));
    }
  }
}

/**
 * Runs a synchronous parser over a source, loading the pages it touches until a run needs none
 * that are missing; that run's result (or error) is the answer.
 *
 * The parser must be free of side effects outside its return value (it runs several times, and
 * runs that touched missing pages saw zeros there).
 */
export async function parseWithBytes<T>(source: ByteSource, view: ByteView, parse: (view: ByteView) => T): Promise<T> {
  if (view.loadedPages === 0 && source.head.byteLength > 0) view.addBytes(0, source.head);
  for (let run = 0; ; run++) {
    view.missing.clear();
    view.stringBudget = STRING_BUDGET;
    let result: T;
    try {
      result = parse(view);
    } catch (error) {
      if (view.missing.size === 0) throw error;
    }
    if (view.missing.size === 0) return result!;
    const wanted = [...view.missing].filter((p) => p * PAGE_SIZE < source.size).sort((a, b) => a - b);
    if (view.loadedPages + wanted.length > MAX_PAGES) {
      throw new BinaryReadError('too-large', source.path, `the tables span more than ${(MAX_PAGES * PAGE_SIZE) / 1048576} MB`);
    }
    if (run >= MAX_RUNS) throw new BinaryReadError('too-large', source.path, `the tables are chained more than ${MAX_RUNS} levels deep`);
    await loadPages(source, view, wanted);
  }
}

/** Loads pages, reading each run of neighbouring pages with one positioned read. */
async function loadPages(source: ByteSource, view: ByteView, pages: readonly number[]): Promise<void> {
  const reads: Promise<void>[] = [];
  for (let i = 0; i < pages.length; ) {
    let j = i;
    while (j + 1 < pages.length && (pages[j + 1] as number) - (pages[j] as number) <= MERGE_GAP_PAGES + 1) j++;
    const first = pages[i] as number;
    const last = pages[j] as number;
    const start = first * PAGE_SIZE;
    const length = Math.min((last + 1) * PAGE_SIZE, source.size) - start;
    reads.push(readGaps(source, view, first, last, start, length));
    i = j + 1;
  }
  await Promise.all(reads);
}

/** Reads pages first..last, skipping any already loaded inside the span (no byte is read twice). */
async function readGaps(source: ByteSource, view: ByteView, first: number, last: number, start: number, length: number): Promise<void> {
  let inside = false;
  for (let p = first; p <= last; p++) if (view.hasPage(p)) inside = true;
  if (!inside) {
    view.addBytes(first, await source.read(start, length));
    return;
  }
  const reads: Promise<void>[] = [];
  for (let p = first; p <= last; ) {
    if (view.hasPage(p)) { p++; continue; }
    let q = p;
    while (q + 1 <= last && !view.hasPage(q + 1)) q++;
    const at = p * PAGE_SIZE;
    const page = p;
    reads.push(source.read(at, Math.min((q + 1) * PAGE_SIZE, source.size) - at).then((bytes) => view.addBytes(page, bytes)));
    p = q + 1;
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
    // The first page is read together with the stat: every parse starts there. It is handed to
    // the parser as `head` and never read again.
    const first = Buffer.allocUnsafe(PAGE_SIZE);
    const [stat, head] = await Promise.all([fh.stat(), fh.read(first, 0, PAGE_SIZE, 0)]);
    if (!stat.isFile()) {
      throw new BinaryReadError('unreadable', path, 'not a regular file');
    }
    return {
      path,
      size: stat.size,
      head: first.subarray(0, Math.min(head.bytesRead, stat.size)),
      async read(position, length) {
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
    head: bytes.subarray(0, PAGE_SIZE),
    read: async (position, length) => bytes.subarray(position, position + length),
    close: async () => {},
  };
}
