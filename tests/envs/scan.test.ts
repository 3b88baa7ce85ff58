import path from 'node:path';
import { parseArgs } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envCommand } from '../../app/cli/commands/env';
import { envsCommand } from '../../app/cli/commands/envs';
import type { CliCommand, ParsedArgs } from '../../app/cli/command';
import { discoverEnvironments } from '../../app/envs/discovery';
import { scanEnvironments } from '../../app/envs/scan';
import { createVenv, makeTempDir, type TestVenv } from '../support/venv';
import { fakeHost } from './fake-host';

async function runCli(command: CliCommand, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { values, positionals } = parseArgs({ args: argv, options: command.options, allowPositionals: command.allowPositionals ?? false, strict: true });
  let out = '';
  let err = '';
  const code = await command.run({ values: values as ParsedArgs['values'], positionals }, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: process.cwd(), env: process.env });
  return { code, out, err };
}

describe('discovery and scan of real venvs', () => {
  let root: string;
  const venvs: TestVenv[] = [];
  beforeAll(async () => {
    root = await makeTempDir('scan');
    for (const name of ['alpha', 'beta env', 'gämma']) venvs.push(await createVenv({ parent: root, name, withPip: false }));
  });
  afterAll(async () => {
    for (const v of venvs) await v.remove();
    const { rm } = await import('node:fs/promises');
    await rm(root, { recursive: true, force: true });
  });

  it('finds every venv under a root once, merging a user-added interpreter into the same environment', async () => {
    const found = await discoverEnvironments({ venvRoots: [root], extraPaths: [venvs[1]!.python], useCondaCli: false });
    const mine = found.filter((e) => e.id.startsWith(root));
    expect(mine.map((e) => path.basename(e.id)).sort()).toEqual(['alpha', 'beta env', 'gämma']);
    const beta = mine.find((e) => e.id.endsWith('beta env'))!;
    expect(beta.sources.map((s) => s.kind)).toEqual(['venv', 'user']);
    expect(beta.kind).toBe('venv');
  });

  it('probes each found environment exactly once, in parallel', async () => {
    const { environments, interpreterRuns } = await scanEnvironments({ venvRoots: [root], useCondaCli: false, filter: (e) => e.id.startsWith(root) });
    expect(environments).toHaveLength(3);
    expect(interpreterRuns).toBe(3);
    expect(environments.every((e) => e.status === 'ok' && e.kind === 'venv' && e.interpreterRuns === 1)).toBe(true);
    // Descriptions are plain JSON data: they survive a round trip unchanged.
    expect(JSON.parse(JSON.stringify(environments))).toEqual(environments);
  });

  it('env PATH --json prints one JSON document with the description and health', async () => {
    const { code, out } = await runCli(envCommand, [venvs[0]!.dir, '--json', '--import', 'json']);
    expect(code).toBe(0);
    const doc = JSON.parse(out) as { environment: { status: string; importTest: { outcome: string } }; health: { issues: unknown[] } };
    expect(doc.environment.status).toBe('ok');
    expect(doc.environment.importTest.outcome).toBe('ok');
    expect(doc.health.issues).toEqual([]);
  });

  it('env PATH --import of a missing module exits with "problem found" and shows the error', async () => {
    const { code, out } = await runCli(envCommand, [venvs[0]!.python, '--import', 'no_such_module_x']);
    expect(code).toBe(3);
    expect(out).toContain("Import no_such_module_x: ModuleNotFoundError: No module named 'no_such_module_x'");
  });

  it('env rejects an unsafe module name with a usage error and runs nothing', async () => {
    const { code, err } = await runCli(envCommand, [venvs[0]!.python, '--import', 'os;print(1)']);
    expect(code).toBe(2);
    expect(err).toMatch(/not a Python module name/);
  });

  it('env PATH --offline describes from files without running the interpreter', async () => {
    const { code, out } = await runCli(envCommand, [venvs[2]!.dir, '--offline']);
    expect(code).toBe(0);
    expect(out).toContain('Status:      offline');
    expect(out).toMatch(/Evidence: {4}version 3\.\d+\.\d+: pyvenv\.cfg/);
    expect(out).toMatch(/Evidence: {4}architecture x86_64: ELF header of bin\/python3/);
  });

  it('envs lists the environments with their status', async () => {
    const { code, out } = await runCli(envsCommand, ['--venv-root', root, '--timeout', '20']);
    expect(code).toBe(0);
    expect(out).toMatch(/ok\s+Python 3\.\d+\.\d+ x86_64\s+venv\s+.*gämma/);
    expect(out).toMatch(/interpreter run\(s\)\.\n$/);
  });
});

describe('POSIX discovery sources (in-memory machine)', () => {
  it('finds pyenv versions, Homebrew, conda envs and system Pythons, skipping shims', async () => {
    const host = fakeHost({
      platform: 'darwin',
      homeDir: '/Users/me',
      env: { PATH: '/Users/me/.pyenv/shims:/opt/homebrew/bin:/usr/bin', HOME: '/Users/me' },
      files: {
        '/Users/me/.pyenv/shims/python': '#!/bin/bash',
        '/Users/me/.pyenv/versions/3.12.1/bin/python3': 'x',
        '/opt/homebrew/bin/python3.12': 'x',
        '/opt/homebrew/opt/python@3.12/bin/python3': 'x',
        '/usr/bin/python3': 'x',
        '/Users/me/miniforge3/conda-meta/history': '',
        '/Users/me/miniforge3/bin/python3': 'x',
        '/Users/me/miniforge3/envs/ml/conda-meta/history': '',
        '/Users/me/miniforge3/envs/ml/bin/python3': 'x',
        '/Library/Frameworks/Python.framework/Versions/3.11/bin/python3': 'x',
      },
      commands: {},
    });
    const found = await discoverEnvironments({ host, useCondaCli: false });
    const summary = found.map((e) => `${e.kind} ${e.id}`);
    expect(summary).toEqual(expect.arrayContaining([
      'pyenv /Users/me/.pyenv/versions/3.12.1',
      'homebrew /opt/homebrew',
      'homebrew /opt/homebrew/opt/python@3.12',
      'conda /Users/me/miniforge3',
      'conda /Users/me/miniforge3/envs/ml',
      'system /Library/Frameworks/Python.framework/Versions/3.11',
    ]));
    expect(summary.some((s) => s.includes('shims'))).toBe(false);
    // /usr/bin/python3 on a Mac is Apple's shim, with no Command Line Tools here to run (tests/envs/macos-discovery.test.ts).
    expect(summary).not.toContain('system /usr');
    expect(host.log).toEqual([]);
  });
});
