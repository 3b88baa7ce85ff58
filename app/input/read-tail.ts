import { open, stat } from 'node:fs/promises';
import { DoctorError } from '../base/errors';

/**
 * The last `maxBytes` of a text file, read with one positioned read: a 300 MB log costs as much
 * memory as a 300 KB one, and the error a user wants explained is at the bottom. Anything that is
 * not a regular file is refused before it is opened: opening a FIFO blocks until a writer comes,
 * and /dev/zero never ends. When the file is cut, the first (partial) line is dropped.
 */
export async function readTextTail(file: string, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new DoctorError('unreadable-file', `Cannot read ${file}: ${error.code === 'ENOENT' ? 'it does not exist' : (error.code ?? 'error')}.`, 'Save the error text to a file and give its path.');
  });
  if (!info.isFile()) {
    throw new DoctorError('not-a-file', `${file} is not a regular file (it is a folder, a device or a pipe), so it is not read.`, 'Save the error text to a file and give its path, or pipe it in with "-".');
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
