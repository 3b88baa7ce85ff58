/**
 * `python-dll-doctor envs [--json]`: finds every Python environment and describes each in one run.
 */
import path from 'node:path';
import type { CliCommand } from '../command';
import { EngineClient } from '../engine-client';
import { ExitCode } from '../exit-codes';
import { environmentLine } from './env-format';

function seconds(value: unknown, fallback: number): number | null {
  if (value === undefined) return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 && n <= 600 ? n : null;
}

export const envsCommand: CliCommand = {
  name: 'envs',
  summary: 'List every Python environment on this machine with version, architecture and status.',
  usage: [
    'Usage: python-dll-doctor envs [--json] [--add PATH]... [--venv-root DIR]... [--timeout SECONDS]',
    '',
    '  --json             one JSON document: {"environments": [...], "interpreterRuns": N}',
    '  --add PATH         also describe this interpreter or environment folder (repeatable)',
    '  --venv-root DIR    also look for venvs in the sub-folders of DIR (repeatable)',
    '  --timeout SECONDS  stop an interpreter that has not answered (default 20)',
  ].join('\n'),
  options: {
    json: { type: 'boolean' },
    add: { type: 'string', multiple: true },
    'venv-root': { type: 'string', multiple: true },
    timeout: { type: 'string' },
  },
  async run(args, io) {
    const timeout = seconds(args.values.timeout, 20);
    if (timeout === null) {
      io.stderr('--timeout must be a number of seconds between 0 and 600.\n');
      return ExitCode.usage;
    }
    const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    const { environments, interpreterRuns } = await new EngineClient(io).call('scanEnvironments', {
      extraPaths: list(args.values.add).map((x) => path.resolve(io.cwd, x)),
      venvRoots: list(args.values['venv-root']).map((x) => path.resolve(io.cwd, x)),
      timeoutMs: Math.max(1, Math.round(timeout * 1000)),
    });
    if (args.values.json) {
      io.stdout(`${JSON.stringify({ environments, interpreterRuns }, null, 2)}\n`);
      return ExitCode.ok;
    }
    if (environments.length === 0) {
      io.stdout('No Python environment found. Add one with --add PATH.\n');
      return ExitCode.ok;
    }
    for (const d of environments) {
      io.stdout(`${environmentLine(d)}\n`);
      if (d.message && d.status !== 'ok') io.stdout(`             ${d.message}\n`);
    }
    io.stdout(`${environments.length} environment(s), ${interpreterRuns} interpreter run(s).\n`);
    return ExitCode.ok;
  },
};
