import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineHandlers } from '../../app/api/engine-handlers';
import type { CliIo } from '../../app/cli/command';
import { ExitCode } from '../../app/cli/exit-codes';
import { runCli } from '../../app/cli/run-cli';
import type { DiagnosisResult } from '../../app/contract/contract';
import { dispatch } from '../../app/contract/dispatch';
import { flushLog } from '../../app/log/file-log';
import type { RepairPlan } from '../../app/repair/types';
import { buildPillowProcedureScenario, type WindowsScenario } from '../scenarios/support/windows-scenarios';

describe.skipIf(process.platform === 'win32')('a Windows environment copied to this machine gets commands for its own machine', () => {
  let dir: string;
  let scenario: WindowsScenario;
  let dataDir: string;
  const context = { emit: () => undefined, signal: new AbortController().signal };
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor offline plan '));
    dataDir = path.join(dir, 'data');
    scenario = await buildPillowProcedureScenario(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** The pip the copied environment holds, as its own dist-info records it (only one at a time). */
  const withPip = async (version: string) => {
    const site = path.join(scenario.prefix, 'Lib', 'site-packages');
    for (const old of ['9.0.1', '23.2.1']) await rm(path.join(site, `pip-${old}.dist-info`), { recursive: true, force: true });
    const info = path.join(site, `pip-${version}.dist-info`);
    await mkdir(info, { recursive: true });
    await writeFile(path.join(info, 'METADATA'), `Metadata-Version: 2.1\nName: pip\nVersion: ${version}\n`);
    await writeFile(path.join(info, 'INSTALLER'), 'pip\n');
  };

  /** Every command the engine started, from its log. */
  const commandsRun = async () => {
    await flushLog();
    const log = await readFile(path.join(dataDir, 'logs', 'doctor.log'), 'utf8').catch(() => '');
    // The log is written (so an empty list below means something): each operation is in it.
    expect(log).toMatch(/\[info\] operation \{"name":"diagnose"/);
    return log.split('\n').filter((l) => / command \{/.test(l));
  };

  it('plans through the API by diagnosis and remedy id, runs nothing, and refuses to apply', async () => {
    // Python 3.6.0 came with pip 9.0.1, which has no --dry-run (pip 22.2 added it): no preview line for it.
    await withPip('9.0.1');
    const handlers = createEngineHandlers({ appVersion: 't', host: 'browser', platform: 'linux', arch: 'x64', env: process.env, dataDir });
    const diagnosed = await dispatch(handlers, 'diagnose', { jobId: 'job-offline-1', python: scenario.python, target: { kind: 'module', module: scenario.module } }, context);
    expect(diagnosed.ok).toBe(true);
    const diagnosis = (diagnosed as { value: DiagnosisResult }).value;
    const remedy = diagnosis.causes.flatMap((c) => c.remedies).find((r) => r.kind === 'pip-install-version');
    expect(remedy).toBeDefined();
    const planned = await dispatch(handlers, 'planRepair', { diagnosisId: diagnosis.id, remedyId: remedy?.id ?? '' }, context);
    const plan = (planned as { value: RepairPlan }).value;
    expect(plan.runsHere).toBe(false);
    expect(plan.steps).toEqual([]);
    expect(plan.elsewhere?.commands).toEqual(['python.exe -m pip install pillow==4.1.1']);
    // The check afterwards is a command to paste, not prose.
    expect(plan.elsewhere?.check).toBe('python.exe -c "import PIL._imaging"');
    // Said where the commands are, as a fact of that machine's pip; no warning box about running here.
    expect(plan.elsewhere?.where).toContain('Its pip 9.0.1 has no "--dry-run"');
    expect(plan.warnings.join('\n')).not.toContain('--dry-run');
    // The preview comes from the environment's own records.
    expect(plan.changes).toEqual([{ package: 'pillow', from: '4.1.0', to: '4.1.1' }]);
    const applied = await dispatch(handlers, 'applyRepair', { jobId: 'job-offline-2', planId: plan.id, verifyModule: null }, context);
    expect(applied).toMatchObject({ ok: false, error: { code: 'offline-environment' } });
    // A page cannot name a remedy the diagnosis does not hold, nor a path.
    const forged = await dispatch(handlers, 'planRepair', { diagnosisId: diagnosis.id, remedyId: 'not-a-remedy' }, context);
    expect(forged).toMatchObject({ ok: false, error: { code: 'unknown-remedy' } });
    const withPath = await dispatch(handlers, 'planRepair', { diagnosisId: diagnosis.id, remedyId: remedy?.id, remedy: { kind: 'quarantine-dll', path: '/etc/passwd' } }, context);
    expect(withPath).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect((await commandsRun()).filter((l) => l.includes('python.exe'))).toEqual([]);
  }, 60_000);

  it('puts the plan\'s commands for that machine in the report, looked up by plan id, and leaves out a plan it does not know', async () => {
    await withPip('23.2.1');
    const handlers = createEngineHandlers({ appVersion: '0.0.0', host: 'browser', platform: 'linux', arch: 'x64', env: process.env, dataDir });
    const diagnosed = await dispatch(handlers, 'diagnose', { jobId: 'job-offline-3', python: scenario.python, target: { kind: 'module', module: scenario.module } }, context);
    if (!diagnosed.ok) throw new Error(diagnosed.error.message);
    const diagnosis = diagnosed.value as DiagnosisResult;
    const remedy = diagnosis.causes[0]?.remedies.find((r) => r.automatic);
    if (!remedy) throw new Error('no automatic remedy');
    const planned = await dispatch(handlers, 'planRepair', { diagnosisId: diagnosis.id, remedyId: remedy.id }, context);
    if (!planned.ok) throw new Error(planned.error.message);
    const plan = planned.value as RepairPlan;
    const request = { format: 'markdown', redact: true, diagnosisId: diagnosis.id, errorText: null, verificationId: null, repairJobId: null } as const;
    const withPlan = await dispatch(handlers, 'renderReport', { ...request, planId: plan.id }, context);
    if (!withPlan.ok) throw new Error(withPlan.error.message);
    const markdown = (withPlan.value as { content: string }).content;
    expect(markdown).toContain('### The fix, to run on its own machine');
    expect(markdown).toContain('python.exe -m pip install --dry-run pillow==4.1.1\npython.exe -m pip install pillow==4.1.1');
    const unknown = await dispatch(handlers, 'renderReport', { ...request, planId: '00000000-0000-0000-0000-000000000000' }, context);
    if (!unknown.ok) throw new Error(unknown.error.message);
    expect((unknown.value as { content: string }).content).not.toContain('to run on its own machine');
  }, 60_000);

  // Issue 26, finding 5: the commands named "the folder you copied" and this machine's paths; the
  // traceback says where the environment is on its own machine (a user name with a space here).
  it('writes the commands with the environment\'s folder on its own machine, quoted, and refuses a folder a shell would expand', async () => {
    await withPip('23.2.1');
    const home = 'C:\\Users\\Ana Lee\\AppData\\Local\\Programs\\Python\\Python36';
    const handlers = createEngineHandlers({ appVersion: 't', host: 'browser', platform: 'linux', arch: 'x64', env: process.env, dataDir });
    const diagnosed = await dispatch(handlers, 'diagnose', { jobId: 'job-offline-4', python: scenario.python, target: { kind: 'module', module: scenario.module } }, context);
    if (!diagnosed.ok) throw new Error(diagnosed.error.message);
    const diagnosis = diagnosed.value as DiagnosisResult;
    const remedy = diagnosis.causes.flatMap((c) => c.remedies).find((r) => r.kind === 'pip-install-version');
    const planned = await dispatch(handlers, 'planRepair', { diagnosisId: diagnosis.id, remedyId: remedy?.id ?? '', home: 'C:/Users/Ana Lee/AppData/Local/Programs/Python/Python36/' }, context);
    if (!planned.ok) throw new Error(planned.error.message);
    const plan = planned.value as RepairPlan;
    expect(plan.elsewhere?.home).toBe(home);
    expect(plan.elsewhere?.commands).toEqual([`"${home}\\python.exe" -m pip install --dry-run pillow==4.1.1`, `"${home}\\python.exe" -m pip install pillow==4.1.1`]);
    expect(plan.elsewhere?.check).toBe(`"${home}\\python.exe" -c "import PIL._imaging"`);
    expect(plan.elsewhere?.where).toContain(`They use the environment's folder on that machine, ${home};`);
    expect(plan.elsewhere?.where).not.toContain('the folder you copied');
    for (const hostile of ['C:\\Users\\%USERNAME%\\py', 'C:\\py" & calc & "', 'C:\\Users\\$env:USERNAME\\py', 'relative\\py', 'C:\\py\\..\\..\\Windows', '/home/ana/py']) {
      const refused = await dispatch(handlers, 'planRepair', { diagnosisId: diagnosis.id, remedyId: remedy?.id ?? '', home: hostile }, context);
      expect(refused, hostile).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
  }, 60_000);

  it('prints the same commands from the CLI, with --dry-run or without, and exits 0, each install after its preview where pip has one', async () => {
    await withPip('23.2.1');
    for (const extra of [['--dry-run'], ['--yes']]) {
      const io: CliIo & { out: string; err: string } = { out: '', err: '', cwd: dir, env: { ...process.env, DOCTOR_DATA_DIR: dataDir }, stdout: (t) => void (io.out += t), stderr: (t) => void (io.err += t) };
      expect(await runCli(['fix', '--python', scenario.python, '--module', scenario.module, ...extra], io)).toBe(ExitCode.ok);
      expect(io.out).toContain('python.exe -m pip install --dry-run pillow==4.1.1');
      expect(io.out).toContain('open a Command Prompt');
      expect(io.err).not.toMatch(/\n\s+at /);
    }
    const io: CliIo & { out: string; err: string } = { out: '', err: '', cwd: dir, env: { ...process.env, DOCTOR_DATA_DIR: dataDir }, stdout: (t) => void (io.out += t), stderr: (t) => void (io.err += t) };
    expect(await runCli(['fix', '--python', scenario.python, '--module', scenario.module, '--windows-folder', 'D:\\envs\\py36'], io)).toBe(ExitCode.ok);
    expect(io.out).toContain('"D:\\envs\\py36\\python.exe" -m pip install pillow==4.1.1');
    expect(io.out).toContain('Then check it there:\n  "D:\\envs\\py36\\python.exe" -c "import PIL._imaging"');
    expect(await runCli(['fix', '--python', scenario.python, '--module', scenario.module, '--windows-folder', 'D:\\a%PATH%'], io)).toBe(ExitCode.usage);
    expect((await commandsRun()).filter((l) => l.includes('python.exe'))).toEqual([]);
  }, 60_000);
});
