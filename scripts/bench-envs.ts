/**
 * Benchmark: discovery plus description of 100 real venvs, next to one `python -c` per venv.
 *
 * Creates 100 venvs once (python3 -m venv --without-pip, kept in .cache/bench-envs under a folder
 * whose name has a space and non-ASCII characters), then runs three rounds, each as after an app
 * start: (1) discovery of the machine plus the venv root and the description of the 100 venvs
 * (app/envs), and (2) the reference: one `python -I -c` per venv printing its version, prefix,
 * base prefix and purelib, with the same bound on concurrent interpreters. The two must agree on
 * every venv; the bench fails only when they do not (or when a venv costs more than one
 * interpreter run), never on time. Target: under 2 s for the 100. Run: npm run bench:envs.
 * Every round starts with an empty folder for the probe's kept code (app/envs/probe-code.ts), as on
 * the first start after an install: the first venv compiles the probe, the others load that code.
 * The last line runs the least any interpreter run costs (`python -I -c pass`) the same way.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, realpath, rm, stat } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { discoverEnvironments } from '../app/envs/discovery';
import { probeEnvironments } from '../app/envs/describe';
import { nodeHost, type EnvHost } from '../app/envs/host';
import { clearProbeCache } from '../app/envs/probe-cache';
import { clearProbeCodeStems } from '../app/envs/probe-code';
import type { EnvironmentDescription } from '../app/envs/types';
import { runProcess } from '../app/process/run-process';

const run = promisify(execFile);
const count = Number(process.env.PDD_BENCH_ENVS ?? 100);
const python = process.env.PDD_TEST_PYTHON ?? 'python3';
/** The engine's own bound (app/envs/describe.ts probeEnvironments), used for the reference too. */
const concurrency = Math.max(4, availableParallelism() * 2);
const cacheRoot = path.resolve(import.meta.dirname, '..', '.cache', 'bench-envs');
// Discovery names environments by their real paths (.cache may be a link): both sides run the same path.
await mkdir(cacheRoot, { recursive: true });
const root = path.join(await realpath(cacheRoot), 'venvs ü é');
// The least a description needs, one line each (no json: importing it costs more than the rest).
const referenceScript = 'import sys, sysconfig; print("\\n".join([sys.version.split()[0], sys.prefix, sys.base_prefix, sysconfig.get_paths()["purelib"]]))';

interface Answer {
  readonly version: string;
  readonly prefix: string;
  readonly basePrefix: string;
  readonly purelib: string;
}

/** Runs `jobs` with at most `limit` at once, in order of the list. */
async function bounded<T>(limit: number, jobs: readonly (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}

async function ensureVenvs(): Promise<string[]> {
  const folders = Array.from({ length: count }, (_, i) => path.join(root, `venv ${String(i).padStart(3, '0')}`));
  await mkdir(root, { recursive: true });
  const missing: string[] = [];
  for (const f of folders) if (!(await stat(path.join(f, 'pyvenv.cfg')).catch(() => null))) missing.push(f);
  if (missing.length > 0) {
    console.log(`creating ${missing.length} venvs in ${root} (once; kept for later runs)`);
    await bounded(4, missing.map((f) => async () => {
      await rm(f, { recursive: true, force: true });
      await run(python, ['-m', 'venv', '--without-pip', f]);
    }));
  }
  return folders;
}

async function reference(interpreters: readonly string[], script = referenceScript): Promise<Answer[]> {
  return bounded(concurrency, interpreters.map((interpreter) => async () => {
    // Through the engine's runner, as the probes run: it starts each child in its own session, which
    // on a kernel with autogroup scheduling gets it its own share of a loaded machine.
    const { stdout } = await runProcess([interpreter, '-I', '-c', script], { cwd: root, timeoutMs: 60_000 });
    const [version, prefix, basePrefix, purelib] = stdout.split('\n');
    return { version: version!, prefix: prefix!, basePrefix: basePrefix!, purelib: purelib! };
  }));
}

/**
 * CPU seconds used so far by this process and its waited-for children (Linux /proc/self/stat
 * utime, stime, cutime, cstime): what a side costs whatever else loads the machine.
 */
function cpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  // Fields 14-17 of stat(5), counted from field 3 after the command name; clock ticks of 1/100 s.
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0) / 100;
}

function answerOf(d: EnvironmentDescription): Answer | null {
  if (d.status !== 'ok' || !d.python) return null;
  return { version: d.python.version, prefix: d.prefix, basePrefix: d.basePrefix ?? '', purelib: d.sitePackages[0] ?? '' };
}

