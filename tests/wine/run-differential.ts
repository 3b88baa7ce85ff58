import { join } from 'node:path';
import { DEFAULT_SEED, describeFailure, missingPrerequisite, runDifferential } from './differential';

/**
 * Runs the Wine differential suite outside vitest and prints every disagreement:
 *   npx tsx tests/wine/run-differential.ts [--seed N] [CASE-ID ...]
 */
const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : DEFAULT_SEED;
const only = args.filter((a, i) => a !== '--seed' && i !== seedAt + 1);
const missing = missingPrerequisite();
if (missing) {
  console.error(`cannot run: ${missing}`);
  process.exit(2);
}
const run = await runDifferential({ seed, cacheDir: join(process.cwd(), '.cache', 'wine-diff'), only: only.length > 0 ? only : undefined });
const failing = run.results.filter((r) => !r.agree && r.expected === null);
for (const r of process.env.DIFF_VERBOSE ? run.results : failing) console.log(describeFailure(r));
const expected = run.results.filter((r) => r.expected !== null);
const byKind = new Map<string, [number, number]>();
for (const r of run.results) {
  const k = byKind.get(r.spec.kind) ?? [0, 0];
  k[0]++;
  if (r.agree || r.expected) k[1]++;
  byKind.set(r.spec.kind, k);
}
for (const [kind, [n, ok]] of byKind) console.log(`${kind}: ${ok}/${n}`);
const byExpected = new Map<string, number>();
for (const r of expected) byExpected.set(r.expected as string, (byExpected.get(r.expected as string) ?? 0) + 1);
for (const [id, n] of byExpected) console.log(`expected difference ${id}: ${n}`);
console.log(`${run.results.length} cases (seed ${seed}): ${run.results.filter((r) => r.agree).length} agree, ${expected.length} expected differences, ${failing.length} disagreements; build ${run.seconds.build}s, wine ${run.seconds.wine}s, simulation ${run.seconds.simulate}s`);
process.exitCode = failing.length > 0 ? 1 : 0;
