import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Remedy } from '../../app/diagnosis/types';
import { planRepair } from '../../app/repair';

/**
 * A repair planned for an interpreter that does not start says so, and what to do, instead of
 * blaming pip: found in the wizard on win32, where a python.exe Windows refuses to start was reported
 * as "pip could not list the packages ... Check that pip is installed" (the two questions race).
 */
const remedy: Remedy = { kind: 'pip-install-version', id: 'r1', title: 'Install pillow 4.1.1 with pip', explanation: 'e', automatic: true, risk: 'low', package: 'pillow', version: '4.1.1' };

describe.skipIf(process.platform === 'win32')('planRepair for an interpreter that does not start', () => {
  let dir = '';
  let python = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor-unstartable-'));
    // An interpreter that dies at once, as one missing its libpython does (exit 127, a loader message).
    python = path.join(dir, 'bin', 'python3');
    await mkdir(path.dirname(python), { recursive: true });
    await writeFile(python, '#!/bin/sh\necho "python3: error while loading shared libraries: libpython3.12.so.1.0: cannot open shared object file" >&2\nexit 127\n');
    await chmod(python, 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('says the interpreter could not be asked about itself, whichever question fails first', async () => {
    for (let i = 0; i < 3; i++) {
      const error = await planRepair({ python, remedy }, { env: process.env, dataDir: dir }).then(() => null, (e: unknown) => e);
      expect(error).toMatchObject({ code: 'python-unavailable', whatToDo: 'Check that this Python starts on its own.' });
    }
  });
});
