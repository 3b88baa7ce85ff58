/**
 * Why a file or folder cannot be written, in words, for the error codes a user can act on.
 *
 * One list for every place the doctor writes (its data folder, its log, a report the user asked
 * for), so each can say which path and why instead of "EACCES: permission denied, open ...".
 */
const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'you have no permission to write there',
  EPERM: 'the system does not allow writing there',
  EROFS: 'it is on a read-only file system',
  ENOSPC: 'the disk is full',
  EDQUOT: 'your disk quota is used up',
  ENOTDIR: 'part of its path is a file, not a folder',
  ENOENT: 'its folder does not exist',
  EISDIR: 'it is a folder',
  EEXIST: 'a file stands where its folder should be',
};

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The reason for a failed write in words and its code, or null for an error that is not about writing. */
export function unwritableParts(error: unknown): { readonly why: string; readonly code: string } | null {
  const code = errorCode(error);
  const why = code ? REASONS[code] : undefined;
  return code && why ? { why, code } : null;
}

/** The reason for a failed write, with its code (`you have no permission to write there (EACCES)`), or null for an error that is not about writing. */
export function unwritableReason(error: unknown): string | null {
  const parts = unwritableParts(error);
  return parts ? `${parts.why} (${parts.code})` : null;
}

/** True when the failed write is about space, not permission: the advice differs. */
export function isOutOfSpace(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOSPC' || code === 'EDQUOT';
}
