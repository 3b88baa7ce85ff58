import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DoctorError } from '../base/errors';
import { isOutOfSpace, unwritableParts } from '../base/write-errors';
import { message } from '../messages';

/**
 * The error for a data folder the doctor cannot write (snapshots, locks, logs live there), naming
 * the folder and why, instead of an internal error whose log could not be written either. Other
 * errors pass through unchanged.
 */
export function dataFolderError(error: unknown, folder: string): unknown {
  const parts = unwritableParts(error);
  if (!parts) return error;
  return new DoctorError(
    'data-folder-unwritable',
    message('error.data-folder-unwritable', { folder, why: parts.why, code: parts.code }),
    isOutOfSpace(error) ? message('error.data-folder-unwritable.full', { folder }) : message('error.data-folder-unwritable.what', { folder }),
  );
}

/**
 * Writes a file of the data folder whole or not at all (a temporary file renamed over it), so a
 * crash or a full disk never leaves half a snapshot; a folder that cannot be written is a
 * DoctorError naming it (dataFolderError).
 */
export async function writeDataFile(file: string, text: string): Promise<void> {
  const folder = path.dirname(file);
  const temporary = path.join(folder, `.${path.basename(file)}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    await mkdir(folder, { recursive: true });
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw dataFolderError(error, folder);
  }
}
