import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineHandlers } from '../../app/api/engine-handlers';
import type { CliIo } from '../../app/cli/command';
import { diagnoseCommand } from '../../app/cli/commands/diagnose';
import { ExitCode } from '../../app/cli/exit-codes';
import { runCli } from '../../app/cli/run-cli';
import type { DiagnosisResult } from '../../app/contract/contract';
import { dispatch } from '../../app/contract/dispatch';
import { diagnose } from '../../app/diagnosis/diagnose';
import { createOfflineWindowsDeps } from '../../app/diagnosis/offline/offline-deps';
import type { Diagnosis } from '../../app/diagnosis/types';
import { planRepair } from '../../app/repair';
import { checkHealth, describeOffline } from '../../app/envs';
import { buildAnaconda43Scenario } from './support/anaconda43-scenario';
import type { WindowsScenario } from './support/windows-scenarios';

// Issue 24 item 0: the seed's case (python-pillow/Pillow#2479) in an Anaconda 4.3 environment whose
// packages carry egg-info folders and no RECORD; conda-meta's `files` is the only file list.
describe.skipIf(process.platform === 'win32')('Pillow 4.1.0 from conda on Python 3.6.0 (Anaconda 4.3)', () => {
  let dir = '';
  let failing: WindowsScenario;
  let healthy: WindowsScenario;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'anaconda43-'));
    failing = await buildAnaconda43Scenario(dir);
    healthy = await buildAnaconda43Scenario(dir, '4.0.0');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const run = (sc: WindowsScenario, versions?: Record<string, readonly string[]>): Promise<Diagnosis> => {
    const deps = { ...createOfflineWindowsDeps(sc.loader), ...(versions ? { availableVersions: async (_env: unknown, name: string) => versions[name.toLowerCase()] ?? [] } : {}) };
    return diagnose({ python: sc.python, errorText: sc.errorText }, deps);
  };

  it('reads the extension modules of an egg-info package from conda-meta’s files', async () => {
    const d = await describeOffline(failing.prefix);
    const pillow = d.distributions.find((x) => x.name === 'Pillow');
    expect(pillow).toMatchObject({ format: 'egg-info', recordEntries: 0, fileList: 'conda-meta', extensionModules: ['PIL/_imaging.cp36-win_amd64.pyd'] });
    expect(pillow?.condaMetaFile).toMatch(/pillow-4\.1\.0-py36_0\.json$/);
  });

  it('finds no unmet conda depends: python 3.6* admits 3.6.0 and jpeg 9* admits 9b by conda’s grammar', async () => {
    const report = await checkHealth(await describeOffline(failing.prefix));
    expect(report.issues.filter((i) => i.check === 'conda-dependency-version')).toEqual([]);
  });

  it('finds the two missing functions and offers conda’s pillow in constraint form offline, Python 3.6.1, and names conda’s dependents', async () => {
    const d = await run(failing);
    expect(d.status).toBe('problem-found');
    const top = d.causes[0];
    expect(top).toMatchObject({ kind: 'missing-symbol', module: 'PIL._imaging', package: { name: 'Pillow', version: '4.1.0', managers: ['conda'] } });
    expect(top?.evidence.find((e) => e.kind === 'missing-symbols')?.summary).toContain('python36.dll');
    const [constraint, python] = top?.remedies ?? [];
    expect(constraint).toMatchObject({ kind: 'install-constraint', manager: 'conda', package: 'pillow', specifier: '<4.1.0', command: ['conda', 'install', 'pillow<4.1.0'] });
    expect(constraint?.explanation).toContain('scikit-image 0.12.3');
    expect(constraint?.explanation).toContain('anaconda-navigator 1.5.1');
    expect(python).toMatchObject({ kind: 'upgrade-python', minimumVersion: '3.6.1' });
  });

  it('offers conda install pillow==4.0.0 when versions are known; its plan names scikit-image and anaconda-navigator as conda’s dependents', async () => {
    const d = await run(failing, { pillow: ['4.1.0', '4.0.0', '3.4.2'] });
    const first = d.causes[0]?.remedies[0];
    expect(first).toMatchObject({ kind: 'conda-install-version', package: 'pillow', version: '4.0.0' });
    // The plan the wizard's Fix step shows for the copied folder: conda's commands for its own machine.
    const plan = await planRepair({ python: failing.python, prefix: failing.prefix, remedy: first! }, { dataDir: join(dir, 'data') });
    expect(plan.elsewhere?.commands).toEqual(['conda install --prefix "%CD%" --dry-run pillow==4.0.0', 'conda install --prefix "%CD%" pillow==4.0.0']);
    expect(plan.changes).toEqual([{ package: 'pillow', from: '4.1.0', to: '4.0.0' }]);
    expect(plan.dependents.map((x) => x.name).sort()).toEqual(['anaconda-navigator', 'scikit-image']);
  });

  it('healthy control: conda’s Pillow 4.0.0 on the same Python has no cause', async () => {
    const d = await diagnose({ python: healthy.python, all: true }, createOfflineWindowsDeps(healthy.loader));
    expect(d.causes).toEqual([]);
  });

  it('the CLI diagnose reaches the same fixes from the copied folder', async () => {
    const io = { out: '', err: '', cwd: dir, env: process.env, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) } satisfies CliIo & { out: string; err: string };
    const code = await runCli(['diagnose', '--python', failing.prefix, '--module', 'PIL._imaging', '--json', '--quiet'], io, [diagnoseCommand]);
    expect(code).toBe(ExitCode.problemFound);
    const d = JSON.parse(io.out) as Diagnosis;
    expect(d.causes[0]?.remedies.map((r) => r.kind)).toEqual(['install-constraint', 'upgrade-python']);
    expect(d.causes[0]?.remedies[0]).toMatchObject({ command: ['conda', 'install', 'pillow<4.1.0'] });
  });

  it('the wizard’s diagnose handler reaches the same fixes for the copied folder', async () => {
    const handlers = createEngineHandlers({ appVersion: 't', host: 'browser', platform: 'linux', arch: 'x64', env: process.env, dataDir: join(dir, 'data') });
    const context = { emit: () => undefined, signal: new AbortController().signal };
    const answer = await dispatch(handlers, 'diagnose', { jobId: 'job-anaconda43', python: failing.python, target: { kind: 'module', module: 'PIL._imaging' } }, context);
    const diagnosed = (answer as { value: DiagnosisResult }).value;
    expect(diagnosed.causes[0]?.remedies.map((r) => [r.kind, 'command' in r ? r.command : 'minimumVersion' in r ? r.minimumVersion : null])).toEqual([
      ['install-constraint', ['conda', 'install', 'pillow<4.1.0']],
      ['upgrade-python', '3.6.1'],
    ]);
  });
});
