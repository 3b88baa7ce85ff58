/**
 * `python-dll-doctor env PATH [--import MODULE] [--json]`: describes one environment completely and
 * checks its health; with --import, imports MODULE inside it and reports the exact error.
 */
import path from 'node:path';
import { DoctorError } from '../../base/errors';
import { checkModuleName } from '../../base/module-name';
import type { CliCommand } from '../command';
import { EngineClient } from '../engine-client';
import { ExitCode } from '../exit-codes';
import { environmentDetails } from './env-format';

export const envCommand: CliCommand = {
  name: 'env',
  summary: 'Describe one Python environment (interpreter or folder), check its health, optionally test an import.',
  usage: [
    'Usage: python-dll-doctor env PATH [--import MODULE] [--json] [--offline] [--timeout SECONDS]',
    '',
    '  PATH               an interpreter (python, python.exe) or an environment folder',
    '  --import MODULE    import MODULE inside the environment and report the exact error',
    '  --offline          do not run anything: describe the folder from its files',
    '  --json             one JSON document: {"environment": {...}, "health": {...}}',
    '  --timeout SECONDS  stop the interpreter if it has not answered (default 20)',
    '',
    'Exit codes: 0 healthy, 3 a problem was found (failed import or health issue), 1 the interpreter could not be used or PATH is no environment.',
  ].join('\n'),
  options: {
    json: { type: 'boolean' },
    import: { type: 'string' },
    offline: { type: 'boolean' },
    timeout: { type: 'string' },
  },
  allowPositionals: true,
  async run(args, io) {
    if (args.positionals.length !== 1) {
      io.stderr('Give exactly one PATH: an interpreter or an environment folder.\n');
      return ExitCode.usage;
    }
    const module = typeof args.values.import === 'string' ? args.values.import : undefined;
    if (module !== undefined) {
      const problem = checkModuleName(module);
      if (problem) {
        io.stderr(`${problem}\n`);
        return ExitCode.usage;
      }
    }
    const timeout = args.values.timeout === undefined ? 20 : Number(args.values.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 600) {
      io.stderr('--timeout must be a number of seconds between 0 and 600.\n');
      return ExitCode.usage;
    }
    const target = path.resolve(io.cwd, args.positionals[0]!);
    let report;
    try {
      report = await new EngineClient(io).call('describeEnvironment', { path: target, ...(module !== undefined ? { importModule: module } : {}), offline: args.values.offline === true, timeoutMs: Math.max(1, Math.round(timeout * 1000)) });
    } catch (error) {
      if (error instanceof DoctorError && error.code === 'invalid-environment-path') {
        io.stderr(`${error.message}\n`);
        return ExitCode.usage;
      }
      throw error;
    }
    const { environment: description, health, notAnEnvironment } = report;
    // A folder with no interpreter, no records and no site-packages is described, but is no environment.
    const usable = health !== null;
    if (args.values.json) io.stdout(`${JSON.stringify({ environment: description, health }, null, 2)}\n`);
    else io.stdout(environmentDetails(description, health));
    if (notAnEnvironment && !args.values.json) io.stderr(`${description.message ?? `${target} is not a Python environment.`}\nGive the environment's folder (the one holding pyvenv.cfg, conda-meta or python.exe) or its interpreter.\n`);
    if (!usable) return ExitCode.error;
    const importFailed = description.importTest !== null && description.importTest.outcome !== 'ok';
    const healthErrors = health?.issues.some((i) => i.severity === 'error') ?? false;
    return importFailed || healthErrors ? ExitCode.problemFound : ExitCode.ok;
  },
};
