import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Remedy } from '../../app/diagnosis/types';
import { applyPlan, planRepair } from '../../app/repair';
import { makeVenv } from '../scenarios/support/build-tools';

const offline = { ...process.env, PIP_NO_INDEX: '1', PIP_FIND_LINKS: '' };

describe('moving a shadowing DLL out of the way', () => {
  let dir: string;
  let python: string;
  let stray: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor quarantine '));
    python = await makeVenv(path.join(dir, 'env'));
    stray = path.join(dir, 'env', 'Library', 'bin', 'libfoo.dll');
    await mkdir(path.dirname(stray), { recursive: true });
    await writeFile(stray, 'an old libfoo');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const remedy: Remedy = { kind: 'quarantine-dll', id: 'q1', title: 'Move the stray libfoo.dll out of the way', explanation: 'e', automatic: true, risk: 'low', path: '', library: 'libfoo.dll', intended: null };

  it('refuses a file outside the environment, whatever the remedy says', async () => {
    const outside = path.join(dir, 'Tools', 'bin', 'libfoo.dll');
    await mkdir(path.dirname(outside), { recursive: true });
    await writeFile(outside, 'not the environment\'s');
    for (const target of [outside, path.join(dir, 'env', '..', 'Tools', 'bin', 'libfoo.dll'), path.join(dir, 'env')]) {
      await expect(planRepair({ python, remedy: { ...remedy, path: target } }, { env: offline, dataDir: path.join(dir, 'data') })).rejects.toMatchObject({ code: 'outside-environment' });
    }
    expect(await readFile(outside, 'utf8')).toBe('not the environment\'s');
  });

  it('plans a move into the quarantine folder, never a delete', async () => {
    const plan = await planRepair({ python, remedy: { ...remedy, path: stray } }, { env: offline, dataDir: path.join(dir, 'data') });
    expect(plan.manager).toBe('files');
    expect(plan.steps).toEqual([expect.objectContaining({ kind: 'move-file', from: stray, to: expect.stringContaining(path.join(dir, 'data', 'quarantine')) })]);
  });

  it('puts the file back when a later step of the repair fails', async () => {
    const plan = await planRepair({ python, remedy: { ...remedy, path: stray } }, { env: offline, dataDir: path.join(dir, 'data') });
    const failing = { ...plan, steps: [...plan.steps, { id: 'x', kind: 'command' as const, title: 'fails', argv: [python, '-c', 'raise SystemExit(3)'] }] };
    const outcome = await applyPlan(failing, { dataDir: path.join(dir, 'data'), env: offline, signal: new AbortController().signal, onLine: () => undefined, onProgress: () => undefined, verify: async () => true });
    expect(outcome.status).toBe('failed-and-rolled-back');
    expect(await readFile(stray, 'utf8')).toBe('an old libfoo');
    const moved = plan.steps[0];
    if (moved?.kind === 'move-file') await expect(stat(moved.to)).rejects.toThrow();
  }, 60_000);
});
