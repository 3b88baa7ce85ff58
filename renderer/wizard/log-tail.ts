/**
 * The most text the wizard sends the engine: the contract's bound on error text (256 KiB). A longer
 * log is read from its end, where the last traceback is; the wizard says that it did so.
 */
export const MAX_ERROR_CHARS = 256 * 1024;

export interface LogTail {
  readonly text: string;
  /** The size of the whole log (characters pasted, or bytes of a file) when only its tail is kept. */
  readonly cutFrom: number | null;
}

/**
 * The end of a log that fits the bound, starting at a line (the partial first line is dropped, so
 * no traceback line is read half). `totalSize` is the whole file's size when `text` is already its tail.
 */
export function logTail(text: string, totalSize: number = text.length): LogTail {
  if (text.length <= MAX_ERROR_CHARS && totalSize <= text.length) return { text, cutFrom: null };
  let tail = text.length > MAX_ERROR_CHARS ? text.slice(text.length - MAX_ERROR_CHARS) : text;
  const firstBreak = tail.indexOf('\n');
  if (firstBreak >= 0 && firstBreak < tail.length - 1) tail = tail.slice(firstBreak + 1);
  return { text: tail, cutFrom: Math.max(totalSize, text.length) };
}

/** Reads a dropped or opened file's last MAX_ERROR_CHARS bytes only: a 2 GB log is never read whole. */
export async function readLogTail(file: Blob): Promise<LogTail> {
  const start = Math.max(0, file.size - MAX_ERROR_CHARS);
  const text = await file.slice(start).text();
  return start === 0 ? logTail(text) : logTail(text, file.size);
}
