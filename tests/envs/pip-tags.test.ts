import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeHost, type EnvHost } from '../../app/envs/host';
import { clearPipTags, pipTags } from '../../app/envs/pip-tags';
import { probeEnvironment } from '../../app/envs/describe';
import { createVenv, type TestVenv } from '../support/venv';

const run = promisify(execFile);

/** Sends the probe whole (no kept code, app/envs/probe-code.ts), so that what runs is what is recorded. */
function countingHost(): EnvHost & { runs: () => number; scripts: string[] } {
  const base = nodeHost({ probeCodeDir: null });
  const scripts: string[] = [];
  return { ...base, exec(file, args, options) { scripts.push(args[args.indexOf('-c') + 1] ?? ''); return base.exec(file, args, options); }, runs: () => scripts.length, scripts };
}

describe('pip tags asked when needed (real venvs)', () => {
  let withPip: TestVenv;
  let withoutPip: TestVenv;
  beforeAll(async () => {
    [withPip, withoutPip] = await Promise.all([createVenv(), createVenv({ withPip: false })]);
  });
  afterAll(async () => {
    await Promise.all([withPip?.remove(), withoutPip?.remove()]);
  });

  it("answers pip's own sys_tags(), exactly, once per interpreter in a session", async () => {
    clearPipTags();
    const host = countingHost();
    const tags = await pipTags(withPip.python, { host });
    const { stdout } = await run(withPip.python, ['-c', 'from pip._vendor.packaging.tags import sys_tags; print("\\n".join(str(t) for t in sys_tags()))']);
    expect(tags).toEqual(stdout.trim().split('\n'));
    expect(await pipTags(withPip.python, { host })).toEqual(tags);
    expect(host.runs()).toBe(1);
  });

  it('answers no tags for an interpreter without pip, and asks again later (pip may be installed by then)', async () => {
    clearPipTags();
    const host = countingHost();
    expect(await pipTags(withoutPip.python, { host })).toEqual([]);
    expect(await pipTags(withoutPip.python, { host })).toEqual([]);
    expect(host.runs()).toBe(2);
  });

  it('is not asked by the environment probe', async () => {
    const host = countingHost();
    const description = await probeEnvironment(withPip.python, { host });
    expect(description.status).toBe('ok');
    expect(host.runs()).toBe(1);
    expect(host.scripts[0]).toContain('@@PDD@@');
    expect(host.scripts[0]).not.toContain('sys_tags');
  });
});
