import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
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

/** Where a ByteView keeps its pages: one buffer, grown by doubling, reused by the next file. */
export class PageArena {
  bytes: Buffer;
  data: DataView;

  constructor(initialBytes = 64 * 1024) {
    this.bytes = Buffer.allocUnsafe(initialBytes);
    this.data = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  /** Makes room for `total` bytes, keeping the first `used` (a view's pages so far). */
  reserve(total: number, used: number): void {
    if (total <= this.bytes.byteLength) return;
    let size = this.bytes.byteLength;
    while (size < total) size *= 2;
    const bigger = Buffer.allocUnsafe(size);
    this.bytes.copy(bigger, 0, 0, used);
    this.bytes = bigger;
    this.data = new DataView(bigger.buffer, bigger.byteOffset, bigger.byteLength);
  }
}

/** Fresh views start with this much room; a typical module needs 5 to 20 pages. */
const OWN_ARENA_BYTES = 16 * PAGE_SIZE;

/** Synchronous little/big-endian accessors over the loaded pages of a `ByteSource`. */
export class ByteView {
  readonly size: number;
  readonly path: string;
  littleEndian = true;
  /** Page number → where that page starts in the arena. */
  private readonly slots = new Map<number, number>();
  private readonly arena: PageArena;
  /** Bytes of the arena this view has filled. */
  private used = 0;
  /** The page the last access hit (most accesses of a table stay on one page). */
  private lastPage = -1;
  private lastSlot = -1;
  /** Pages the current run touched before they were loaded. */
  readonly missing = new Set<number>();
  /** String bytes a parse may still scan; caps the work a hostile file can cause. */
  stringBudget = STRING_BUDGET;

  /**
   * `arena` lets one file's view reuse the buffer of the previous one (a batch read synchronously,
   * one file at a time); the view then owns the arena until it is dropped.
   */
  constructor(path: string, size: number, arena?: PageArena) {
    this.path = path;
    this.size = size;
    this.arena = arena ?? new PageArena(OWN_ARENA_BYTES);
  }

