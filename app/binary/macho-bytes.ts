import { BinaryReadError } from './binary-errors';
import type { ByteView } from './byte-source';

/**
 * Bounded reads inside one Mach-O slice.
 *
 * Every offset a load command stores is relative to the start of its slice (a universal file is
 * several images end to end), so each read adds the slice's base and is checked against the
 * slice's end, not only the file's: a command pointing past its slice is malformed even when the
 * next slice happens to be there.
 */
export class SliceBytes {
  constructor(readonly view: ByteView, readonly base: number, readonly size: number) {}

  get path(): string {
    return this.view.path;
  }

  /** Fails with "truncated" unless [offset, offset+length) lies inside the slice. */
  check(offset: number, length: number, what: string): void {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > this.size) {
      throw new BinaryReadError('truncated', this.view.path, `${what} at offset ${offset} (+${length}) lies beyond the end of the image (${this.size} bytes)`);
    }
  }

  u8(offset: number): number {
    this.check(offset, 1, 'byte');
    return this.view.u8(this.base + offset);
  }

  u16(offset: number): number {
    this.check(offset, 2, 'field');
    return this.view.u16(this.base + offset);
  }

  u32(offset: number): number {
    this.check(offset, 4, 'field');
    return this.view.u32(this.base + offset);
  }

  /** A 64-bit field; values above 2^53 read as Infinity (every use range-checks it). */
  u64(offset: number): number {
    this.check(offset, 8, 'field');
    return this.view.u64(this.base + offset);
  }

  bytes(offset: number, length: number): Uint8Array {
    this.check(offset, length, 'data');
    return this.view.bytes(this.base + offset, length);
  }

  /** A NUL-terminated string that must end before `limit` (the end of its table) and within `max` bytes. */
  cstring(offset: number, limit: number, max = 4096): string {
    return decodeUtf8(this.latin1(offset, limit, max));
  }

  /** The string's bytes as Latin-1 (one character per byte), so its stored length is known. */
  latin1(offset: number, limit: number, max = 4096): string {
    this.check(offset, 1, 'string');
    const room = Math.min(max, Math.min(limit, this.size) - offset);
    if (room <= 0) throw new BinaryReadError('malformed', this.view.path, `string at offset ${offset} starts past the end of its table`);
    return this.view.cstring(this.base + offset, room);
  }

  /** Declares a table's range so its pages are read in one round (clipped to the slice). */
  prefetch(offset: number, length: number): void {
    if (offset < 0 || offset >= this.size || length <= 0) return;
    this.view.prefetch([[this.base + offset, Math.min(length, this.size - offset)]]);
  }
}

/** A table larger than this (bind opcodes, an export trie) is not from a real image. */
export const MAX_TABLE = 16 * 1024 * 1024;

/**
 * A cursor over one table (bind opcodes, the export trie) copied out of the slice once: the
 * opcode and trie walks read byte by byte, and a plain array makes that cheap. Positions are
 * relative to the table's start; reads stay inside it.
 */
export class TableCursor {
  at = 0;
  /** The table's bytes (walks that read a run of bytes at once, such as trie labels, use them directly). */
  readonly data: Uint8Array;
  private readonly text: Buffer;

  constructor(bytes: SliceBytes, range: { offset: number; size: number }, readonly table: string, readonly path = bytes.path) {
    if (range.size > MAX_TABLE) throw new BinaryReadError('too-large', bytes.path, `${table}: ${range.size} bytes is larger than any real image has`);
    bytes.prefetch(range.offset, range.size);
    this.data = bytes.bytes(range.offset, range.size);
    this.text = Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength);
  }

  get size(): number {
    return this.data.length;
  }

  get done(): boolean {
    return this.at >= this.data.length;
  }

  private fail(detail: string): never {
    throw new BinaryReadError('malformed', this.path, `${this.table}: ${detail}`);
  }

  u8(): number {
    if (this.at >= this.data.length) this.fail(`runs past its end at offset ${this.at}`);
    return this.data[this.at++] as number;
  }

  /** Unsigned LEB128; more than 64 bits of value is malformed (ld64 and dyld reject it too). */
  uleb(): number {
    // One byte (most trie offsets, flags and bind operands below 128) needs no arithmetic.
    const at = this.at;
    if (at < this.data.length) {
      const first = this.data[at] as number;
      if (first < 0x80) {
        this.at = at + 1;
        return first;
      }
    }
    let value = 0;
    let scale = 1;
    for (let shift = 0; ; shift += 7) {
      if (shift > 63) this.fail('a ULEB128 number is longer than 64 bits');
      const byte = this.u8();
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) return Number.isSafeInteger(value) ? value : Infinity;
    }
  }

  /** Signed LEB128 (bind addends). */
  sleb(): number {
    let value = 0;
    let scale = 1;
    let byte: number;
    for (let shift = 0; ; shift += 7) {
      if (shift > 63) this.fail('an SLEB128 number is longer than 64 bits');
      byte = this.u8();
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) break;
    }
    if (byte & 0x40) value -= scale;
    return value;
  }

  /** A NUL-terminated string inside the table, of at most `max` bytes. */
  cstring(max = 4096): string {
    return decodeUtf8(this.latin1(max));
  }

  /**
   * The bytes of a NUL-terminated string, one character per byte: export-trie edge labels are
   * joined first and decoded as UTF-8 once (a character may be split between two edges).
   */
  latin1(max = 4096): string {
    const end = this.stringEnd(max);
    const text = latin1Text(this.text, this.at, end);
    this.at = end + 1;
    return text;
  }

  /** Where the NUL-terminated string at the cursor ends (its NUL), at most `max` bytes on; the cursor stays. */
  stringEnd(max = 4096): number {
    const data = this.data;
    let end = this.at;
    const limit = Math.min(data.length, this.at + max + 1);
    while (end < limit && data[end] !== 0) end++;
    if (end >= data.length) this.fail(`the string at offset ${this.at} runs past its end`);
    if (end - this.at > max) this.fail(`the string at offset ${this.at} is longer than ${max} bytes`);
    return end;
  }
}

type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };

/** Latin-1 text of bytes[start, end): Buffer's own slice, without toString's argument checks (the caller bounds them). */
export function latin1Text(bytes: Buffer, start: number, end: number): string {
  return end === start ? '' : (bytes as Latin1Buffer).latin1Slice(start, end);
}

/** Symbol names are UTF-8 (Swift, C++ with Unicode identifiers); most are ASCII and stay as they are. */
export function decodeUtf8(latin1: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1;
}
