import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../app/cli/command';
import { ExitCode } from '../../app/cli/exit-codes';
import { runCli } from '../../app/cli/run-cli';
import { MAX_ERROR_TEXT } from '../../app/diagnosis/error-text/error-text';
import { readTextTail } from '../../app/input/read-tail';
import { testPython } from '../support/wheels';

const run = promisify(execFile);
const TRACEBACK = 'Traceback (most recent call last):\n  File "app.py", line 1, in <module>\n    import numpy.core._multiarray_umath\nImportError: libopenblas.so.0: cannot open shared object file: No such file or directory\n';

describe.skipIf(process.platform === 'win32')('logs and error files are read as a bounded tail; devices and pipes are refused at once', () => {
  let dir: string;
  let fifo: string;
  let big: string;
  let python: string;
  beforeAll(async () => {
    python = (await run(testPython(), ['-c', 'import sys; print(sys.executable)'])).stdout.trim();
    dir = await mkdtemp(path.join(tmpdir(), 'doctor tail '));
    fifo = path.join(dir, 'error.fifo');
    await run('mkfifo', [fifo]);
    // A 300 MB log (sparse, so the disk is spared), noise at its end, the traceback last.
    big = path.join(dir, 'huge.log');
    await writeFile(big, '');
    await truncate(big, 300 * 1024 * 1024);
    await appendFile(big, `${'INFO some noise\n'.repeat(64 * 1024)}${TRACEBACK}`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses a FIFO without opening it (opening would wait for a writer forever)', async () => {
    await expect(readTextTail(fifo, 1024)).rejects.toMatchObject({ code: 'not-a-file' });
  });

  it('refuses /dev/zero instead of reading without end', async () => {
    await expect(readTextTail('/dev/zero', 1024)).rejects.toMatchObject({ code: 'not-a-file' });
  });

  it('reads only the tail of a 300 MB log, whole lines, ending with its last traceback', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const { text, truncated } = await readTextTail(big, MAX_ERROR_TEXT);
    expect(truncated).toBe(true);
    expect(text.length).toBeLessThanOrEqual(MAX_ERROR_TEXT);
    expect(text.startsWith('INFO some noise\n')).toBe(true);
    expect(text.endsWith(TRACEBACK)).toBe(true);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });

  const io = () => {
    const captured: CliIo & { out: string; err: string } = { out: '', err: '', cwd: dir, env: process.env, stdout: (t) => void (captured.out += t), stderr: (t) => void (captured.err += t) };
    return captured;
  };

  it('diagnose --error-file takes the 300 MB log and finds the error at its end', async () => {
    const captured = io();
    const code = await runCli(['diagnose', '--python', python, '--error-file', big, '--json', '--quiet'], captured);
    expect(captured.err).toBe('');
    expect(code).not.toBe(ExitCode.error);
    expect(JSON.parse(captured.out).error).toMatchObject({ module: 'numpy.core._multiarray_umath' });
  }, 60_000);

  it('diagnose --error-file refuses a FIFO and /dev/zero at once, exit 1 and no stack trace', async () => {
    for (const file of [fifo, '/dev/zero']) {
      const captured = io();
      expect(await runCli(['diagnose', '--python', python, '--error-file', file], captured)).toBe(ExitCode.error);
      expect(captured.err).toMatch(/not a regular file/);
      expect(captured.err).not.toMatch(/\n\s+at /);
    }
  });

  it('inspect refuses a FIFO at once', async () => {
    const captured = io();
    expect(await runCli(['inspect', fifo], captured)).toBe(ExitCode.error);
    expect(captured.err).toMatch(/not a regular file/);
  });

  it('env exits non-zero for a folder that is no environment', async () => {
    const captured = io();
    expect(await runCli(['env', path.join(dir)], captured)).toBe(ExitCode.error);
    expect(captured.err).toMatch(/does not look like a Python environment/);
  });
});
