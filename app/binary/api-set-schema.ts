/**
 * The API set schema: how the loader maps a contract name (api-ms-win-core-synch-l1-2-0.dll,
 * ext-ms-win-…) to the DLL that hosts it. Windows 10+ and Wine keep it in the `.apiset` section of
 * System32\apisetschema.dll, in the version 6 layout (API_SET_NAMESPACE, API_SET_NAMESPACE_ENTRY,
 * API_SET_VALUE_ENTRY: https://learn.microsoft.com/en-us/windows/win32/apiindex/windows-apisets and
 * Geoff Chappell's description of the schema).
 *
 * A name is looked up without ".dll" and without its last "-N" (the minor version): the schema's
 * HashedLength covers the name up to its last hyphen. An entry with no host value is a contract
 * this Windows does not implement; ext-ms-* contracts are optional and often have none.
 */

export interface ApiSetSchema {
  /** The host DLL of `name`; null when the schema lists it without a host; undefined when it does not list it. */
  host(name: string): string | null | undefined;
}

function sectionBytes(bytes: Uint8Array, wanted: string): Uint8Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 0x40 || view.getUint16(0, true) !== 0x5a4d) return null;
  const pe = view.getUint32(0x3c, true);
  if (pe + 24 > bytes.length || view.getUint32(pe, true) !== 0x4550) return null;
  const count = view.getUint16(pe + 6, true);
  const optionalSize = view.getUint16(pe + 20, true);
  for (let i = 0; i < count; i++) {
    const at = pe + 24 + optionalSize + i * 40;
    if (at + 40 > bytes.length) return null;
    const name = new TextDecoder('latin1').decode(bytes.subarray(at, at + 8)).replace(/\0+$/, '');
    if (name !== wanted) continue;
    const rawSize = view.getUint32(at + 16, true);
    const raw = view.getUint32(at + 20, true);
    if (raw + rawSize > bytes.length) return null;
    return bytes.subarray(raw, raw + rawSize);
  }
  return null;
}

/** Parses apisetschema.dll; null when it has no schema in a layout we know (only version 6 is read). */
export function parseApiSetSchema(file: Uint8Array): ApiSetSchema | null {
  const data = sectionBytes(file, '.apiset');
  if (!data || data.length < 28) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u32 = (at: number): number => (at + 4 <= data.length ? view.getUint32(at, true) : 0);
  if (u32(0) !== 6) return null;
  const count = u32(12);
  const entryOffset = u32(16);
  const utf16 = (at: number, length: number): string =>
    at + length <= data.length ? new TextDecoder('utf-16le').decode(data.subarray(at, at + length)).toLowerCase() : '';
  const entries = new Map<string, string | null>();
  for (let i = 0; i < Math.min(count, 100_000); i++) {
    const at = entryOffset + i * 24;
    if (at + 24 > data.length) break;
    const name = utf16(u32(at + 4), u32(at + 8));
    const hashed = name.slice(0, u32(at + 12) / 2);
    const valueOffset = u32(at + 16);
    const valueCount = u32(at + 20);
    let host: string | null = null;
    // The default host is the value with no importer name (the others are per-importer exceptions).
    for (let v = 0; v < Math.min(valueCount, 64); v++) {
      const va = valueOffset + v * 20;
      const importer = u32(va + 8);
      const value = utf16(u32(va + 12), u32(va + 16));
      if (value !== '' && (importer === 0 || host === null)) host = value;
      if (importer === 0 && value !== '') break;
    }
    entries.set(hashed, host);
  }
  return {
    host(name: string): string | null | undefined {
      const bare = name.toLowerCase().replace(/\.dll$/, '');
      const cut = bare.lastIndexOf('-');
      return entries.get(cut > 0 ? bare.slice(0, cut) : bare);
    },
  };
}
