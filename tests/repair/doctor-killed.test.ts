import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Remedy } from '../../app/diagnosis/types';
import { acquireRepairLock, findUnfinishedRepairs, planRepair } from '../../app/repair';
import { buildImagelibScenario, type LinuxScenario } from '../scenarios/support/linux-scenarios';
import { startPackageIndex } from '../support/package-index';

const run = promisify(execFile);
const downgrade: Remedy = { kind: 'pip-install-version', id: 'r1', title: 'Install imagelib 4.0.0 with pip', explanation: 'e', automatic: true, risk: 'low', package: 'imagelib', version: '4.0.0' };

const pipRunning = async (python: string) => (await run('ps', ['-eo', 'args'])).stdout.includes(`${python} -I -u -m pip --disable-pip-version-check install imagelib==4.0.0`);

describe.skipIf(process.platform === 'win32')('kill -9 of the doctor in the middle of a pip install', () => {
  let dir: string;
  let scenario: LinuxScenario;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor killed '));
    scenario = await buildImagelibScenario(dir);
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('takes pip down with it, and the next repair finds the interrupted one instead of a running pip', async () => {
    const dataDir = path.join(dir, 'data');
    const open = await startPackageIndex(scenario.wheelDir);
    const held = await startPackageIndex(scenario.wheelDir, { holdDownloads: true });
    const { PIP_NO_INDEX: _n, PIP_FIND_LINKS: _f, ...rest } = scenario.env;
    const base = { ...rest, PIP_NO_CACHE_DIR: '1' };
    try {
      const plan = await planRepair({ python: scenario.python, remedy: downgrade }, { env: { ...base, PIP_INDEX_URL: open.url }, dataDir });
      // The doctor, in a process of its own, built from the real engine.
      const entry = path.join(dir, 'doctor-entry.ts');
      const bundle = path.join(dir, 'doctor.mjs');
      const engine = fileURLToPath(new URL('../../app/repair/index.ts', import.meta.url));
      await writeFile(entry, `import { applyPlan } from ${JSON.stringify(engine)};
const [plan, dataDir] = [JSON.parse(process.argv[2]), process.argv[3]];
void applyPlan(plan, { dataDir, signal: new AbortController().signal, onLine: () => undefined, onProgress: () => undefined, verify: async () => true });
`);
      await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'silent' });
      // As in the shipped bundles, the probe script lies next to the bundle.
      await copyFile(fileURLToPath(new URL('../../app/envs/probe.py', import.meta.url)), path.join(dir, 'probe.py'));
      const doctor = spawn(process.execPath, [bundle, JSON.stringify(plan), dataDir], { stdio: 'ignore', env: { ...base, PIP_INDEX_URL: held.url } });
      await expect.poll(() => held.downloads.length, { timeout: 60_000 }).toBeGreaterThan(0);
      expect(await pipRunning(scenario.python)).toBe(true);

      const exited = new Promise((resolve) => doctor.once('exit', resolve));
      doctor.kill('SIGKILL');
      await exited;
      await expect.poll(() => pipRunning(scenario.python), { timeout: 15_000 }).toBe(false);

      // Its lock remains as the journal of an interrupted repair, with its snapshot; nothing still runs, so it is stale.
      const unfinished = await findUnfinishedRepairs(dataDir);
      expect(unfinished).toEqual([expect.objectContaining({ python: scenario.python, remedyTitle: downgrade.title, snapshotId: expect.any(String) })]);
      const next = await acquireRepairLock(dataDir, plan.environment ?? '', scenario.python, 'next');
      await next.release();
      const { stdout } = await run(scenario.python, ['-m', 'pip', 'list', '--format=freeze', '--disable-pip-version-check']);
      expect(stdout).toContain('imagelib==4.1.0');
    } finally {
      await held.close();
      await open.close();
    }
  }, 150_000);
});