  /** Fails with "truncated" unless [offset, offset+length) lies inside the file. */
  check(offset: number, length: number, what: string): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || length < 0 || offset + length > this.size) {
      throw new BinaryReadError('truncated', this.path, `${what} at offset ${offset} (+${length}) lies beyond the end of the file (${this.size} bytes)`);
    }
  }

  /** Where `page` starts in the arena, or -1 (noted as missing) when it is not loaded yet. */
  private slot(page: number): number {
    if (page === this.lastPage) return this.lastSlot;
    const slot = this.slots.get(page);
    if (slot === undefined) {
      this.missing.add(page);
      return -1;
    }
    this.lastPage = page;
    this.lastSlot = slot;
    return slot;
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
        if (!this.slots.has(p)) this.missing.add(p);
      }
    }
  }

  u8(offset: number): number {
    this.check(offset, 1, 'byte');
    const slot = this.slot(Math.floor(offset / PAGE_SIZE));
    return slot < 0 ? 0 : (this.arena.bytes[slot + (offset % PAGE_SIZE)] as number);
  }

  u16(offset: number): number {
    this.check(offset, 2, 'field');
    const inner = offset % PAGE_SIZE;
    if (inner <= PAGE_SIZE - 2) {
      const slot = this.slot((offset - inner) / PAGE_SIZE);
      return slot < 0 ? 0 : this.arena.data.getUint16(slot + inner, this.littleEndian);
    }
    const a = this.u8(offset);
    const b = this.u8(offset + 1);
    return this.littleEndian ? a | (b << 8) : (a << 8) | b;
  }

  u32(offset: number): number {
    this.check(offset, 4, 'field');
    const inner = offset % PAGE_SIZE;
    if (inner <= PAGE_SIZE - 4) {
      const slot = this.slot((offset - inner) / PAGE_SIZE);
      return slot < 0 ? 0 : this.arena.data.getUint32(slot + inner, this.littleEndian);
    }
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
      const slot = this.slot(page);
      if (slot >= 0) out.set(this.arena.bytes.subarray(slot + start, slot + start + take), at - offset);
      at += take;
    }
    return out;
  }

  /**
   * Bytes [offset, offset+length) as Latin-1 text, decoded from the arena page by page (a
   * string table read in one call: its names are then cut out of one string). Null when a page
   * is not loaded yet (noted as missing, as every accessor does).
   */
  latin1(offset: number, length: number): string | null {
    this.check(offset, length, 'text');
    let out = '';
    let complete = true;
    for (let at = offset; at < offset + length; ) {
      const page = Math.floor(at / PAGE_SIZE);
      const inner = at % PAGE_SIZE;
      const take = Math.min(PAGE_SIZE - inner, offset + length - at);
      const slot = this.slot(page);
      if (slot < 0) complete = false;
      else if (complete) out += latin1(this.arena.bytes, slot + inner, slot + inner + take);
      at += take;
    }
    return complete ? out : null;
  }

  /** A NUL-terminated Latin-1/ASCII string of at most `max` bytes, decoded straight from the arena. */
  cstring(offset: number, max = 4096): string {
    this.check(offset, 1, 'string');
    let out = '';
    let at = offset;
    while (at - offset < max) {
      if (at >= this.size) throw new BinaryReadError('truncated', this.path, `string at offset ${offset} runs past the end of the file`);
      const page = Math.floor(at / PAGE_SIZE);
      const slot = this.slot(page);
      // The rest of the string is on a page not loaded yet: this run's value is provisional.
      if (slot < 0) return out;
      const inner = at % PAGE_SIZE;
      const start = slot + inner;
      const end = start + Math.min(Math.min(PAGE_SIZE, this.size - page * PAGE_SIZE) - inner, max - (at - offset));
      const bytes = this.arena.bytes;
      let stop = start;
      while (stop < end && bytes[stop] !== 0) stop++;
      this.stringBudget -= stop - start + 1;
      if (this.stringBudget < 0) throw new BinaryReadError('too-large', this.path, 'the string tables are larger than any real module has');
      out += latin1(bytes, start, stop);
      if (stop < end) return out;
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
    return this.slots.has(page);
  }

  get loadedPages(): number {
    return this.slots.size;
  }

  /** Adds bytes read at a page boundary; they may span several pages (the last one may be short). */
  addBytes(firstPage: number, bytes: Uint8Array): void {
    this.arena.reserve(this.used + bytes.byteLength, this.used);
    for (let k = 0; k * PAGE_SIZE < bytes.byteLength; k++) {
      if (this.slots.has(firstPage + k)) continue;
      const page = bytes.subarray(k * PAGE_SIZE, Math.min(bytes.byteLength, (k + 1) * PAGE_SIZE));
      this.arena.bytes.set(page, this.used);
      this.slots.set(firstPage + k, this.used);
      this.used += page.byteLength;
    }
  }

  /**
   * Reads pages first..last (the last may be short) straight into the arena with one call of
   * `read(target, offset, length, position)`, which must fill exactly `length` bytes. The pages
   * must not be loaded yet.
   */
  readPages(first: number, last: number, read: (target: Buffer, offset: number, length: number, position: number) => void): void {
    const position = first * PAGE_SIZE;
    const length = Math.min((last + 1) * PAGE_SIZE, this.size) - position;
    this.arena.reserve(this.used + length, this.used);
    read(this.arena.bytes, this.used, length, position);
    for (let p = first; p <= last; p++) this.slots.set(p, this.used + (p - first) * PAGE_SIZE);
    this.used += length;
  }
}

type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };

/** Latin-1 text of bytes[start, stop): Buffer's own slice, without toString's argument checks. */
function latin1(bytes: Buffer, start: number, stop: number): string {
  return stop === start ? '' : (bytes as Latin1Buffer).latin1Slice(start, stop);
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
    const step = parseRun(source, view, parse, run);
    if ('result' in step) return step.result;
    await loadPages(source, view, step.wanted);
  }
}

/**
 * One run of a parser: its result (or error) when it touched no missing page, else the missing
 * pages to read, sorted, within the caps on pages and runs.
 */
