/**
 * Version resources (VS_VERSIONINFO) of Windows DLLs, read from the file with pe-library: the exact
 * CPython release of a pythonXY.dll and the Visual C++ runtime release of vcruntime140*.dll and
 * msvcp140*.dll, facts a file name only guesses.
 *
 * Layout: https://learn.microsoft.com/en-us/windows/win32/menurc/vs-versioninfo (each block is
 * wLength, wValueLength, wType, a NUL-terminated UTF-16 key, padding to 4 bytes, the value, then its
 * children) and VS_FIXEDFILEINFO (signature 0xFEEF04BD).
 */
import { readFile } from 'node:fs/promises';
import { NtExecutable, NtExecutableResource } from 'pe-library';

const RT_VERSION = 16;
const FIXED_SIGNATURE = 0xfeef04bd;
/** A version resource is a few kilobytes; anything bigger is not one. */
const MAX_FILE = 256 * 1024 * 1024;

export interface VersionResource {
  /** VS_FIXEDFILEINFO dwFileVersionMS/LS as four numbers ("3.6.150.1013"). */
  readonly fileVersion: readonly [number, number, number, number] | null;
  /** StringFileInfo values of the first string table (FileVersion, ProductVersion, ProductName, ...). */
  readonly strings: Readonly<Record<string, string>>;
}

function key(view: DataView, at: number, end: number): { text: string; next: number } {
  let text = '';
  let i = at;
  while (i + 1 < end) {
    const c = view.getUint16(i, true);
    i += 2;
    if (c === 0) break;
    text += String.fromCharCode(c);
  }
  return { text, next: (i + 3) & ~3 };
}

/** Parses a VS_VERSIONINFO block; null when it is not one. */
export function parseVersionInfo(data: Uint8Array): VersionResource | null {
  if (data.length < 6) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const length = Math.min(view.getUint16(0, true), data.length);
  const valueLength = view.getUint16(2, true);
  const root = key(view, 6, length);
  if (root.text !== 'VS_VERSION_INFO') return null;
  let fileVersion: VersionResource['fileVersion'] = null;
  if (valueLength >= 52 && root.next + 52 <= length && view.getUint32(root.next, true) === FIXED_SIGNATURE) {
    const ms = view.getUint32(root.next + 8, true);
    const ls = view.getUint32(root.next + 12, true);
    fileVersion = [ms >>> 16, ms & 0xffff, ls >>> 16, ls & 0xffff];
  }
  const strings: Record<string, string> = {};
  // Children: StringFileInfo → StringTable(s) → String(key, value) entries.
  const walk = (start: number, end: number, depth: number): void => {
    let at = start;
    while (at + 6 <= end && depth < 4) {
      const blockLength = view.getUint16(at, true);
      if (blockLength < 6) return;
      const blockEnd = Math.min(at + blockLength, end);
      const vLen = view.getUint16(at + 2, true);
      const type = view.getUint16(at + 4, true);
      const name = key(view, at + 6, blockEnd);
      if (depth === 2 && type === 1) {
        let value = '';
        for (let i = name.next; i + 1 < Math.min(blockEnd, name.next + vLen * 2); i += 2) {
          const c = view.getUint16(i, true);
          if (c === 0) break;
          value += String.fromCharCode(c);
        }
        if (!(name.text in strings)) strings[name.text] = value.trim();
      } else if (depth < 2 && (depth === 1 || name.text === 'StringFileInfo')) {
        walk(name.next, blockEnd, depth + 1);
      }
      at = (blockEnd + 3) & ~3;
    }
  };
  const childrenStart = (root.next + valueLength + 3) & ~3;
  walk(childrenStart, length, 0);
  return { fileVersion, strings };
}

/** The version resource of a PE file's bytes; null when it has none or is not a PE file. */
export function versionResourceOf(bytes: Uint8Array): VersionResource | null {
  try {
    const exe = NtExecutable.from(bytes, { ignoreCert: true });
    const entry = NtExecutableResource.from(exe, true).entries.find((e) => e.type === RT_VERSION && e.bin.byteLength > 0);
    return entry ? parseVersionInfo(new Uint8Array(entry.bin)) : null;
  } catch {
    return null;
  }
}

/** Reads a DLL's version resource; null when the file is missing, too big, or has none. */
export async function readVersionResource(file: string): Promise<VersionResource | null> {
  const bytes = await readFile(file).catch(() => null);
  if (!bytes || bytes.length > MAX_FILE) return null;
  return versionResourceOf(bytes);
}

const LEVELS: Readonly<Record<number, string>> = { 0xa: 'a', 0xb: 'b', 0xc: 'rc', 0xf: '' };

/**
 * The CPython release a pythonXY.dll's file version encodes: the third field is
 * micro*1000 + release level*10 + serial (CPython PC/make_versioninfo.c, PC/python_nt.rc), so
 * 3.6.150.1013 is 3.6.0 final and 3.6.1150 is 3.6.1. Null when the fields do not follow that rule.
 */
export function cpythonVersionFromFileVersion(v: readonly [number, number, number, number]): string | null {
  const [major, minor, field3] = v;
  const micro = Math.floor(field3 / 1000);
  const level = Math.floor((field3 % 1000) / 10);
  const serial = field3 % 10;
  const suffix = LEVELS[level];
  if (major < 2 || suffix === undefined) return null;
  return `${major}.${minor}.${micro}${suffix === '' ? '' : `${suffix}${serial}`}`;
}

/** "14.16.27012.0" from a file version. */
export const formatFileVersion = (v: readonly number[]): string => v.join('.');
