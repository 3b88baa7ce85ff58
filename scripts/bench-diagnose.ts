/**
 * Times one module's verdict against its floor, side by side in one run:
 * `python -c "import X"` plus the `python -m pip check` the verdict needs (run one after the other).
 *
 * 1. The imagelib scenario (one broken module, from a pasted error): median of 5 verdicts, each
 *    next to one run of the floor. The first verdict probes the interpreter; the next ones use the
 *    session's probe of it (as after discovery); both figures are printed.
 * 2. With --python: every extension module of that environment (--all), once, at concurrency 1 and 4.
 *
 * Run: npx tsx scripts/bench-diagnose.ts [--python PATH]   (npm run bench:diagnose)
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { diagnose } from '../app/diagnosis/diagnose';
import { createLiveDeps } from '../app/diagnosis/facts/live-deps';
import { buildImagelibScenario } from '../tests/scenarios/support/linux-scenarios';

const run = promisify(execFile);
const { values } = parseArgs({ options: { python: { type: 'string' } } });

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await fn();
  return [performance.now() - start, result];
}

/** The floor: a fresh interpreter importing the module, then pip check (exit codes are expected to be non-zero). */
async function floor(python: string, module: string, env: NodeJS.ProcessEnv): Promise<number> {
  const [ms] = await time(async () => {
    await run(python, ['-I', '-c', `import ${module}`], { env }).catch(() => undefined);
    await run(python, ['-I', '-m', 'pip', 'check'], { env }).catch(() => undefined);
  });
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const dir = await mkdtemp(join(tmpdir(), 'bench-diagnose-'));
try {
  const scenario = await buildImagelibScenario(dir);
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const verdicts: number[] = [];
  const floors: number[] = [];
  for (let i = 0; i < 5; i++) {
    floors.push(await floor(scenario.python, scenario.module, scenario.env));
    const [ms, d] = await time(() => diagnose({ python: scenario.python, errorText: scenario.errorText }, createLiveDeps({ env: scenario.env })));
    if (d.causes.length === 0) throw new Error('the imagelib scenario gave no cause: the bench measures a wrong verdict');
    verdicts.push(ms);
  }
  const v = median(verdicts);
  const f = median(floors);
  console.log(`imagelib scenario, error text → ranked causes: median ${Math.round(v)} ms (runs: ${verdicts.map(Math.round).join(', ')}; the first one probes the interpreter)`);
  console.log(`floor, python -I -c "import ${scenario.module}" + python -I -m pip check: median ${Math.round(f)} ms (runs: ${floors.map(Math.round).join(', ')})`);
  console.log(`ratio verdict / floor: ${(v / f).toFixed(2)}x (goal <= 1.5x); first verdict ${(verdicts[0]! / f).toFixed(2)}x`);
  if (values.python) {
    for (const concurrency of [1, 4]) {
      const [ms, d] = await time(() => diagnose({ python: values.python as string, all: true }, createLiveDeps(), () => {}, { concurrency }));
      console.log(`--all on ${values.python} (${d.modules.length} extension modules, concurrency ${concurrency}): ${Math.round(ms / 100) / 10} s, status ${d.status}`);
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
