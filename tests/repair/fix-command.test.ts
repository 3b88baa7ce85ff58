import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../app/cli/command';
import { ExitCode } from '../../app/cli/exit-codes';
import { runCli } from '../../app/cli/run-cli';
import { buildImagelibScenario, type LinuxScenario } from '../scenarios/support/linux-scenarios';

const run = promisify(execFile);

describe('python-dll-doctor fix and rollback', () => {
  let dir: string;
  let scenario: LinuxScenario;
  let io: CliIo & { out: string; err: string };
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor fix '));
    scenario = await buildImagelibScenario(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const fresh = () => {
    const captured = { out: '', err: '', cwd: dir, env: { ...scenario.env, DOCTOR_DATA_DIR: path.join(dir, 'data') }, stdout: (t: string) => void (captured.out += t), stderr: (t: string) => void (captured.err += t) };
    io = captured;
    return captured;
  };
  const importWorks = () => run(scenario.python, ['-c', `import ${scenario.module}`]).then(() => true, () => false);

  it('shows the plan and changes nothing without --yes when nobody can answer', async () => {
    expect(await runCli(['fix', '--python', scenario.python, '--module', scenario.module], fresh())).toBe(ExitCode.cancelled);
    expect(io.out).toContain('install imagelib==4.0.0');
    expect(io.err).toContain('add --yes');
    expect(await importWorks()).toBe(false);
  });

  it('accepts the environment\'s folder for --python, as diagnose does, and plans with the interpreter inside it', async () => {
    const folder = path.dirname(path.dirname(scenario.python));
    expect(await runCli(['fix', '--python', folder, '--module', scenario.module, '--dry-run'], fresh())).toBe(ExitCode.ok);
    // findInterpreterIn's first choice in a POSIX environment folder.
    expect(io.out).toContain(`${path.join(folder, 'bin', 'python3')} -I -u -m pip`);
    expect(io.err).not.toMatch(/EACCES|check that pip is installed/);
  });

  it('applies the top fix with --yes, and the import works', async () => {
    expect(await runCli(['fix', '--python', scenario.python, '--module', scenario.module, '--yes'], fresh())).toBe(ExitCode.ok);
    expect(io.out).toContain('the import works now');
    expect(await importWorks()).toBe(true);
  }, 60_000);

  it('rolls back to the newest snapshot', async () => {
    expect(await runCli(['rollback', '--python', scenario.python], fresh())).toBe(ExitCode.ok);
    expect(io.out).toContain('Put back as it was before');
    expect(await importWorks()).toBe(false);
  }, 60_000);

  it('refuses a module name that is not one', async () => {
    expect(await runCli(['fix', '--python', scenario.python, '--module', '--index-url=http://evil'], fresh())).toBe(ExitCode.usage);
  });
});
