import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePe } from '../scenarios/support/pe-writer';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../app/cli/command';
import { createDiagnoseCommand } from '../../app/cli/commands/diagnose';
import { defaultDeps } from '../../app/diagnosis/facts/default-deps';
import { ExitCode } from '../../app/cli/exit-codes';
import { runCli } from '../../app/cli/run-cli';
import type { DiagnosisDeps, EnvironmentFacts, ImportOutcome } from '../../app/diagnosis/facts/facts';
import { describedEnvironment, distributionRecord } from '../support/distribution';
import { cleanHealthReport } from '../support/health-report';

const env: EnvironmentFacts = {
  python: '/env/bin/python',
  description: describedEnvironment({ prefix: '/env', interpreter: '/env/bin/python', version: '3.11.7', platform: 'linux', architecture: 'x86_64', kind: 'venv', status: 'ok' }),
  packages: [{ name: 'imagelib', version: '4.1.0', distribution: distributionRecord('imagelib', '4.1.0', '/env/lib'), condaRecord: null, files: [], extensionModules: [{ module: 'imagelib._core', path: '/env/lib/imagelib/_core.so' }] }],
};

function deps(outcome: ImportOutcome): DiagnosisDeps {
  return {
    describeEnvironment: async () => env,
    importModule: async () => outcome,
    simulateLoad: async () => ({ root: '/env/lib/imagelib/_core.so', resolved: [], findings: [] }),
    healthChecks: async () => cleanHealthReport(),
  };
}

function capture(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', cwd: '/tmp', env: {}, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

const undefinedSymbol: ImportOutcome = { status: 'failed', exceptionType: 'ImportError', message: '/env/lib/imagelib/_core.so: undefined symbol: companion_blend_v2', traceback: '' };

describe('diagnose command', () => {
  it('reads the error from stdin with --error-file - and exits 3 for a cause', async () => {
    const command = createDiagnoseCommand(() => deps(undefinedSymbol), async () => 'ImportError: /env/lib/imagelib/_core.so: undefined symbol: companion_blend_v2');
    const io = capture();
    expect(await runCli(['diagnose', '--python', '/env/bin/python', '--error-file', '-', '--json'], io, [command])).toBe(ExitCode.problemFound);
    expect(JSON.parse(io.out)).toMatchObject({ status: 'problem-found', error: { failureClass: 'undefined-symbol' } });
  });

  it('exits 7 when an import fails and no cause can be shown', async () => {
    const command = createDiagnoseCommand(() => deps({ status: 'failed', exceptionType: 'ImportError', message: 'something odd', traceback: '' }));
    const io = capture();
    expect(await runCli(['diagnose', '--python', '/env/bin/python', '--module', 'imagelib._core', '--quiet'], io, [command])).toBe(ExitCode.unexplained);
    expect(io.out).toContain('no cause could be shown');
  });

  it('refuses bad values with the usage code and unreadable files with exit 1 and advice', async () => {
    const command = createDiagnoseCommand(() => deps({ status: 'ok' }));
    const io = capture();
    expect(await runCli(['diagnose', '--python', 'p', '--all', '--report', 'out.pdf'], io, [command])).toBe(ExitCode.usage);
    expect(await runCli(['diagnose', '--python', 'p', '--module', 'x; rm -rf /'], io, [command])).toBe(ExitCode.usage);
    // One rule for module names (app/base/module-name.ts) and one for package names (PEP 508).
    expect(await runCli(['diagnose', '--python', 'p', '--module', 'PIL-imaging'], io, [command])).toBe(ExitCode.usage);
    expect(await runCli(['diagnose', '--python', 'p', '--package', 'pillow-'], io, [command])).toBe(ExitCode.usage);
    expect(await runCli(['diagnose', '--python', 'p', '--module', 'a', '--all'], io, [command])).toBe(ExitCode.usage);
    expect(await runCli(['diagnose', '--python', 'p', '--error-file', '/nonexistent/error.txt'], io, [command])).toBe(ExitCode.error);
    expect(io.err).toContain('Save the error text to a file');
  });

  it('prints the diagnosis and says which report file could not be saved and why (exit 1)', async () => {
    const command = createDiagnoseCommand(() => deps(undefinedSymbol));
    const io = capture();
    const dir = mkdtempSync(join(tmpdir(), 'report-'));
    writeFileSync(join(dir, 'a-file'), '');
    const target = join(dir, 'a-file', 'report.html'); // its "folder" is a file: ENOTDIR, as root too
    expect(await runCli(['diagnose', '--python', '/env/bin/python', '--module', 'imagelib._core', '--report', target, '--quiet'], io, [command])).toBe(ExitCode.error);
    expect(io.out).toContain('companion_blend_v2');
    expect(io.err).toContain(`The report could not be saved to ${target}: part of its path is a file, not a folder (ENOTDIR).`);
    expect(io.err).toContain('Save it in a folder you can write to');
    rmSync(dir, { recursive: true, force: true });
  });

  it('examines a Windows python.exe offline on other systems, known by its header', async () => {
    const io = capture();
    const dir = mkdtempSync(join(tmpdir(), 'py36-'));
    const exe = join(dir, 'python.exe');
    writeFileSync(exe, writePe({ name: 'python.exe' }));
    const offline = defaultDeps(exe, io.env, 'linux');
    expect(await offline.importModule(env, 'imagelib._core')).toMatchObject({ status: 'unavailable' });
    expect(offline.availableVersions).toBeUndefined();
    expect(defaultDeps('/usr/bin/python3', io.env, 'linux').availableVersions).toBeTypeOf('function');
    // The suffix alone decides nothing: a missing or non-PE "python.exe" is not read offline.
    expect(defaultDeps('C:\\Py36\\python.exe', io.env, 'linux').availableVersions).toBeTypeOf('function');
    rmSync(dir, { recursive: true, force: true });
  });
});
