/**
 * The Apple icon file (.icns) electron-builder puts into the macOS app bundle, written from PNGs.
 *
 * Layout: "icns" and the file's length (big-endian), then one entry per image: a four-letter type,
 * the entry's length with its 8-byte header, and the PNG itself. The types are the ones `iconutil`
 * writes for an .iconset (16 to 512 pt at 1x and 2x), each naming its pixel size.
 */

/** Entry type -> pixel size, in iconutil's order. */
export const ICNS_TYPES: readonly (readonly [string, number])[] = [
  ['icp4', 16],
  ['ic11', 32],
  ['icp5', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
];

export interface IcnsEntry {
  readonly type: string;
  readonly data: Uint8Array;
}

/** Writes the .icns file from a PNG per pixel size; throws when a size the types need is missing. */
export function encodeIcns(pngBySize: ReadonlyMap<number, Uint8Array>): Uint8Array {
  const entries = ICNS_TYPES.map(([type, size]) => {
    const data = pngBySize.get(size);
    if (!data) throw new Error(`No ${size}x${size} PNG for the icns entry ${type}.`);
    return { type, data };
  });
  const length = 8 + entries.reduce((n, e) => n + 8 + e.data.length, 0);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode('icns'), 0);
  view.setUint32(4, length, false);
  let at = 8;
  for (const e of entries) {
    out.set(new TextEncoder().encode(e.type), at);
    view.setUint32(at + 4, 8 + e.data.length, false);
    out.set(e.data, at + 8);
    at += 8 + e.data.length;
  }
  return out;
}

/** Reads the entries of an .icns file (for the test that checks the committed one). */
export function readIcns(bytes: Uint8Array): IcnsEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== 'icns') throw new Error('Not an icns file: no "icns" magic.');
  if (view.getUint32(4, false) !== bytes.length) throw new Error('The icns length field does not match the file size.');
  const out: IcnsEntry[] = [];
  for (let at = 8; at < bytes.length; ) {
    if (at + 8 > bytes.length) throw new Error('Truncated icns entry header.');
    const size = view.getUint32(at + 4, false);
    if (size < 8 || at + size > bytes.length) throw new Error(`Bad icns entry length ${size} at ${at}.`);
    out.push({ type: new TextDecoder().decode(bytes.subarray(at, at + 4)), data: bytes.subarray(at + 8, at + size) });
    at += size;
  }
  return out;
}
