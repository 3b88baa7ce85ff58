import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEnvironment, listEnvironments, toEnvironmentChoice } from '../../app/api/environment-sources';
import { DoctorError } from '../../app/base/errors';
import { makeVenv } from '../scenarios/support/build-tools';
import { describedEnvironment } from '../support/distribution';

describe('environment sources for the wizard', () => {
  let dir: string;
  let python: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor sources é-'));
    python = await makeVenv(path.join(dir, 'venv'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('adds a venv by its folder, as a runnable environment found by the user', async () => {
    const choice = await addEnvironment(path.join(dir, 'venv'), process.env, 'linux');
    expect(choice).toMatchObject({ status: 'ok', kind: 'venv' });
    expect(choice.label).toMatch(/^CPython 3\.\d+\.\d+$/);
    expect(choice.sources.join(' ')).toContain('Added by you');
    expect(choice.python.startsWith(path.join(dir, 'venv'))).toBe(true);
  });

  it('says plainly when nothing exists at the path', async () => {
    await expect(addEnvironment(path.join(dir, 'nope'), process.env, 'linux')).rejects.toBeInstanceOf(DoctorError);
  });

  it('refuses, in one sentence, a path that is no Python environment instead of listing it', async () => {
    const script = path.join(dir, 'hello.py');
    await writeFile(script, 'print(1)\n');
    const empty = path.join(dir, 'empty');
    await mkdir(empty);
    for (const given of ['/etc/passwd', script, empty]) {
      await expect(addEnvironment(given, process.env, 'linux')).rejects.toMatchObject({ code: 'not-an-environment', message: `${given} is not a Python environment.` });
    }
  });

  it('lists the environment on PATH with where it was found', async () => {
    const found = await listEnvironments({ ...process.env, PATH: `${path.dirname(python)}:${process.env.PATH ?? ''}` }, 'linux');
    const venv = found.find((c) => c.python.startsWith(path.join(dir, 'venv')));
    expect(venv?.sources.some((s) => s.startsWith('Found on PATH'))).toBe(true);
  });
});

describe('the name of an environment whose interpreter gave no facts', () => {
  // The probe's own sentence for a Python 2.7 (probe-output.ts); the list showed the file name "python" (issue 26, finding 7).
  const base = describedEnvironment({ prefix: '/usr', interpreter: '/usr/bin/python', version: '2.7.18', platform: 'linux', architecture: 'x64', kind: 'system', status: 'ok' });

  it('names a Python 2 with its release', () => {
    const choice = toEnvironmentChoice({ ...base, status: 'python2', python: null, message: '/usr/bin/python is Python 2.7.18. Python 2 is not supported; its DLL rules differ and it reached end of life in 2020.' });
    expect(choice).toMatchObject({ label: 'Python 2.7.18', status: 'failed' });
  });

  it('names a Python 2 the probe could not parse on as Python 2', () => {
    expect(toEnvironmentChoice({ ...base, status: 'python2', python: null, message: '/usr/bin/python is Python 2, which this tool does not diagnose.' }).label).toBe('Python 2');
  });
});
