import { describe, expect, it } from 'vitest';
import type { CliCommand, CliIo } from '../../app/cli/command';
import { ExitCode } from '../../app/cli/exit-codes';
import { runCli } from '../../app/cli/run-cli';

function capture(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', cwd: process.cwd(), env: process.env, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

describe('runCli', () => {
  it('lists the commands and the exit codes with --help', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(ExitCode.ok);
    expect(io.out).toContain('envs');
    expect(io.out).toContain('Exit codes:');
  });

  it('says how to get help for an unknown command and exits with the usage code', async () => {
    const io = capture();
    expect(await runCli(['frobnicate'], io)).toBe(ExitCode.usage);
    expect(io.err).toContain('python-dll-doctor --help');
  });

  it('refuses unknown options with the usage code', async () => {
    const io = capture();
    expect(await runCli(['envs', '--bogus'], io)).toBe(ExitCode.usage);
    expect(io.err).toContain('Usage:');
  });

  it('prints one JSON document with the real Python environments of this machine', async () => {
    const io = capture();
    await runCli(['envs', '--json'], io);
    const found = JSON.parse(io.out) as { environments: { status: string; python: { version: string } | null }[] };
    expect(found.environments.some((e) => e.status === 'ok' && /^3\./.test(e.python?.version ?? ''))).toBe(true);
  });

  it('turns a command that throws into exit code 1 with its advice', async () => {
    const failing: CliCommand = { name: 'x', summary: 's', usage: 'u', options: {}, run: async () => { throw Object.assign(new Error('It broke.'), { whatToDo: 'Do this.' }); } };
    const io = capture();
    expect(await runCli(['x'], io, [failing])).toBe(ExitCode.error);
    expect(io.err).toBe('It broke.\nDo this.\n');
  });
});
