import path from 'node:path';
import { defaultDataDir } from '../../api/data-dir';
import { latestSnapshot, rollback } from '../../repair';
import type { CliCommand } from '../command';
import { ExitCode } from '../exit-codes';

export const rollbackCommand: CliCommand = {
  name: 'rollback',
  summary: 'Put an environment back as it was before a repair (its newest snapshot, or the one named).',
  usage: 'Usage: python-dll-doctor rollback --python PATH [SNAPSHOT] [--json]',
  options: { python: { type: 'string' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(args, io) {
    if (typeof args.values.python !== 'string' || args.positionals.length > 1) {
      io.stderr('Give --python PATH, and at most one snapshot name.\n');
      return ExitCode.usage;
    }
    const python = path.resolve(io.cwd, args.values.python);
    const dataDir = defaultDataDir(process.platform, io.env);
    const snapshotId = args.positionals[0] ?? (await latestSnapshot(dataDir, python))?.id;
    if (!snapshotId) {
      io.stderr(`No snapshot of ${python} was found in ${path.join(dataDir, 'snapshots')}: nothing to roll back to.\n`);
      return ExitCode.error;
    }
    const outcome = await rollback(python, snapshotId, { dataDir, env: io.env, onLine: (_s, line) => void (args.values.json ? undefined : io.stderr(`  ${line}\n`)), onProgress: () => undefined });
    io.stdout(args.values.json ? `${JSON.stringify(outcome, null, 2)}\n` : `${outcome.summary}\n`);
    return outcome.status === 'failed' ? ExitCode.error : ExitCode.ok;
  },
};