function parseRun<T>(source: { readonly path: string; readonly size: number }, view: ByteView, parse: (view: ByteView) => T, run: number): { result: T } | { wanted: number[] } {
  view.missing.clear();
  view.stringBudget = STRING_BUDGET;
  let result: T;
  try {
    result = parse(view);
  } catch (error) {
    if (view.missing.size === 0) throw error;
  }
  if (view.missing.size === 0) return { result: result! };
  const wanted = [...view.missing].filter((p) => p * PAGE_SIZE < source.size).sort((a, b) => a - b);
  if (view.loadedPages + wanted.length > MAX_PAGES) {
    throw new BinaryReadError('too-large', source.path, `the tables span more than ${(MAX_PAGES * PAGE_SIZE) / 1048576} MB`);
  }
  if (run >= MAX_RUNS) throw new BinaryReadError('too-large', source.path, `the tables are chained more than ${MAX_RUNS} levels deep`);
  return { wanted };
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

/**
 * A file read with synchronous positioned reads on one descriptor: what a batch of files wants.
 *
 * Each asynchronous file-system call costs a trip through libuv's thread pool and a promise,
 * more than the read itself for a table of a few kilobytes; a file read this way costs one open,
 * one fstat, one read per round of the parse (see parseWithBytesSync) and one close.
 */
export interface SyncByteSource {
  readonly path: string;
  readonly size: number;
  /** Reads exactly `length` bytes at `position` into target[offset…]. */
  readInto(target: Uint8Array, offset: number, length: number, position: number): void;
  close(): void;
}

/**
 * Opens a file for synchronous reading. Opened without blocking and checked with fstat after
 * open (no stat before it): a FIFO opened this way does not wait for a writer, and anything
 * but a regular file is refused before a byte is read.
 */
export function openFileSourceSync(path: string): SyncByteSource {
  let fd: number;
  try {
    // O_NONBLOCK does not exist on Windows (and FIFOs are not files there).
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new BinaryReadError('unreadable', path, `cannot open: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new BinaryReadError('unreadable', path, 'not a regular file (a folder, device or pipe)');
    return {
      path,
      size: info.size,
      readInto(target, offset, length, position) {
        let done = 0;
        while (done < length) {
          let bytesRead: number;
          try {
            bytesRead = readSync(fd, target, offset + done, length - done, position + done);
          } catch (error) {
            throw new BinaryReadError('unreadable', path, `read failed: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
          }
          if (bytesRead === 0) throw new BinaryReadError('truncated', path, 'the file shrank while it was read');
          done += bytesRead;
        }
      },
      close: () => closeSync(fd),
    };
  } catch (error) {
    closeSync(fd);
    if (error instanceof BinaryReadError) throw error;
    throw new BinaryReadError('unreadable', path, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/**
 * parseWithBytes for a synchronous source: the same rounds (run, read the pages the run missed,
 * run again), each run of neighbouring missing pages read with one call straight into the view.
 */
export function parseWithBytesSync<T>(source: SyncByteSource, view: ByteView, parse: (view: ByteView) => T): T {
  // Every parse starts at the first page: read it before the first run rather than after it.
  if (view.loadedPages === 0 && source.size > 0) view.readPages(0, 0, (t, o, l, p) => source.readInto(t, o, l, p));
  for (let run = 0; ; run++) {
    const step = parseRun(source, view, parse, run);
    if ('result' in step) return step.result;
    loadPagesSync(source, view, step.wanted);
  }
}

/** Loads pages, one read per run of neighbouring missing pages (a gap of one page is read too, once). */
function loadPagesSync(source: SyncByteSource, view: ByteView, pages: readonly number[]): void {
  const read = (t: Buffer, o: number, l: number, p: number): void => source.readInto(t, o, l, p);
  for (let i = 0; i < pages.length; ) {
    let j = i;
    while (j + 1 < pages.length && (pages[j + 1] as number) - (pages[j] as number) <= MERGE_GAP_PAGES + 1) j++;
    // A gap page already loaded splits the span: no byte is read twice.
    let p = pages[i] as number;
    const last = pages[j] as number;
    while (p <= last) {
      if (view.hasPage(p)) { p++; continue; }
      let q = p;
      while (q + 1 <= last && !view.hasPage(q + 1)) q++;
      view.readPages(p, q, read);
      p = q + 1;
    }
    i = j + 1;
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
