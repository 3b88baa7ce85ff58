/**
 * Benchmark: discovery plus probing of 20 real venvs.
 *
 * Creates 20 venvs (python3 -m venv --without-pip) under a temp folder whose name has a space and
 * non-ASCII characters, then times (1) full discovery of the machine plus the venv root and (2) probing
 * the 20 venvs in parallel, counting interpreter runs. Target: < 2 s wall for discovery + 20 probes, and
 * exactly one interpreter run per environment. Run: npm run bench:envs (tsx scripts/bench-envs.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { discoverEnvironments } from '../app/envs/discovery';
import { probeEnvironments } from '../app/envs/describe';
import { nodeHost, type EnvHost } from '../app/envs/host';
import { clearProbeCache } from '../app/envs/probe-cache';

const run = promisify(execFile);
const count = 20;
const python = process.env.PDD_TEST_PYTHON ?? 'python3';

const root = await mkdtemp(path.join(tmpdir(), 'bench envs ü-'));
try {
  const t0 = performance.now();
  for (let i = 0; i < count; i += 5) {
    await Promise.all(
      Array.from({ length: Math.min(5, count - i) }, (_, j) => run(python, ['-m', 'venv', '--without-pip', path.join(root, `venv ${i + j}`)])),
    );
  }
  const created = performance.now() - t0;
  const base = nodeHost();
  let runs = 0;
  const host: EnvHost = {
    ...base,
    exec(file, args, options) {
      if (args[0] === '-c') runs++;
      return base.exec(file, args, options);
    },
  };
  const rounds: { discovery: number; probe: number; total: number; found: number; ok: number; runs: number }[] = [];
  for (let round = 0; round < 3; round++) {
    // Each round as after an app start: no probe kept from the previous one.
    clearProbeCache();
    runs = 0;
    const start = performance.now();
    const found = await discoverEnvironments({ host, venvRoots: [root], useCondaCli: false });
    const mine = found.filter((e) => e.id.startsWith(root));
    const discovered = performance.now();
    const described = await probeEnvironments(mine.map((e) => ({ interpreterOrFolder: e.interpreter ?? e.prefix, sources: e.sources })), { host });
    const end = performance.now();
    rounds.push({
      discovery: discovered - start,
      probe: end - discovered,
      total: end - start,
      found: mine.length,
      ok: described.filter((d) => d.status === 'ok').length,
      runs,
    });
  }
  // The same session asks again (diagnosis after discovery): the session's probes answer.
  runs = 0;
  const againStart = performance.now();
  const found = (await discoverEnvironments({ host, venvRoots: [root], useCondaCli: false })).filter((e) => e.id.startsWith(root));
  const again = await probeEnvironments(found.map((e) => ({ interpreterOrFolder: e.interpreter ?? e.prefix, sources: e.sources })), { host });
  const againMs = performance.now() - againStart;
  const againRuns = runs;
  console.log(`machine: ${availableParallelism()} CPUs, node ${process.version}, ${python}`);
  console.log(`created ${count} venvs in ${created.toFixed(0)} ms (not measured below)`);
  for (const [i, r] of rounds.entries()) {
    console.log(
      `round ${i + 1}: discovery ${r.discovery.toFixed(0)} ms + probing ${r.probe.toFixed(0)} ms = ${r.total.toFixed(0)} ms wall; ` +
        `${r.found} venvs found, ${r.ok} ok, ${r.runs} interpreter runs (${(r.runs / Math.max(1, r.found)).toFixed(2)} per environment)`,
    );
  }
  console.log(`same session again: ${againMs.toFixed(0)} ms wall, ${againRuns} interpreter runs (the session's probes), ${again.filter((d) => d.status === 'ok').length} ok`);
  const worst = Math.max(...rounds.map((r) => r.total));
  console.log(`worst total ${worst.toFixed(0)} ms: ${worst < 2000 ? 'within' : 'OVER'} the 2 s target`);
  if (rounds.some((r) => r.runs !== r.found || r.ok !== count) || againRuns !== 0) {
    console.error('FAIL: expected one interpreter run and an ok description per environment, and none when asked again in the session');
    process.exitCode = 1;
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
