import { stat } from 'node:fs/promises';
import type { DyldFs } from './dyld-types';
import { readMachOFile } from './macho-reader';

/**
 * The disk as the dyld simulation sees it: nothing at a path is null ("no such file" in dyld's
 * words); a folder or a file that is not a usable Mach-O rejects with the reader's error.
 */
export const nodeDyldFs: DyldFs = {
  async readMachO(path, cpu) {
    const found = await stat(path).catch(() => null);
    if (found === null) return null;
    return readMachOFile(path, { cpu });
  },
};
