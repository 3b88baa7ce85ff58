import { DoctorError } from '../../base/errors';
import type { CliCommand } from '../command';
import { interpreterArgument } from '../interpreter-argument';
import { EngineClient, newJobId } from '../engine-client';
import { ExitCode } from '../exit-codes';

export const rollbackCommand: CliCommand = {
  name: 'rollback',
  summary: 'Put an environment back as it was before a repair (its newest snapshot, or the one named).',
  usage: 'Usage: python-dll-doctor rollback --python PATH [SNAPSHOT] [--json]\n\n  A snapshot taken of another environment is refused, and nothing changes.',
  options: { python: { type: 'string' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(args, io) {
    if (typeof args.values.python !== 'string' || args.positionals.length > 1) {
      io.stderr('Give --python PATH, and at most one snapshot name.\n');
      return ExitCode.usage;
    }
    const python = await interpreterArgument(io.cwd, args.values.python, io.env);
    const engine = new EngineClient(io);
    try {
      const outcome = await engine.call('rollbackRepair', { jobId: newJobId(), python, snapshotId: args.positionals[0] }, (name, payload) => {
        if (name === 'log' && !args.values.json) io.stderr(`  ${(payload as { line: string }).line}\n`);
      });
      io.stdout(args.values.json ? `${JSON.stringify(outcome, null, 2)}\n` : `${outcome.summary}\n`);
      return outcome.status === 'failed' ? ExitCode.error : ExitCode.ok;
    } catch (error) {
      if (error instanceof DoctorError && error.code === 'busy') {
        io.stderr(`${error.message}\n${error.whatToDo ?? ''}\n`);
        return ExitCode.busy;
      }
      throw error;
    }
  },
};
