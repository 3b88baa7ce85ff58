import { listPathInterpreters } from '../../interpreters/path-interpreters';
import type { CliCommand } from '../command';
import { ExitCode } from '../exit-codes';

export const interpretersCommand: CliCommand = {
  name: 'interpreters',
  summary: 'List the Python interpreters on PATH with their versions.',
  usage: 'python-dll-doctor interpreters [--json]',
  options: { json: { type: 'boolean' } },
  async run(args, io) {
    const found = await listPathInterpreters({ pathVariable: io.env.PATH ?? io.env.Path ?? '', platform: process.platform });
    if (args.values.json) {
      io.stdout(`${JSON.stringify(found, null, 2)}\n`);
      return ExitCode.ok;
    }
    if (found.length === 0) {
      io.stdout('No Python interpreter was found on PATH.\n');
      return ExitCode.ok;
    }
    for (const item of found) {
      const what = item.status === 'ok' ? `${item.implementation} ${item.version} (${item.bits}-bit)` : `cannot run: ${item.message}`;
      io.stdout(`${item.path}\n  ${what}\n  found as ${item.names.join(', ')}\n`);
    }
    return ExitCode.ok;
  },
};
