import { DoctorError } from '../base/errors';
import { isOutOfSpace, unwritableReason } from '../base/write-errors';
import { message } from '../messages';

/**
 * The error for a report file that could not be written (`--report`, the desktop app's "Save
 * as"): which file and why, and that the diagnosis itself is not lost. Other errors pass through.
 */
export function reportWriteError(error: unknown, file: string): unknown {
  const why = unwritableReason(error);
  if (!why) return error;
  return new DoctorError(
    'report-unwritable',
    message('error.report-unwritable', { file, why }),
    message(isOutOfSpace(error) ? 'error.report-unwritable.full' : 'error.report-unwritable.what'),
  );
}
