import { BinaryReadError } from './binary-errors';
import { ByteView, memorySource, openFileSource, parseWithBytes, type ByteSource } from './byte-source';
import { parseElf } from './elf-reader';
import type { BinaryModule } from './module-types';
import { parsePe } from './pe-reader';

/**
 * Reads a PE or ELF module, recognised by its magic bytes, touching only the blocks its tables use.
 *
 * Every failure is a BinaryReadError (unreadable, empty, not a module, truncated, malformed,
 * too large) whose message says what to do.
 */
export async function readModule(path: string): Promise<BinaryModule> {
  const source = await openFileSource(path);
  try {
    return await readModuleFrom(source);
  } finally {
    await source.close();
  }
}

/** Reads a module from bytes in memory (tests, fuzzing, archive members). */
export function readModuleFromBytes(path: string, bytes: Uint8Array): Promise<BinaryModule> {
  return readModuleFrom(memorySource(path, bytes));
}

/** Reads a module from any ByteSource. */
export async function readModuleFrom(source: ByteSource): Promise<BinaryModule> {
  if (source.size === 0) throw new BinaryReadError('empty', source.path, 'the file is empty');
  const view = new ByteView(source.path, source.size);
  const kind = await parseWithBytes(source, view, (v) => {
    if (v.size >= 4 && v.u8(0) === 0x7f && v.u8(1) === 0x45 && v.u8(2) === 0x4c && v.u8(3) === 0x46) return 'elf';
    if (v.size >= 2 && v.u8(0) === 0x4d && v.u8(1) === 0x5a) return 'pe';
    return 'unknown';
  });
  if (kind === 'elf') return parseWithBytes(source, view, parseElf);
  if (kind === 'pe') return parseWithBytes(source, view, parsePe);
  throw new BinaryReadError('not-a-module', source.path, 'no PE ("MZ") or ELF signature at the start of the file');
}
