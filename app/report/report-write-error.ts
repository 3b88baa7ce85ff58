import { DoctorError } from '../base/errors';
import { isOutOfSpace, unwritableReason } from '../base/write-errors';

/**
 * The error for a report file that could not be written (`--report`, the desktop app's "Save
 * as"): which file and why, and that the diagnosis itself is not lost. Other errors pass through.
 */
export function reportWriteError(error: unknown, file: string): unknown {
  const why = unwritableReason(error);
  if (!why) return error;
  return new DoctorError(
    'report-unwritable',
    `The report could not be saved to ${file}: ${why}.`,
    isOutOfSpace(error) ? 'Free some space on that disk, or save the report on another one.' : 'Save it in a folder you can write to, such as your home or Documents folder.',
  );
}
