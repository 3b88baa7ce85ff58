import { createInterface } from 'node:readline/promises';
import { DoctorError } from '../../base/errors';
import type { Remedy } from '../../diagnosis/types';
import type { RepairPlan } from '../../repair';
import { checkModuleName } from '../../base/module-name';
import { checkWindowsFolder } from '../../base/windows-folder';
import type { CliCommand } from '../command';
import { interpreterArgument } from '../interpreter-argument';
import { EngineClient, newJobId } from '../engine-client';
import { ExitCode } from '../exit-codes';

const USAGE = `Usage: python-dll-doctor fix --python PATH --module NAME [--remedy ID] [--yes] [--dry-run] [--json]
                          [--windows-folder C:\\PATH]

  Diagnoses the module, shows the plan of the top-ranked fix (or the one named with --remedy) with the
  exact commands and what they change, asks before running anything (--yes answers for you), takes a
  snapshot, applies it, and diagnoses the module again. Undo with: python-dll-doctor rollback --python PATH
  For an environment examined offline (a Windows folder copied here), it prints the commands to run on
  that environment's own machine and runs nothing; --windows-folder names the environment's folder on
  that machine, so the commands run from anywhere there. Commands stop after DOCTOR_COMMAND_TIMEOUT seconds
  (default 1800).`;

function planText(plan: RepairPlan): string {
  const lines = [`Plan: ${plan.remedy.title}`, ''];
  if (plan.elsewhere) {
    lines.push(plan.elsewhere.where, '', ...plan.elsewhere.commands.map((c) => `  ${c}`));
    if (plan.elsewhere.check) lines.push('', 'Then check it there:', `  ${plan.elsewhere.check}`);
  } else {
    lines.push('Commands, in order:');
    for (const step of plan.steps) lines.push(`  ${step.kind === 'command' ? step.argv.join(' ') : `move ${step.from} -> ${step.to}`}`);
  }
  if (plan.changes.length > 0) lines.push('', plan.runsHere !== false ? 'What changes (the dry run of each command above):' : 'What changes (from the environment\'s records):', ...plan.changes.map((c) => `  ${c.package}: ${c.from ?? 'not installed'} -> ${c.to ?? 'removed'}${c.from === c.to ? ' (reinstalled)' : ''}`));
  if (plan.dependents.length > 0) lines.push('', 'Dependents:', ...plan.dependents.map((d) => `  ${d.name} ${d.version ?? ''}: ${d.reason}`));
  if (plan.unchangedDependents && plan.unchangedDependents.length > 0) {
    lines.push('', 'Dependents not reinstalled (the same version is put back, so nothing they need changes):', ...plan.unchangedDependents.map((d) => `  ${d.name} ${d.version ?? ''}: ${d.reason}`));
  }
  if (!plan.permission.writable) lines.push('', plan.permission.message, ...plan.permission.choices.map((c) => `  - ${c}`));
  lines.push(...plan.warnings.map((w) => `Warning: ${w}`));
  return `${lines.join('\n')}\n`;
}

async function confirm(): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question('Run these commands? [y/N] ')).trim());
  } finally {
    rl.close();
  }
}

export const fixCommand: CliCommand = {
  name: 'fix',
  summary: 'Diagnose a module, then preview, apply and verify the fix (with a snapshot to roll back to).',
  usage: USAGE,
  options: { python: { type: 'string' }, module: { type: 'string' }, remedy: { type: 'string' }, yes: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, 'windows-folder': { type: 'string' } },
  async run(args, io) {
    const v = args.values;
    if (typeof v.python !== 'string' || typeof v.module !== 'string') {
      io.stderr(`Give --python and --module.\n${USAGE}\n`);
      return ExitCode.usage;
    }
    if (checkModuleName(v.module) !== null) {
      io.stderr(`"${v.module}" is not a module name (like PIL._imaging).\n`);
      return ExitCode.usage;
    }
    const checked = typeof v['windows-folder'] === 'string' ? checkWindowsFolder(v['windows-folder']) : null;
    if (checked?.problem) {
      io.stderr(`--windows-folder: ${checked.problem}\n`);
      return ExitCode.usage;
    }
    const home = checked?.folder ?? undefined;
    const python = await interpreterArgument(io.cwd, v.python, io.env);
    const module = v.module;
    const engine = new EngineClient(io);
    const diagnosis = await engine.call('diagnose', { jobId: newJobId(), python, target: { kind: 'module', module } });
    const remedies = diagnosis.causes.flatMap((c) => c.remedies);
    const remedy: Remedy | undefined = typeof v.remedy === 'string' ? remedies.find((r) => r.id === v.remedy) : remedies.find((r) => r.automatic);
    if (!remedy) {
      io.stderr(diagnosis.status === 'healthy' ? `${module} imports fine: nothing to fix.\n` : `No fix this tool can carry out was found${typeof v.remedy === 'string' ? ` with id ${v.remedy}` : ''}. Run diagnose for the details.\n`);
      return diagnosis.status === 'healthy' ? ExitCode.ok : ExitCode.error;
    }
    const plan = await engine.call('planRepair', { diagnosisId: diagnosis.id, remedyId: remedy.id, ...(home ? { home } : {}) });
    if (v.json && (v['dry-run'] || plan.runsHere === false)) {
      io.stdout(`${JSON.stringify({ plan }, null, 2)}\n`);
      return ExitCode.ok;
    }
    if (!v.json) io.stdout(planText(plan));
    if (plan.blocked && !v['dry-run'] && plan.runsHere !== false) {
      io.stderr(`${plan.blocked}\n`);
      return ExitCode.error;
    }
    // Offline: the commands are for the environment's own machine; nothing runs here.
    if (v['dry-run'] || plan.runsHere === false) return ExitCode.ok;
    if (!plan.permission.writable) return ExitCode.error;
    if (!v.yes && !(await confirm())) {
      io.stderr(process.stdin.isTTY ? 'Nothing was changed.\n' : 'Nothing was changed: add --yes to run the plan without being asked.\n');
      return ExitCode.cancelled;
    }
    const jobId = newJobId();
    const onSigint = () => void engine.call('cancelJob', { jobId });
    process.once('SIGINT', onSigint);
    try {
      const outcome = await engine.call('applyRepair', { jobId, planId: plan.id, verifyModule: module }, (name, payload) => {
        if (name !== 'log' || v.json) return;
        const { stream, line } = payload as { stream: string; line: string };
        if (stream === 'stdout') io.stdout(`  ${line}\n`);
        else io.stderr(`  ${line}\n`);
      });
      io.stdout(v.json ? `${JSON.stringify({ plan, outcome }, null, 2)}\n` : `\n${outcome.summary}\n${outcome.snapshotId ? `Snapshot: ${outcome.snapshotId} (undo with: python-dll-doctor rollback --python ${python} ${outcome.snapshotId})\n` : ''}`);
      return outcome.status === 'fixed' ? ExitCode.ok : outcome.status === 'cancelled' ? ExitCode.cancelled : ExitCode.repairFailed;
    } catch (error) {
      if (error instanceof DoctorError && error.code === 'busy') {
        io.stderr(`${error.message}\n${error.whatToDo ?? ''}\n`);
        return ExitCode.busy;
      }
      throw error;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};
