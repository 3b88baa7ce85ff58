import { describe, expect, it } from 'vitest';
import { logTail, MAX_ERROR_CHARS, readLogTail } from '../../renderer/wizard/log-tail';

const traceback = 'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\nImportError: DLL load failed: The specified procedure could not be found.\n';

describe('the end of a long log', () => {
  it('keeps a short text whole', () => {
    expect(logTail(traceback)).toEqual({ text: traceback, cutFrom: null });
  });

  it('keeps the last 256 KB of a 1.2 MB paste from a whole line, with the traceback, and says how big it was', () => {
    const log = `${'pip noise line\n'.repeat(80_000)}${traceback}`;
    const tail = logTail(log);
    expect(tail.text.length).toBeLessThanOrEqual(MAX_ERROR_CHARS);
    expect(tail.text.endsWith(traceback)).toBe(true);
    expect(tail.text.startsWith('pip noise line\n')).toBe(true);
    expect(tail.cutFrom).toBe(log.length);
  });

  it('reads only the end of a big file', async () => {
    const log = `${'x'.repeat(3 * MAX_ERROR_CHARS)}\n${traceback}`;
    const tail = await readLogTail(new Blob([log]));
    expect(tail).toEqual({ text: traceback, cutFrom: log.length });
  });
});
