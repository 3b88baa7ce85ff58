import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDeps } from '../../app/diagnosis/facts/default-deps';
import { diagnose } from '../../app/diagnosis/diagnose';
import { applyPlan, planRepair } from '../../app/repair';
import { buildRemovedDependencyScenario, type LinuxScenario } from '../scenarios/support/linux-scenarios';

const run = promisify(execFile);

describe('reinstalling the dependents of a removed package, with real pip', () => {
  let dir: string;
  let scenario: LinuxScenario;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor dependents '));
    scenario = await buildRemovedDependencyScenario(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('takes the remedy the diagnosis proposes, plans the reinstall, and brings the requirement back', async () => {
    const diagnosis = await diagnose({ python: scenario.python, module: scenario.module }, defaultDeps(scenario.python, scenario.env));
    const remedy = diagnosis.causes[0]?.remedies.find((r) => r.kind === 'reinstall-dependents');
    expect(remedy).toBeDefined();
    if (!remedy) return;
    const plan = await planRepair({ python: scenario.python, remedy }, { env: scenario.env, dataDir: path.join(dir, 'data') });
    expect(plan.dependents.map((d) => d.name)).toEqual(['plugin']);
    expect(plan.steps.map((s) => (s.kind === 'command' ? s.argv.slice(-2).join(' ') : ''))).toEqual(['--force-reinstall plugin==1.0']);
    expect(plan.changes).toContainEqual({ package: 'corelib', from: null, to: expect.any(String) });

    const outcome = await applyPlan(plan, {
      dataDir: path.join(dir, 'data'),
      env: scenario.env,
      signal: new AbortController().signal,
      onLine: () => undefined,
      onProgress: () => undefined,
      verify: () => run(scenario.python, ['-c', `import ${scenario.module}`]).then(() => true, () => false),
    });
    expect(outcome.status).toBe('fixed');
    const { stdout } = await run(scenario.python, ['-m', 'pip', 'list', '--format=freeze']);
    expect(stdout).toMatch(/^corelib==/m);
  }, 90_000);

  it('names the dependents of a package put back at the same version, and reinstalls none of them', async () => {
    // After the first test corelib 1.0 is back, and plugin requires it.
    const remedy = { kind: 'pip-force-reinstall', id: 'reinstall-corelib', title: 'Reinstall corelib 1.0 with pip', explanation: 'Its files are put back.', automatic: true, risk: 'low', package: 'corelib', version: '1.0' } as const;
    const plan = await planRepair({ python: scenario.python, remedy }, { env: scenario.env, dataDir: path.join(dir, 'data') });
    expect(plan.dependents).toEqual([]);
    expect(plan.unchangedDependents).toMatchObject([{ name: 'plugin', version: '1.0', manager: 'pip', reason: 'requires corelib', messages: { reason: { id: 'dependent.requires' } } }]);
    expect(plan.steps.map((s) => (s.kind === 'command' ? s.argv.slice(-3).join(' ') : ''))).toEqual(['--force-reinstall --no-deps corelib==1.0']);
    // Another version is not "the same": no dependent is named as unchanged.
    const other = await planRepair({ python: scenario.python, remedy, version: '0.9' }, { env: scenario.env, dataDir: path.join(dir, 'data') });
    expect(other.unchangedDependents).toEqual([]);
  }, 90_000);
});
