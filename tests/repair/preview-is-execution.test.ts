import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Remedy } from '../../app/diagnosis/types';
import { applyPlan, planRepair } from '../../app/repair';
import type { RepairPlan } from '../../app/repair/types';
import { createVenv, makeTempDir, type TestVenv } from '../support/venv';
import { buildWheel } from '../support/wheels';
import { rm } from 'node:fs/promises';

const run = promisify(execFile);

async function freeze(python: string): Promise<Record<string, string>> {
  const { stdout } = await run(python, ['-m', 'pip', 'list', '--format=json', '--disable-pip-version-check']);
  return Object.fromEntries((JSON.parse(stdout) as { name: string; version: string }[]).map((p) => [p.name.toLowerCase(), p.version]));
}

/**
 * The case: alpha 2.1.0 → 2.0.0, then "reinstall the dependent of alpha". Reinstalling
 * the dependent with its dependencies re-resolves: pip puts alpha back at 2.1.0 and upgrades its
 * native dependency beta 1.0.0 → 2.0.0, neither of which the plan showed.
 */
describe('a repair changes exactly what its preview showed (real pip, real venv)', () => {
  let dir: string;
  let wheels: string;
  let venv: TestVenv;
  let env: NodeJS.ProcessEnv;
  const downgrade: Remedy = { kind: 'pip-install-version', id: 'r1', title: 'Install alpha 2.0.0 with pip', explanation: 'e', automatic: true, risk: 'low', package: 'alpha', version: '2.0.0' };
  const quiet = { onLine: () => undefined, onProgress: () => undefined, signal: new AbortController().signal, verify: async () => true };

  beforeAll(async () => {
    dir = await makeTempDir('preview');
    wheels = path.join(dir, 'wheels');
    await mkdir(wheels);
    for (const [name, version, requires] of [
      ['alpha', '2.1.0', ['beta']],
      ['alpha', '2.0.0', ['beta']],
      ['beta', '1.0.0', []],
      ['beta', '2.0.0', []],
      ['gamma', '1.0.0', ['alpha']],
    ] as const) {
      await buildWheel({ name, version, outDir: wheels, requires: [...requires], files: { [`${name}/__init__.py`]: `V = ${JSON.stringify(version)}\n` } });
    }
    venv = await createVenv({ parent: dir });
    await venv.install(wheels, 'alpha==2.1.0', 'beta==1.0.0', 'gamma==1.0.0');
    const { PIP_INDEX_URL: _i, ...rest } = process.env;
    env = { ...rest, PIP_NO_INDEX: '1', PIP_FIND_LINKS: pathToFileURL(wheels).href, PIP_NO_CACHE_DIR: '1' };
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reinstalls the dependent without re-resolving, previews every step with its exact arguments, and changes nothing else', async () => {
    const data = path.join(dir, 'data-1');
    const plan = await planRepair({ python: venv.python, remedy: downgrade }, { env, dataDir: data });
    const commands = plan.steps.map((s) => (s.kind === 'command' ? s.argv.slice(6).join(' ') : ''));
    expect(commands).toEqual(['install alpha==2.0.0', 'install --force-reinstall --no-deps gamma==1.0.0']);
    expect(plan.changes).toEqual([
      { package: 'alpha', from: '2.1.0', to: '2.0.0' },
      { package: 'gamma', from: '1.0.0', to: '1.0.0' },
    ]);
    const before = await freeze(venv.python);
    const outcome = await applyPlan(plan, { dataDir: data, env, ...quiet });
    expect(outcome.status).toBe('fixed');
    const after = await freeze(venv.python);
    expect(after).toEqual({ ...before, alpha: '2.0.0' });
    expect(outcome.summary).toContain('alpha 2.1.0 → 2.0.0');
    // Put it back for the next test.
    await venv.install(wheels, 'alpha==2.1.0');
  }, 120_000);

  it('refuses to run a step whose preview failed', async () => {
    const missing: Remedy = { ...downgrade, version: '9.9.9' };
    const plan = await planRepair({ python: venv.python, remedy: missing }, { env, dataDir: path.join(dir, 'data-0') });
    expect(plan.warnings.join(' ')).toMatch(/dry run of "alpha==9.9.9" failed/);
    const before = await freeze(venv.python);
    await expect(applyPlan(plan, { dataDir: path.join(dir, 'data-0'), env, ...quiet })).rejects.toMatchObject({ code: 'no-preview' });
    expect(await freeze(venv.python)).toEqual(before);
  }, 60_000);

  it('stops and rolls back when a step changes what its preview did not show', async () => {
    const data = path.join(dir, 'data-2');
    const plan = await planRepair({ python: venv.python, remedy: downgrade }, { env, dataDir: data });
    // The old dependent step: same preview, but run with its dependencies (pip re-resolves alpha and beta).
    const tampered: RepairPlan = {
      ...plan,
      steps: plan.steps.map((s) => (s.kind === 'command' && s.argv.includes('--no-deps') ? { ...s, argv: s.argv.filter((a) => a !== '--no-deps') } : s)),
    };
    const before = await freeze(venv.python);
    const outcome = await applyPlan(tampered, { dataDir: data, env, ...quiet });
    expect(outcome.status).toBe('failed-and-rolled-back');
    expect(outcome.summary).toMatch(/differ from the plan/);
    expect(outcome.summary).toContain('beta is 2.0.0, the plan said 1.0.0');
    expect(await freeze(venv.python)).toEqual(before);
  }, 120_000);
});
