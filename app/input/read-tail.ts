import { open, stat } from 'node:fs/promises';
import { DoctorError } from '../base/errors';
import { message } from '../messages';

/**
 * The last `maxBytes` of a text file, read with one positioned read: a 300 MB log costs as much
 * memory as a 300 KB one, and the error a user wants explained is at the bottom. Anything that is
 * not a regular file is refused before it is opened: opening a FIFO blocks until a writer comes,
 * and /dev/zero never ends. When the file is cut, the first (partial) line is dropped.
 */
export async function readTextTail(file: string, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new DoctorError('unreadable-file', error.code === 'ENOENT' ? message('error.unreadable-file.missing', { file }) : message('error.unreadable-file', { file, code: error.code ?? 'error' }), message('error.unreadable-file.what'));
  });
  if (!info.isFile()) {
    throw new DoctorError('not-a-file', message('error.not-a-file', { file }), message('error.not-a-file.what'));
  }
  const handle = await open(file, 'r');
  try {
    const length = Math.min(info.size, maxBytes);
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(buffer, done, length - done, info.size - length + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    const truncated = info.size > maxBytes;
    let text = buffer.subarray(0, done).toString('utf8');
    if (truncated) text = text.slice(text.indexOf('\n') + 1);
    return { text, truncated };
  } finally {
    await handle.close();
  }
}
