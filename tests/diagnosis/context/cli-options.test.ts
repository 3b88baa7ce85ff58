import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../app/cli/command';
import { createDiagnoseCommand } from '../../../app/cli/commands/diagnose';
import { ExitCode } from '../../../app/cli/exit-codes';
import { runCli } from '../../../app/cli/run-cli';
import type { DiagnosisDeps } from '../../../app/diagnosis/facts/facts';

function io(): CliIo & { out: string; err: string } {
  const o = { out: '', err: '', cwd: '/tmp', env: {}, stdout: (t: string) => void (o.out += t), stderr: (t: string) => void (o.err += t) };
  return o;
}

const never = (): DiagnosisDeps => {
  throw new Error('the diagnosis must not start for a wrong command line');
};

describe('diagnose --after / --program', () => {
  it('refuses a name that is not a module name, saying what it takes (exit 2)', async () => {
    const out = io();
    expect(await runCli(['diagnose', '--python', '/v/bin/python', '--module', 'scipy', '--after', 'PyQt5.QtCore,import os'], out, [createDiagnoseCommand(never)])).toBe(ExitCode.usage);
    expect(out.err).toContain('--after takes module names separated by commas');
    expect(out.err).toContain('"import os"');
  });

  it('refuses them with --all and --package, and both together', async () => {
    for (const argv of [
      ['--all', '--after', 'numpy'],
      ['--package', 'scipy', '--program', 'app.py'],
      ['--module', 'scipy', '--after', 'numpy', '--program', 'app.py'],
    ]) {
      expect(await runCli(['diagnose', '--python', '/v/bin/python', ...argv], io(), [createDiagnoseCommand(never)])).toBe(ExitCode.usage);
    }
  });
});
