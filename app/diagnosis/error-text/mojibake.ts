/**
 * Repairs a Windows message that reached the user through the wrong code page.
 *
 * A console in one code page shows bytes written in another: a cp936 (GBK) "找不到指定的模块" read as
 * cp1252 becomes "ÕÒ²»µ½Ö¸¶¨µÄÄ£¿é", UTF-8 read as cp1252 becomes "æ‰¾ä¸åˆ°…". The bytes are still there,
 * so encoding the text back with the code page that misread it and decoding with the one that wrote
 * it gives the message again. Text already replaced by U+FFFD or '?' lost its bytes and cannot be
 * repaired; the reader then goes by the Windows code or the message's shape instead.
 */

/** Code pages a message may have been written in (WHATWG encoding labels, decoded by ICU). */
const WRITERS = ['utf-8', 'gbk', 'big5', 'shift_jis', 'euc-kr', 'windows-1251', 'windows-1253', 'windows-1250', 'windows-1254'] as const;
/** Code pages that may have misread it. */
const READERS = ['windows-1252', 'windows-1251'] as const;

const encoders = new Map<string, Map<string, number>>();

/** char → byte for a single-byte code page, built once by decoding all 256 bytes. */
function encoderFor(label: string): Map<string, number> {
  let map = encoders.get(label);
  if (map === undefined) {
    map = new Map();
    const decoder = new TextDecoder(label);
    for (let b = 0; b < 256; b++) {
      const ch = decoder.decode(new Uint8Array([b]));
      if (ch !== '\uFFFD' && !map.has(ch)) map.set(ch, b);
    }
    encoders.set(label, map);
  }
  return map;
}

function encode(text: string, label: string): Uint8Array | null {
  const map = encoderFor(label);
  const bytes = new Uint8Array(text.length);
  let i = 0;
  for (const ch of text) {
    const b = map.get(ch);
    if (b === undefined) return null;
    bytes[i++] = b;
  }
  return bytes.subarray(0, i);
}

/** Whether the text looks misread: it has characters of the upper half of a single-byte code page. */
export function looksMisread(text: string): boolean {
  return /[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122\u0400-\u045f]/.test(text);
}

/**
 * Every plausible repair of a misread text, best first: each (reader, writer) round trip that
 * decodes without error and changes the text. The caller keeps the one its message table knows.
 */
export function repairMojibake(text: string): string[] {
  if (text.length === 0 || text.length > 2048 || !looksMisread(text)) return [];
  const out: string[] = [];
  for (const reader of READERS) {
    const bytes = encode(text, reader);
    if (bytes === null) continue;
    for (const writer of WRITERS) {
      if (writer === reader) continue;
      try {
        const repaired = new TextDecoder(writer, { fatal: true }).decode(bytes);
        if (repaired !== text && !out.includes(repaired)) out.push(repaired);
      } catch {
        // Not valid in this code page: not the one that wrote it.
      }
    }
  }
  return out;
}
