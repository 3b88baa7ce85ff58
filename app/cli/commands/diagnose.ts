/**
 * `python-dll-doctor diagnose`: why does this module not load, and what fixes it.
 *
 * Exit codes (app/cli/exit-codes.ts): 0 no problem found, 3 a cause was found, 7 an import fails
 * but no cause could be shown, 1 the diagnosis could not run, 2 wrong command line.
 */
import { writeFile } from 'node:fs/promises';
import { reportWriteError } from '../../report/report-write-error';
import { checkModuleName } from '../../base/module-name';
import { isPackageName } from '../../base/package-spec';
import { extname, resolve } from 'node:path';
import { MAX_ERROR_TEXT } from '../../diagnosis/error-text/error-text';
import { isModuleName } from '../../base/module-name';
import { readTextTail } from '../../input/read-tail';
import type { ProgressEvent, RequestOf } from '../../contract/contract';
import type { DiagnosisDeps } from '../../diagnosis/facts/facts';
import type { Diagnosis } from '../../diagnosis/types';
import { buildReport } from '../../report/build-report';
import { renderHtml } from '../../report/render-html';
import { renderJson, renderMarkdown } from '../../report/render-markdown';
import { appVersion } from '../../version';
import type { CliCommand, CliIo } from '../command';
import { EngineClient, newJobId } from '../engine-client';
import { ExitCode } from '../exit-codes';

/** What reaches the error reader: the same bound it applies itself (MAX_ERROR_TEXT). */
const MAX_ERROR_FILE = MAX_ERROR_TEXT;

const USAGE = `python-dll-doctor diagnose --python PATH (--module NAME | --package NAME | --error-file FILE | --all)
                           [--after MOD[,MOD...]] [--program FILE]
                           [--report out.html|out.md|out.json] [--full-report] [--json] [--quiet]

  --python PATH       the interpreter of the environment (python.exe / bin/python); a Windows
                      python.exe given on Linux is examined offline from its folder's files
  --module NAME       one module, e.g. PIL._imaging
  --package NAME      every extension module of an installed package
  --error-file FILE   a file holding the error as you saw it (a traceback or one line); - reads stdin
  --all               every extension module of the environment
  --after MODS        the modules your program imports before the failing one, in order
                      (comma-separated): they are replayed first in a fresh interpreter, and a
                      library one of them loads that the module cannot use is named
  --program FILE      your program: its imports before the failing one are replayed (read with
                      Python's ast, never run); by default the file the traceback names
  --report FILE       also write the report; the format follows the extension (.html, .md, .json)
  --full-report       do not redact user name, home folder and host name in the report file
  --json              print the diagnosis as one JSON document
  --quiet             no progress lines on stderr

Exit codes: 0 no problem found (proved by a real import), 3 a problem was found, 7 no verdict: an
import fails but no cause could be shown, or the checks that prove the module loads could not run
here (inconclusive), 1 the diagnosis could not run, 2 wrong command line.`;

export function exitCodeFor(status: Diagnosis['status']): number {
  switch (status) {
    case 'healthy':
      return ExitCode.ok;
    case 'problem-found':
      return ExitCode.problemFound;
    case 'unexplained':
    case 'inconclusive':
      return ExitCode.unexplained;
    case 'partial':
      return ExitCode.cancelled;
  }
}

/**
 * The error file's last MAX_ERROR_FILE bytes, never more: the error reader looks for the last
 * traceback in what it gets, and a log of any size is read in bounded memory. Devices and pipes
 * are refused at once (read-tail.ts).
 */
async function readErrorFile(path: string, io: CliIo, stdin: () => Promise<string>): Promise<string> {
  if (path === '-') return stdin();
  return (await readTextTail(resolve(io.cwd, path), MAX_ERROR_FILE)).text;
}

