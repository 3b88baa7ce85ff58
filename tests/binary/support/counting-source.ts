import { BinaryReadError } from '../../../app/binary/binary-errors';
import { openFileSourceSync, type SyncByteSource } from '../../../app/binary/byte-source';
import { readModuleFromSync } from '../../../app/binary/read-module';

/**
 * Reads a module synchronously through a source that records every span read from the file (for
 * the tests and bench:binary, which count bytes read and bytes read twice). A file that is not a
 * module still records what it cost; its error is returned.
 */
export function readCountingSync(path: string): { spans: [number, number][]; size: number; error: BinaryReadError | null } {
  const source = openFileSourceSync(path);
  const spans: [number, number][] = [];
  const counted: SyncByteSource = { ...source, readInto: (target, offset, length, position) => {
    spans.push([position, position + length]);
    source.readInto(target, offset, length, position);
  } };
  try {
    readModuleFromSync(counted);
    return { spans, size: source.size, error: null };
  } catch (error) {
    if (error instanceof BinaryReadError) return { spans, size: source.size, error };
    throw error;
  } finally {
    source.close();
  }
}
