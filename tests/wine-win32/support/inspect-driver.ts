/**
 * Runs the CLI's `inspect` command (app/cli/commands/inspect.ts) on win32 many times in one Node
 * process: bundled by esbuild into one .mjs that Node for Windows executes under Wine
 * (tests/wine-win32/live-loader-on-win32.test.ts). One process for every case, so the suite pays
 * Node's start under Wine once instead of 300 times; each run is the command exactly as
 * `python-dll-doctor inspect ARGS` runs it.
 * argv: a JSON file of jobs ({ id, args }[]) and the file the results are written to.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { inspectCommand } from '../../../app/cli/commands/inspect';
import { readKnownDlls } from '../../../app/envs/known-dlls';

interface Job {
  readonly id: string;
  readonly args: string[];
}

const [jobsFile = '', resultsFile = ''] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(jobsFile, 'utf8')) as Job[];
const results: { id: string; code: number; stdout: string; stderr: string }[] = [];
for (const job of jobs) {
  let stdout = '';
  let stderr = '';
  const { values, positionals } = parseArgs({ args: job.args, options: inspectCommand.options, allowPositionals: true, strict: true });
  const code = await inspectCommand.run({ values, positionals }, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: process.cwd(),
    env: process.env,
  });
  results.push({ id: job.id, code, stdout, stderr });
}
writeFileSync(resultsFile, JSON.stringify({ knownDlls: await readKnownDlls(), results }));
console.log('done');
process.exit(0);