const folders = await ensureVenvs();
const interpreters = folders.map((f) => path.join(f, 'bin', 'python'));
const probeCodeDir = path.join(cacheRoot, 'probe-code');
const base = nodeHost({ probeCodeDir });
let runs = 0;
const host: EnvHost = {
  ...base,
  exec(file, args, options) {
    if (args.includes('-c')) runs++;
    return base.exec(file, args, options);
  },
};
console.log(`machine: ${availableParallelism()} CPUs, node ${process.version}, ${python}, ${count} venvs, at most ${concurrency} interpreters at once`);
let disagreements = 0;
let badRuns = false;
const totals: number[] = [];
const references: number[] = [];
const cpus: [ours: number, reference: number][] = [];
for (let round = 0; round < 3; round++) {
  // Each round as after an app start: no probe kept from the previous one; as on the first start, no probe code either.
  clearProbeCache();
  clearProbeCodeStems();
  await rm(probeCodeDir, { recursive: true, force: true });
  runs = 0;
  const load = loadavg()[0]!.toFixed(1);
  // The reference runs first in every other round, so that neither side always meets the other's load.
  let refStart = 0;
  let refEnd = 0;
  let refCpu = 0;
  let answers: Answer[] = [];
  const timeReference = async () => {
    const cpu = cpuSeconds();
    refStart = performance.now();
    answers = await reference(interpreters);
    refEnd = performance.now();
    refCpu = cpuSeconds() - cpu;
  };
  if (round % 2 === 1) await timeReference();
  const cpuStart = cpuSeconds();
  const start = performance.now();
  const found = (await discoverEnvironments({ host, venvRoots: [root], useCondaCli: false })).filter((e) => e.id.startsWith(root));
  const discovered = performance.now();
  const described = await probeEnvironments(found.map((e) => ({ interpreterOrFolder: e.interpreter ?? e.prefix, sources: e.sources })), { host, concurrency });
  const end = performance.now();
  const ourCpu = cpuSeconds() - cpuStart;
  if (round % 2 === 0) await timeReference();
  const ours = new Map(described.map((d) => [d.prefix, answerOf(d)]));
  let agree = 0;
  for (const a of answers) {
    const mine = ours.get(a.prefix);
    if (mine && JSON.stringify(mine) === JSON.stringify(a)) agree++;
    else {
      disagreements++;
      if (disagreements <= 5) console.error(`DISAGREE ${a.prefix}: reference ${JSON.stringify(a)}, ours ${JSON.stringify(mine ?? null)}`);
    }
  }
  if (found.length !== count || runs !== found.length) badRuns = true;
  totals.push(end - start);
  cpus.push([ourCpu, refCpu]);
  references.push(refEnd - refStart);
  console.log(
    `round ${round + 1} (load ${load}): discovery ${(discovered - start).toFixed(0)} ms + description ${(end - discovered).toFixed(0)} ms = ${(end - start).toFixed(0)} ms; ` +
      `${found.length} found, ${runs} interpreter runs; reference (one python -c each) ${(refEnd - refStart).toFixed(0)} ms; ` +
      `${((end - start) / (refEnd - refStart)).toFixed(2)}x; CPU (Node and interpreters) ${ourCpu.toFixed(2)} s against ${refCpu.toFixed(2)} s, ${(ourCpu / refCpu).toFixed(2)}x; ${agree}/${answers.length} agree`,
  );
}
// The same session asks again (a diagnosis after discovery): the session's probes answer.
runs = 0;
const againStart = performance.now();
const again = (await discoverEnvironments({ host, venvRoots: [root], useCondaCli: false })).filter((e) => e.id.startsWith(root));
await probeEnvironments(again.map((e) => ({ interpreterOrFolder: e.interpreter ?? e.prefix, sources: e.sources })), { host, concurrency });
console.log(`same session again: ${(performance.now() - againStart).toFixed(0)} ms, ${runs} interpreter runs`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`median: ${median(totals).toFixed(0)} ms for ${count} venvs (target < 2000 ms), reference ${median(references).toFixed(0)} ms, ${(median(totals) / median(references)).toFixed(2)}x`);
if (process.platform === 'linux') {
  const [ours, ref] = [median(cpus.map((c) => c[0])), median(cpus.map((c) => c[1]))];
  console.log(`median CPU: ${ours.toFixed(2)} s against ${ref.toFixed(2)} s (${(ours / ref).toFixed(2)}x); on ${availableParallelism()} idle cores at least ${((ours / availableParallelism()) * 1000).toFixed(0)} ms wall`);
}
{
  // The floor: one interpreter run that does nothing, through the same runner with the same bound.
  const cpu = cpuSeconds();
  const start = performance.now();
  await reference(interpreters, 'pass');
  console.log(`floor (python -I -c pass each, load ${loadavg()[0]!.toFixed(1)}): ${(performance.now() - start).toFixed(0)} ms, CPU ${(cpuSeconds() - cpu).toFixed(2)} s`);
}
if (disagreements > 0 || badRuns || runs !== 0) {
  console.error('FAIL: every venv must be found, cost one interpreter run, agree with the reference, and cost none when asked again in the session');
  process.exitCode = 1;
}
