import { readFile } from 'node:fs/promises';

/**
 * The dynamic linker's cache of library names (/etc/ld.so.cache, written by ldconfig).
 *
 * Layout of the "glibc-ld.so.cache1.1" format from glibc `sysdeps/generic/dl-cache.h`
 * (struct cache_file_new, struct file_entry_new); string offsets are relative to that header.
 * `ldconfig -p` prints the same entries; `parseLdconfigOutput` reads that text instead.
 */
export interface LdCacheEntry {
  readonly name: string;
  readonly path: string;
  /** Raw flags: low byte the library type (3 = libc6 ELF), high byte the ABI (0x03 = x86-64). */
  readonly flags: number;
}

const NEW_MAGIC = 'glibc-ld.so.cache1.1';
const MAX_ENTRIES = 1_000_000;

/** Parses the bytes of an ld.so.cache file; returns [] for a file in an unknown format. */
export function parseLdSoCache(bytes: Uint8Array): LdCacheEntry[] {
  const text = new TextDecoder('latin1');
  const limit = Math.min(bytes.byteLength - NEW_MAGIC.length, 1 << 24);
  let start = -1;
  for (let i = 0; i <= limit; i += 4) {
    if (bytes[i] === 0x67 && text.decode(bytes.subarray(i, i + NEW_MAGIC.length)) === NEW_MAGIC) {
      start = i;
      break;
    }
  }
  if (start < 0 || start + 48 > bytes.byteLength) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(start + 20, true);
  if (count > MAX_ENTRIES || start + 48 + count * 24 > bytes.byteLength) return [];
  const stringAt = (offset: number): string | null => {
    const at = start + offset;
    if (at < 0 || at >= bytes.byteLength) return null;
    let end = at;
    while (end < bytes.byteLength && bytes[end] !== 0 && end - at < 4096) end++;
    return new TextDecoder('utf-8').decode(bytes.subarray(at, end));
  };
  const entries: LdCacheEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = start + 48 + i * 24;
    const name = stringAt(view.getUint32(at + 4, true));
    const path = stringAt(view.getUint32(at + 8, true));
    if (name && path) entries.push({ name, path, flags: view.getInt32(at, true) });
  }
  return entries;
}

/** Reads and parses /etc/ld.so.cache (or another file); [] when it cannot be read. */
export async function readLdSoCache(path = '/etc/ld.so.cache'): Promise<LdCacheEntry[]> {
  try {
    const bytes = await readFile(path);
    return parseLdSoCache(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    return [];
  }
}

/** Parses `ldconfig -p` output: "\tlibz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1". */
export function parseLdconfigOutput(text: string): LdCacheEntry[] {
  const entries: LdCacheEntry[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s+(\S+)\s+\(([^)]*)\)(?:\s+OS ABI:[^=]*)?\s+=>\s+(.+)$/.exec(line);
    if (!match) continue;
    const abi = match[2] ?? '';
    entries.push({ name: match[1] ?? '', path: (match[3] ?? '').trim(), flags: abi.includes('x86-64') ? 0x0303 : abi.includes('AArch64') ? 0x0a03 : 0x0003 });
  }
  return entries;
}
