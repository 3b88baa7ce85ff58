import { BinaryReadError } from './binary-errors';
import { ByteView, memorySource, openFileSource, parseWithBytes, type ByteSource } from './byte-source';
import { parseElf } from './elf-reader';
import { isMachOMagic, parseMachO } from './macho-reader';
import type { BinaryModule } from './module-types';
import { parsePe } from './pe-reader';

/**
 * Reads a PE, ELF or Mach-O module, recognised by its magic bytes, touching only the blocks its tables use.
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
    if (isMachOMagic(v)) return 'macho';
    return 'unknown';
  });
  if (kind === 'elf') return parseWithBytes(source, view, parseElf);
  if (kind === 'pe') return parseWithBytes(source, view, parsePe);
  if (kind === 'macho') return parseWithBytes(source, view, (v) => parseMachO(v));
  throw new BinaryReadError('not-a-module', source.path, 'no PE ("MZ"), ELF or Mach-O signature at the start of the file');
}

/** One file's result from readModules: the module, or the error that says what is wrong with it. */
export type ModuleReadResult =
  | { readonly path: string; readonly module: BinaryModule; readonly error: null }
  | { readonly path: string; readonly module: null; readonly error: BinaryReadError };

/**
 * Reads many modules (an environment's thousands of .pyd/.dll/.so files), a few at a time.
 *
 * Reading is I/O bound (a handful of positioned reads per file), so keeping several files in
 * flight hides the file-system latency. A bad file gives its error in its own result, never fails
 * the batch. Results are in the order of `paths`.
 */
export async function readModules(paths: readonly string[], concurrency = 8): Promise<ModuleReadResult[]> {
  const results: ModuleReadResult[] = new Array<ModuleReadResult>(paths.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const index = next++;
      const path = paths[index] as string;
      try {
        results[index] = { path, module: await readModule(path), error: null };
      } catch (error) {
        if (!(error instanceof BinaryReadError)) throw error;
        results[index] = { path, module: null, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, paths.length)) }, worker));
  return results;
}
