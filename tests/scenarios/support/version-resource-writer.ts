/**
 * Adds a VS_VERSIONINFO resource to a generated PE file, laid out as the resource compiler writes it
 * (https://learn.microsoft.com/en-us/windows/win32/menurc/vs-versioninfo), so the scenarios' DLLs
 * carry the version facts real python36.dll and vcruntime140.dll files have.
 */
import { NtExecutable, NtExecutableResource } from 'pe-library';

function utf16z(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'utf16le');
}

const pad4 = (b: Buffer): Buffer => (b.length % 4 === 0 ? b : Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]));

function block(key: string, value: Buffer, valueLength: number, type: 0 | 1, children: readonly Buffer[] = []): Buffer {
  const head = pad4(Buffer.concat([Buffer.alloc(6), utf16z(key)]));
  const body = Buffer.concat([head, pad4(value), ...children.map(pad4)]);
  body.writeUInt16LE(body.length, 0);
  body.writeUInt16LE(valueLength, 2);
  body.writeUInt16LE(type, 4);
  return body;
}

/** The bytes of a VS_VERSIONINFO resource with this file version and these strings. */
export function versionInfoBlob(fileVersion: readonly [number, number, number, number], strings: Readonly<Record<string, string>>): Buffer {
  const fixed = Buffer.alloc(52);
  const [a, b, c, d] = fileVersion;
  fixed.writeUInt32LE(0xfeef04bd, 0);
  fixed.writeUInt32LE(0x00010000, 4);
  fixed.writeUInt32LE(((a << 16) | b) >>> 0, 8);
  fixed.writeUInt32LE(((c << 16) | d) >>> 0, 12);
  fixed.writeUInt32LE(((a << 16) | b) >>> 0, 16);
  fixed.writeUInt32LE(((c << 16) | d) >>> 0, 20);
  fixed.writeUInt32LE(0x3f, 24);
  fixed.writeUInt32LE(0x40004, 32); // VOS_NT_WINDOWS32
  fixed.writeUInt32LE(2, 36); // VFT_DLL
  const entries = Object.entries(strings).map(([k, v]) => block(k, utf16z(v), v.length + 1, 1));
  const table = block('040904b0', Buffer.alloc(0), 0, 1, entries);
  const stringInfo = block('StringFileInfo', Buffer.alloc(0), 0, 1, [table]);
  return block('VS_VERSION_INFO', fixed, 52, 0, [stringInfo]);
}

/** The PE file with a version resource (RT_VERSION, id 1, US English). */
export function withVersionResource(pe: Buffer, fileVersion: readonly [number, number, number, number], strings: Readonly<Record<string, string>>): Buffer {
  const exe = NtExecutable.from(pe);
  const resources = NtExecutableResource.from(exe);
  const blob = versionInfoBlob(fileVersion, strings);
  resources.replaceResourceEntry({ type: 16, id: 1, lang: 1033, codepage: 1200, bin: new Uint8Array(blob).buffer });
  resources.outputResource(exe);
  return Buffer.from(exe.generate());
}
