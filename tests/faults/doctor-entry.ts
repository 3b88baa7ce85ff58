/**
 * The doctor as the fault-injection suite kills it: the real engine in a process of its own (as the
 * CLI and the app run it), repairing or rolling back, printing each child's PID, each line of
 * output and, if it lives to the end, its outcome. Bundled by the suite with esbuild.
 * Usage: node doctor.mjs repair PLAN_JSON DATA_DIR MODULE | node doctor.mjs rollback PYTHON SNAPSHOT_ID DATA_DIR
 */
import { applyPlan, rollback } from '../../app/repair';
import { runProcess } from '../../app/process/run-process';

const [mode, first = '', second = '', third = ''] = process.argv.slice(2);
const say = (kind: string, text: string) => process.stdout.write(`${kind} ${text.replace(/\n/g, ' ')}\n`);
const common = { onLine: (_stream: string, line: string) => say('line', line), onProgress: () => undefined, onSpawn: (pid: number) => say('spawn', String(pid)) };

async function main(): Promise<void> {
  if (mode === 'repair') {
    const plan = JSON.parse(first);
    const verify = async () => (await runProcess([plan.python, '-c', `import ${third}`])).code === 0;
    say('outcome', JSON.stringify(await applyPlan(plan, { ...common, dataDir: second, signal: new AbortController().signal, verify })));
  } else {
    say('outcome', JSON.stringify(await rollback(first, second, { ...common, dataDir: third })));
  }
}

main().catch((error: Error & { code?: string }) => {
  say('error', `${error.code ?? error.name}: ${error.message}`);
  process.exitCode = 1;
});
