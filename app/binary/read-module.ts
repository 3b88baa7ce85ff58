import { BinaryReadError } from './binary-errors';
import { ByteView, memorySource, openFileSourceSync, PageArena, parseWithBytes, parseWithBytesSync, type ByteSource, type SyncByteSource } from './byte-source';
import { parseElf } from './elf-reader';
import { isMachOMagic, parseMachO } from './macho-reader';
import type { BinaryModule } from './module-types';
import { parsePe } from './pe-reader';

/**
 * Reads a PE, ELF or Mach-O module, recognised by its magic bytes, touching only the blocks its tables use.
 *
 * Every failure is a BinaryReadError (unreadable, empty, not a module, truncated, malformed,
 * too large) whose message says what to do. The file is read synchronously (see
 * readModuleSync): a few small positioned reads cost less than the promises around them.
 */
export async function readModule(path: string): Promise<BinaryModule> {
  return readModuleSync(path);
}

/** Pages of the file being read, reused from one file to the next (reading is synchronous). */
let sharedArena = new PageArena(256 * 1024);
/** An arena grown past this by one huge table is dropped after that file, not kept for the run. */
const KEEP_ARENA_BYTES = 4 * 1024 * 1024;

/** readModule without a promise: one open, one fstat, a read per round of the parse, one close. */
export function readModuleSync(path: string): BinaryModule {
  const source = openFileSourceSync(path);
  try {
    return readModuleFromSync(source, sharedArena);
  } finally {
    source.close();
    if (sharedArena.bytes.byteLength > KEEP_ARENA_BYTES) sharedArena = new PageArena(256 * 1024);
  }
}

/** Reads a module from a synchronous source; `arena` is reused when given (one file at a time). */
export function readModuleFromSync(source: SyncByteSource, arena?: PageArena): BinaryModule {
  if (source.size === 0) throw new BinaryReadError('empty', source.path, 'the file is empty');
  const view = new ByteView(source.path, source.size, arena);
  const kind = parseWithBytesSync(source, view, detectKind);
  if (kind === 'elf') return parseWithBytesSync(source, view, parseElf);
  if (kind === 'pe') return parseWithBytesSync(source, view, parsePe);
  if (kind === 'macho') return parseWithBytesSync(source, view, (v) => parseMachO(v));
  throw new BinaryReadError('not-a-module', source.path, 'no PE ("MZ"), ELF or Mach-O signature at the start of the file');
}

function detectKind(v: ByteView): 'elf' | 'pe' | 'macho' | 'unknown' {
  if (v.size >= 4 && v.u8(0) === 0x7f && v.u8(1) === 0x45 && v.u8(2) === 0x4c && v.u8(3) === 0x46) return 'elf';
  if (v.size >= 2 && v.u8(0) === 0x4d && v.u8(1) === 0x5a) return 'pe';
  if (isMachOMagic(v)) return 'macho';
  return 'unknown';
}

/** Reads a module from bytes in memory (tests, fuzzing, archive members). */
export function readModuleFromBytes(path: string, bytes: Uint8Array): Promise<BinaryModule> {
  return readModuleFrom(memorySource(path, bytes));
}

/** Reads a module from any ByteSource. */
export async function readModuleFrom(source: ByteSource): Promise<BinaryModule> {
  if (source.size === 0) throw new BinaryReadError('empty', source.path, 'the file is empty');
  const view = new ByteView(source.path, source.size);
  const kind = await parseWithBytes(source, view, detectKind);
  if (kind === 'elf') return parseWithBytes(source, view, parseElf);
  if (kind === 'pe') return parseWithBytes(source, view, parsePe);
  if (kind === 'macho') return parseWithBytes(source, view, (v) => parseMachO(v));
  throw new BinaryReadError('not-a-module', source.path, 'no PE ("MZ"), ELF or Mach-O signature at the start of the file');
}

/** One file's result from readModules: the module, or the error that says what is wrong with it. */
export type ModuleReadResult =
  | { readonly path: string; readonly module: BinaryModule; readonly error: null }
  | { readonly path: string; readonly module: null; readonly error: BinaryReadError };

/** readModules gives the event loop a turn after this much reading (a UI stays responsive). */
const SLICE_MS = 10;

/**
 * Reads many modules (an environment's thousands of .pyd/.dll/.so files), one after the other.
 *
 * Each file is read synchronously (a handful of positioned reads into one reused buffer); the
 * event loop gets a turn every few milliseconds. A bad file gives its error in its own result,
 * never fails the batch. Results are in the order of `paths`.
 */
export async function readModules(paths: readonly string[]): Promise<ModuleReadResult[]> {
  const results: ModuleReadResult[] = new Array<ModuleReadResult>(paths.length);
  let slice = performance.now();
  for (let index = 0; index < paths.length; index++) {
    const path = paths[index] as string;
    try {
      results[index] = { path, module: readModuleSync(path), error: null };
    } catch (error) {
      if (!(error instanceof BinaryReadError)) throw error;
      results[index] = { path, module: null, error };
    }
    if (performance.now() - slice > SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      slice = performance.now();
    }
  }
  return results;
}
