/**
 * Times the diagnosis on real environments. Run: npx tsx scripts/bench-diagnose.ts [--python PATH]
 *
 * 1. The imagelib scenario (one broken module, from a pasted error): median of 5 runs.
 * 2. With --python: every extension module of that environment (--all), once, at concurrency 1 and 4.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { diagnose } from '../app/diagnosis/diagnose';
import { createLiveDeps } from '../app/diagnosis/live-deps';
import { buildImagelibScenario } from '../tests/scenarios/support/linux-scenarios';

const { values } = parseArgs({ options: { python: { type: 'string' } } });

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await fn();
  return [performance.now() - start, result];
}

const dir = await mkdtemp(join(tmpdir(), 'bench-diagnose-'));
try {
  const scenario = await buildImagelibScenario(dir);
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const [ms] = await time(() => diagnose({ python: scenario.python, errorText: scenario.errorText }, createLiveDeps({ env: scenario.env })));
    runs.push(ms);
  }
  runs.sort((a, b) => a - b);
  console.log(`imagelib scenario, error text → ranked causes: median ${Math.round(runs[2] ?? 0)} ms (runs: ${runs.map(Math.round).join(', ')})`);
  if (values.python) {
    for (const concurrency of [1, 4]) {
      const [ms, d] = await time(() => diagnose({ python: values.python as string, all: true }, createLiveDeps(), () => {}, { concurrency }));
      console.log(`--all on ${values.python} (${d.modules.length} extension modules, concurrency ${concurrency}): ${Math.round(ms / 100) / 10} s, status ${d.status}`);
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
