/**
 * `npm run bench`: every benchmark, one after the other, each next to its reference in the same
 * process tree (each bench starts its reference itself: pefile, readelf, one interpreter importing
 * every module, `python -c` per venv), then a summary of their figures.
 *
 * Fails only when a bench fails: a disagreement with its reference, a wrong verdict, a crash.
 * Never on time: the benches print figures and compare answers, and no threshold here reads a time.
 * They run one at a time, so that no bench measures another's load.
 *
 * Run: npx tsx scripts/bench.ts [--only binary,envs] [--skip diagnose-all] [-- args for bench:binary]
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(new URL('..', import.meta.url).pathname);

/** One bench: its npm script name, its script, and the lines of its output that carry its figures. */
export interface BenchSpec {
  readonly name: string;
  readonly script: string;
  readonly figures: RegExp;
}

/** Every bench, in the order they run (the cheapest first: an early failure is seen soon). */
export const BENCHES: readonly BenchSpec[] = [
  { name: 'binary', script: 'scripts/bench-binary.ts', figures: /speed-up|disagreements|JSON lines/ },
  { name: 'envs', script: 'scripts/bench-envs.ts', figures: /^round \d|same session|worst total|FAIL/ },
  { name: 'diagnose', script: 'scripts/bench-diagnose.ts', figures: /median|ratio|floor|verdict/i },
  { name: 'diagnose-all', script: 'scripts/bench-diagnose-all.ts', figures: /^environment:|ratio/ },
];

export interface BenchOutcome {
  readonly name: string;
  /** The exit code, or null when a signal ended it. */
  readonly code: number | null;
  readonly seconds: number;
  readonly figures: readonly string[];
}

/** The benches `--only` and `--skip` select (comma-separated names); unknown names are an error. */
export function selectBenches(only: string | undefined, skip: string | undefined): BenchSpec[] {
  const names = (list: string | undefined): string[] => (list ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  const known = new Set(BENCHES.map((b) => b.name));
  for (const name of [...names(only), ...names(skip)]) {
    if (!known.has(name)) throw new Error(`unknown bench "${name}"; the benches are: ${[...known].join(', ')}`);
  }
  const wanted = names(only);
  const skipped = new Set(names(skip));
  return BENCHES.filter((b) => (wanted.length === 0 || wanted.includes(b.name)) && !skipped.has(b.name));
}

/** Runs one bench with tsx, its output passed through line by line (prefixed) and its figure lines kept. */
function runBench(bench: BenchSpec, args: readonly string[]): Promise<BenchOutcome> {
  return new Promise((resolveRun) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, bench.script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const figures: string[] = [];
    const pass = (stream: NodeJS.ReadableStream, write: (line: string) => void, keep: boolean): void => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          write(`[${bench.name}] ${line}\n`);
          if (keep && bench.figures.test(line)) figures.push(line.trim());
        }
      });
      stream.on('end', () => {
        if (rest) write(`[${bench.name}] ${rest}\n`);
      });
    };
    pass(child.stdout, (l) => process.stdout.write(l), true);
    pass(child.stderr, (l) => process.stderr.write(l), false);
    child.on('error', (error) => {
      process.stderr.write(`[${bench.name}] could not start: ${error.message}\n`);
      resolveRun({ name: bench.name, code: 1, seconds: (performance.now() - start) / 1000, figures });
    });
    child.on('close', (code) => resolveRun({ name: bench.name, code, seconds: (performance.now() - start) / 1000, figures }));
  });
}

/** The summary printed after all benches: each one's outcome and figure lines. */
export function summary(outcomes: readonly BenchOutcome[]): string {
  const lines = ['', 'bench summary (figures are measured side by side with each reference in one run; times never fail a bench):'];
  for (const o of outcomes) {
    lines.push(`  ${o.name}: ${o.code === 0 ? 'answers agree' : `FAILED (exit ${o.code ?? 'by signal'})`}, ${o.seconds.toFixed(0)} s`);
    for (const f of o.figures) lines.push(`    ${f}`);
  }
  const failed = outcomes.filter((o) => o.code !== 0).map((o) => o.name);
  lines.push(failed.length === 0 ? 'all benches agree with their references' : `failed: ${failed.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { only: { type: 'string' }, skip: { type: 'string' } }, allowPositionals: true });
  const benches = selectBenches(values.only, values.skip);
  console.log(`bench: ${benches.map((b) => b.name).join(', ')}; node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const outcomes: BenchOutcome[] = [];
  // Arguments after `--` go to bench:binary (e.g. --limit-elf 200), the one bench that takes a corpus size.
  for (const bench of benches) outcomes.push(await runBench(bench, bench.name === 'binary' ? positionals : []));
  process.stdout.write(summary(outcomes));
  if (outcomes.some((o) => o.code !== 0)) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) await main();
