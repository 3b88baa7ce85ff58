import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir, hostname } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DoctorError } from '../../app/base/errors';
import type { Remedy } from '../../app/diagnosis/types';
import { acquireRepairLock, applyPlan, findUnfinishedRepairs, listVersionOffers, planRepair, rollback } from '../../app/repair';
import type { RepairPlan } from '../../app/repair/types';
import { localList } from '../../app/messages';
import { buildImagelibScenario, type LinuxScenario } from '../scenarios/support/linux-scenarios';
import { startPackageIndex, type PackageIndex } from '../support/package-index';

const run = promisify(execFile);
const downgrade: Remedy = { kind: 'pip-install-version', id: 'r1', title: 'Install imagelib 4.0.0 with pip', explanation: 'e', automatic: true, risk: 'low', package: 'imagelib', version: '4.0.0' };

async function imports(python: string, module: string): Promise<boolean> {
  return run(python, ['-c', `import ${module}`]).then(() => true, () => false);
}

async function installed(python: string): Promise<string> {
  const { stdout } = await run(python, ['-m', 'pip', 'list', '--format=freeze', '--disable-pip-version-check']);
  return stdout;
}

describe('repair engine on a real broken venv', () => {
  let dir: string;
  let dataDir: string;
  let scenario: LinuxScenario;
  let index: PackageIndex;
  /** pip pointed at the local index only (never PyPI, never the machine's find-links). */
  let indexEnv: NodeJS.ProcessEnv;
  const quiet = { onLine: () => undefined, onProgress: () => undefined };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor repair é '));
    dataDir = path.join(dir, 'data');
    scenario = await buildImagelibScenario(dir);
    index = await startPackageIndex(scenario.wheelDir, { holdDownloads: true });
    const { PIP_NO_INDEX: _n, PIP_FIND_LINKS: _f, ...rest } = scenario.env;
    indexEnv = { ...rest, PIP_INDEX_URL: index.url, PIP_NO_CACHE_DIR: '1' };
  });
  afterAll(async () => {
    await index.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('offers the versions the index has, marking the installed and the known-good one', async () => {
    const offers = await listVersionOffers(scenario.python, 'imagelib', { manager: 'pip', env: indexEnv, knownGood: '4.0.0' });
    // The index is named by where it is, never by its path (which may hold a token).
    expect(offers.source.split(', ')[0]).toBe(new URL(index.url).origin);
    expect(offers.versions.map((v) => [v.version, v.installable, v.installed, v.knownGood])).toEqual([
      ['4.1.0', true, true, false],
      ['4.0.0', true, false, true],
    ]);
  });

  it('refuses an option smuggled in as a package name before anything runs', async () => {
    const evil = { ...downgrade, package: '--index-url=http://evil.example/simple' };
    await expect(planRepair({ python: scenario.python, remedy: evil }, { env: indexEnv, dataDir })).rejects.toMatchObject({ code: 'invalid-package-name' });
    await expect(listVersionOffers(scenario.python, '-e git+https://x', { manager: 'pip', env: indexEnv })).rejects.toBeInstanceOf(DoctorError);
  });

  it('plans the downgrade with the exact command and pip’s own dry run, changing nothing', async () => {
    index.release();
    const plan = await planRepair({ python: scenario.python, remedy: downgrade }, { env: indexEnv, dataDir });
    expect(plan.steps).toEqual([
      { id: 'step-1', kind: 'command', title: 'Install imagelib 4.0.0 with pip', messages: { title: { id: 'action.install-pip', params: { package: 'imagelib', version: ' 4.0.0' } } }, argv: [scenario.python, '-I', '-u', '-m', 'pip', '--disable-pip-version-check', 'install', 'imagelib==4.0.0'], expect: [{ package: 'imagelib', from: '4.1.0', to: '4.0.0' }] },
    ]);
    expect(plan.changes).toEqual([{ package: 'imagelib', from: '4.1.0', to: '4.0.0' }]);
    expect(plan.permission).toEqual({ writable: true });
    expect(await installed(scenario.python)).toContain('imagelib==4.1.0');
  });

  it('tells the user the choices when the environment cannot be written', async () => {
    const plan = await planRepair({ python: scenario.python, remedy: downgrade }, { env: indexEnv, dataDir, canWrite: async () => false });
    expect(plan.permission).toMatchObject({ writable: false });
    const choices = !plan.permission.writable ? plan.permission.choices.join(' ') : '';
    expect(choices).toMatch(/administrator/);
    // pip refuses --user inside a venv, so it is never the advice for one.
    expect(choices).not.toContain('--user install with');
    expect(choices).not.toMatch(/pip install --user/);
    expect(choices).toMatch(/a --user install is not possible inside a venv/);
    // The notice and each choice carry their messages, so the Fix step writes them in German.
    const german = !plan.permission.writable ? localList([plan.permission.message, ...plan.permission.choices], [plan.permission.messages!.message, ...plan.permission.choiceMessages!], 'de') : [];
    expect(german.join(' ')).toMatch(/^Sie können .* als dieser Benutzer nicht ändern.*Als Administrator ausführen.*in einem venv nicht möglich/);
  });

  it('stops the whole install when cancelled, and says nothing changed', async () => {
    const held = await startPackageIndex(scenario.wheelDir, { holdDownloads: true });
    const env = { ...indexEnv, PIP_INDEX_URL: held.url };
    try {
      // The plan's dry run would wait on the held download too: plan on the open index, apply on the held one.
      const ready = await planRepair({ python: scenario.python, remedy: downgrade }, { env: indexEnv, dataDir });
      const cancel = new AbortController();
      const applying = applyPlan(ready, { ...quiet, dataDir, env, signal: cancel.signal, verify: async () => true });
      await expect.poll(() => held.downloads.length, { timeout: 30_000 }).toBeGreaterThan(0);
      cancel.abort();
      const outcome = await applying;
      expect(outcome.status).toBe('cancelled');
      expect(outcome.summary).toBe('Cancelled before anything changed.');
      const { stdout } = await run('ps', ['-eo', 'args']);
      expect(stdout).not.toContain(`${scenario.python} -I -u -m pip --disable-pip-version-check install imagelib==4.0.0`);
      expect(await installed(scenario.python)).toContain('imagelib==4.1.0');
    } finally {
      await held.close();
    }
  }, 60_000);

  it('rolls a failed repair back to the exact previous set', async () => {
    const before = await installed(scenario.python);
    const plan: RepairPlan = {
      id: 'plan-with-a-failing-step',
      python: scenario.python,
      environment: await realpath(path.dirname(path.dirname(scenario.python))),
      remedy: downgrade,
      manager: 'pip',
      steps: [
        { id: 's1', kind: 'command', title: 'Install imagelib 4.0.0', argv: [scenario.python, '-m', 'pip', 'install', 'imagelib==4.0.0'] },
        { id: 's2', kind: 'command', title: 'Install a version that does not exist', argv: [scenario.python, '-m', 'pip', 'install', 'companion==99.0'] },
      ],
      dependents: [],
      changes: [],
      permission: { writable: true },
      warnings: [],
    };
    const lines: string[] = [];
    const outcome = await applyPlan(plan, { dataDir, env: indexEnv, signal: new AbortController().signal, onProgress: () => undefined, onLine: (_s, l) => lines.push(l), verify: async () => true });
    expect(outcome.status).toBe('failed-and-rolled-back');
    expect(outcome.summary).toContain('imagelib 4.1.0 → 4.0.0 undone');
    expect(await installed(scenario.python)).toBe(before);
    expect(lines.some((l) => l.includes('Successfully installed imagelib-4.0.0'))).toBe(true);
  }, 60_000);

  it('refuses a second repair of the same environment while one runs, and takes over a lock left by a crash', async () => {
    const identity = await realpath(path.dirname(path.dirname(scenario.python)));
    const first = await acquireRepairLock(dataDir, identity, scenario.python, 'first');
    await expect(acquireRepairLock(dataDir, identity, scenario.python, 'second')).rejects.toMatchObject({ code: 'busy' });
    // The same environment named by another path (bin/python3) is the same lock.
    const plan = await planRepair({ python: scenario.python, remedy: downgrade }, { env: indexEnv, dataDir });
    const other = path.join(path.dirname(scenario.python), 'python3');
    await expect(applyPlan({ ...plan, python: other }, { ...quiet, dataDir, env: indexEnv, signal: new AbortController().signal, verify: async () => true })).rejects.toMatchObject({ code: 'busy' });
    expect(await installed(scenario.python)).toContain('imagelib==4.1.0');
    await first.release();

    const locks = path.join(dataDir, 'locks');
    await mkdir(locks, { recursive: true });
    const deadPid = 2 ** 22 + 12345;
    await writeFile(path.join(locks, 'stale.json'), JSON.stringify({ pid: deadPid, hostname: hostname(), environment: '/crashed', python: '/crashed/python', remedyTitle: 'Install x', snapshotId: 'snap-1', startedAt: '2026-11-24T10:00:00.000Z' }));
    expect(await findUnfinishedRepairs(dataDir)).toEqual([{ python: '/crashed/python', snapshotId: 'snap-1', remedyTitle: 'Install x', startedAt: '2026-11-24T10:00:00.000Z' }]);
  });

  it('downgrades imagelib so the real import works, verified by importing it', async () => {
    expect(await imports(scenario.python, scenario.module)).toBe(false);
    const plan = await planRepair({ python: scenario.python, remedy: downgrade }, { env: indexEnv, dataDir });
    const progress: number[] = [];
    const outcome = await applyPlan(plan, { dataDir, env: indexEnv, signal: new AbortController().signal, onLine: () => undefined, onProgress: (f) => progress.push(f), verify: () => imports(scenario.python, scenario.module) });
    expect(outcome).toMatchObject({ status: 'fixed', importWorks: true });
    // What changed is read from the environment after pip ran.
    expect(outcome.changes).toEqual([{ package: 'imagelib', from: '4.1.0', to: '4.0.0' }]);
    expect(outcome.actions[0]).toMatchObject({ status: 'succeeded', command: plan.steps[0]?.kind === 'command' ? plan.steps[0].argv : [] });
    expect(progress.at(-1)).toBe(1);
    expect(await installed(scenario.python)).toContain('imagelib==4.0.0');

    // And back: the snapshot taken before the repair restores 4.1.0 exactly.
    const back = await rollback(scenario.python, outcome.snapshotId ?? '', { dataDir, env: indexEnv, ...quiet });
    expect(back.status).toBe('not-fixed');
    expect(await installed(scenario.python)).toContain('imagelib==4.1.0');
  }, 90_000);
});
