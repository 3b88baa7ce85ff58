import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEnvironment, listEnvironments } from '../../app/api/environment-sources';
import { DoctorError } from '../../app/contract/errors';
import { makeVenv } from '../scenarios/support/build-tools';

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
    expect(choice.sources.join(' ')).toContain('added by you');
    expect(choice.python.startsWith(path.join(dir, 'venv'))).toBe(true);
  });

  it('says plainly when nothing exists at the path', async () => {
    await expect(addEnvironment(path.join(dir, 'nope'), process.env, 'linux')).rejects.toBeInstanceOf(DoctorError);
  });

  it('lists the environment on PATH with where it was found', async () => {
    const found = await listEnvironments({ ...process.env, PATH: `${path.dirname(python)}:${process.env.PATH ?? ''}` }, 'linux');
    const venv = found.find((c) => c.python.startsWith(path.join(dir, 'venv')));
    expect(venv?.sources.some((s) => s.startsWith('on PATH'))).toBe(true);
  });
});
