/**
 * The per-byte comparison of two readers' corpora for `npm run bench:binary` (the Mach-O reader
 * against the ELF reader), in a process of its own: passes over the two corpora alternate, so both
 * see the same heap, the same JIT state and the same moments of the machine's load. Timed in the
 * bench's own process instead, the corpus read last paid for every result the bench still held
 * (garbage collection over a heap of the PE and ELF results and readelf's output: 3–5 times slower
 * passes of the 23 darwin files) and the two figures were taken minutes apart.
 *
 * Usage: node per-byte.mjs ROUNDS LIST_A LIST_B PASSES_B — each round times one pass over LIST_A
 * and PASSES_B passes over LIST_B (the smaller corpus), which goes first alternating; prints
 * `{"a":[ms...],"b":[ms...]}`. Bundled by the bench and run with plain `node`.
 */
import { readFileSync } from 'node:fs';
import { readModules } from '../app/binary/read-module';

const list = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

/** Milliseconds of one pass over `paths`. */
async function pass(paths: readonly string[]): Promise<number> {
  const start = performance.now();
  await readModules(paths);
  return performance.now() - start;
}

async function main(rounds: number, a: readonly string[], b: readonly string[], passesB: number): Promise<void> {
  // One untimed pass each: the page cache and the JIT warm, as for the bench's in-process passes.
  await pass(a);
  await pass(b);
  const timesA: number[] = [];
  const timesB: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) timesA.push(await pass(a));
    for (let i = 0; i < passesB; i++) timesB.push(await pass(b));
    if (round % 2 === 1) timesA.push(await pass(a));
  }
  process.stdout.write(`${JSON.stringify({ a: timesA, b: timesB })}\n`);
}

const [rounds, listA, listB, passesB] = process.argv.slice(2);
if (rounds && listA && listB && passesB) await main(Number(rounds), list(listA), list(listB), Number(passesB));
else {
  console.error('Usage: node per-byte.mjs ROUNDS LIST_A LIST_B PASSES_B');
  process.exitCode = 2;
}