function humanText(d: Diagnosis): string {
  const lines: string[] = [];
  const env = d.environment;
  lines.push(`Environment: ${env.python} (Python ${env.pythonVersion ?? 'unknown'}, ${env.kind}, ${env.packageCount} packages)`);
  if (d.error) {
    lines.push(d.error.recognized ? `Error given: ${d.error.failureClass}${d.error.errorCode !== null ? ` (code ${d.error.errorCode})` : ''}${d.error.module ? ` in ${d.error.module}` : ''}` : 'Error given: not a load failure this tool recognises.');
  }
  if (d.status === 'healthy') {
    lines.push('', 'No problem found. Checked:');
    for (const c of d.checks) lines.push(`  - ${c.title}: ${c.status} (${c.detail})`);
    return `${lines.join('\n')}\n`;
  }
  if (d.status === 'inconclusive') {
    lines.push('', 'No verdict (inconclusive): no problem was found, but what proves the module loads could not be checked here.');
    for (const u of d.unchecked ?? []) lines.push(`  - Not checked: ${u.what}`, `    Why: ${u.why}`, `    How to check: ${u.howToCheck}`);
    lines.push('', 'Checked:');
    for (const c of d.checks) lines.push(`  - ${c.title}: ${c.status} (${c.detail})`);
    return `${lines.join('\n')}\n`;
  }
  if (d.status === 'partial') lines.push('', 'Cancelled: only part of the environment was examined. What was found so far:');
  if (d.status === 'unexplained') {
    lines.push('', 'An import fails, but no cause could be shown with evidence:');
    for (const m of d.modules.filter((x) => !x.ok)) lines.push(`  - ${m.module}: ${m.message ?? 'fails'}`);
    lines.push('', 'Checked:');
    for (const c of d.checks) lines.push(`  - ${c.title}: ${c.status} (${c.detail})`);
    return `${lines.join('\n')}\n`;
  }
  d.causes.forEach((c, i) => {
    lines.push('', `${i + 1}. ${c.title}  [${c.confidence.level} confidence, ${c.confidence.score.toFixed(2)}]`, `   ${c.explanation}`, '   Evidence:');
    for (const e of c.evidence) lines.push(`     - ${e.summary}`);
    if (c.remedies.length > 0) {
      lines.push('   Fixes, best first:');
      c.remedies.forEach((r, j) => {
        lines.push(`     ${j + 1}) ${r.title}${r.automatic ? '' : ' (by hand)'}${r.recommended ? '  [recommended]' : ''}`);
        if (r.recommended && r.recommendedBecause) lines.push(`        Why this one: ${r.recommendedBecause}`);
      });
    }
  });
  const notChecked = d.unchecked ?? [];
  if (notChecked.length > 0) {
    lines.push('', 'Not checked here:');
    for (const u of notChecked) lines.push(`  - ${u.what}: ${u.why} ${u.howToCheck}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The command, run through the engine's diagnose handler like the wizard's diagnosis; with the
 * functions that gather facts injected (null: the live sources; tests pass their own).
 */
export function createDiagnoseCommand(makeDeps: ((io: CliIo, python: string) => DiagnosisDeps) | null, stdin: () => Promise<string> = readStdin): CliCommand {
  return {
    name: 'diagnose',
    summary: 'Find out why a compiled module does not load: ranked causes with evidence and fixes.',
    usage: USAGE,
    options: {
      python: { type: 'string' },
      module: { type: 'string' },
      package: { type: 'string' },
      'error-file': { type: 'string' },
      all: { type: 'boolean' },
      after: { type: 'string' },
      program: { type: 'string' },
      report: { type: 'string' },
      'full-report': { type: 'boolean' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
    async run(args, io) {
      const v = args.values;
      const python = typeof v.python === 'string' ? v.python : null;
      const chosen = ['module', 'package', 'error-file', 'all'].filter((k) => v[k] !== undefined && v[k] !== false);
      if (!python || chosen.length !== 1) {
        io.stderr(`${!python ? 'Missing --python PATH.' : 'Give exactly one of --module, --package, --error-file or --all.'}\nUsage: ${USAGE}\n`);
        return ExitCode.usage;
      }
      const reportPath = typeof v.report === 'string' ? resolve(io.cwd, v.report) : null;
      const format = reportPath ? extname(reportPath).toLowerCase() : null;
      if (format !== null && !['.html', '.htm', '.md', '.json'].includes(format)) {
        io.stderr(`--report must end in .html, .md or .json (got "${v.report as string}").\n`);
        return ExitCode.usage;
      }
      const pythonPath = resolve(io.cwd, python);
      let target: RequestOf<'diagnose'>['target'];
      if (typeof v.module === 'string') target = { kind: 'module', module: v.module };
      else if (typeof v.package === 'string') target = { kind: 'package', package: v.package };
      else if (typeof v['error-file'] === 'string') target = { kind: 'error-text', text: await readErrorFile(v['error-file'], io, stdin) };
      else target = { kind: 'environment' };
      const after = typeof v.after === 'string' ? v.after.split(',').map((m) => m.trim()).filter(Boolean) : [];
      const badAfter = after.find((m) => !isModuleName(m));
      if (badAfter !== undefined || (typeof v.after === 'string' && after.length === 0)) {
        io.stderr(`--after takes module names separated by commas (e.g. --after PyQt5.QtCore,numpy); "${badAfter ?? v.after}" is not one.\n`);
        return ExitCode.usage;
      }
      if ((after.length > 0 || typeof v.program === 'string') && (v.all || typeof v.package === 'string')) {
        io.stderr('--after and --program apply to one module: give them with --module or --error-file.\n');
        return ExitCode.usage;
      }
      if (after.length > 0 && typeof v.program === 'string') {
        io.stderr('Give either --after or --program, not both: --program reads the imports from the file.\n');
        return ExitCode.usage;
      }
      const context = after.length > 0 ? { after } : typeof v.program === 'string' ? { program: resolve(io.cwd, v.program) } : undefined;
      const problem = typeof v.module === 'string' ? checkModuleName(v.module) : typeof v.package === 'string' && !isPackageName(v.package) ? `--package "${v.package}" is not a valid package name (PEP 508).` : null;
      if (problem) {
        io.stderr(`${problem}\n`);
        return ExitCode.usage;
      }

      // Ctrl-C stops the diagnosis and prints what was found so far as partial (a second one ends the process).
      const cancel = new AbortController();
      const onInterrupt = (): void => cancel.abort();
      process.once('SIGINT', onInterrupt);
      const engine = new EngineClient(io, makeDeps ? { diagnosisDeps: (python) => makeDeps(io, python) } : {});
      let diagnosis: Diagnosis;
      try {
        const { id: _id, fixed: _fixed, ...result } = await engine.call('diagnose', { jobId: newJobId(), python: pythonPath, target, ...(context ? { context } : {}) }, (name, payload) => {
          const p = payload as ProgressEvent;
          if (name === 'progress' && !v.quiet && !v.json && p.state === 'started') io.stderr(`[${Math.round((p.fraction ?? 0) * 100).toString().padStart(3)}%] ${p.phase}: ${p.message}\n`);
        }, cancel.signal);
        diagnosis = result;
      } finally {
        process.removeListener('SIGINT', onInterrupt);
      }
      if (reportPath && format) {
        const report = buildReport({ diagnosis, appVersion });
        const options = { redact: !v['full-report'] };
        const text = format === '.json' ? renderJson(report, options) : format === '.md' ? renderMarkdown(report, options) : renderHtml(report, options);
        // The diagnosis is printed even when its report cannot be saved: nothing the user waited for is lost.
        const failed = await writeFile(reportPath, text, 'utf8').then(() => null, (error: unknown) => reportWriteError(error, reportPath));
        if (failed) {
          io.stdout(v.json ? `${JSON.stringify(diagnosis, null, 2)}\n` : humanText(diagnosis));
          throw failed;
        }
        if (!v.quiet && !v.json) io.stderr(`Report written to ${reportPath}${options.redact ? ' (user name, home folder and host name redacted; --full-report keeps them)' : ' (not redacted)'}\n`);
      }
      io.stdout(v.json ? `${JSON.stringify(diagnosis, null, 2)}\n` : humanText(diagnosis));
      return exitCodeFor(diagnosis.status);
    },
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buf);
    size += buf.length;
    while (size > MAX_ERROR_FILE && chunks.length > 1) size -= chunks.shift()?.length ?? 0;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The command as the CLI ships it. */
export const diagnoseCommand: CliCommand = createDiagnoseCommand(null);
