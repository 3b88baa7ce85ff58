import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Remedy } from '../../app/diagnosis/types';
import { applyPlan, planRepair } from '../../app/repair';
import { buildImagelibScenario, type LinuxScenario } from '../scenarios/support/linux-scenarios';
import { startPackageIndex } from '../support/package-index';

const run = promisify(execFile);
const downgrade: Remedy = { kind: 'pip-install-version', id: 'r1', title: 'Install imagelib 4.0.0 with pip', explanation: 'e', automatic: true, risk: 'low', package: 'imagelib', version: '4.0.0' };

describe('a pip that hangs is stopped at the time limit', () => {
  let dir: string;
  let scenario: LinuxScenario;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor time limit '));
    scenario = await buildImagelibScenario(dir);
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('kills the whole pip tree when a download never comes, and leaves the environment as it was', async () => {
    const open = await startPackageIndex(scenario.wheelDir);
    // A loopback index that never sends the wheel: pip waits (its own socket timeout is 15 s, with retries).
    const held = await startPackageIndex(scenario.wheelDir, { holdDownloads: true });
    const { PIP_NO_INDEX: _n, PIP_FIND_LINKS: _f, ...rest } = scenario.env;
    const base = { ...rest, PIP_NO_CACHE_DIR: '1' };
    try {
      const plan = await planRepair({ python: scenario.python, remedy: downgrade }, { env: { ...base, PIP_INDEX_URL: open.url }, dataDir: path.join(dir, 'data') });
      const lines: string[] = [];
      const outcome = await applyPlan(plan, {
        dataDir: path.join(dir, 'data'),
        env: { ...base, PIP_INDEX_URL: held.url, DOCTOR_COMMAND_TIMEOUT: '10' },
        signal: new AbortController().signal,
        onLine: (_s, l) => lines.push(l),
        onProgress: () => undefined,
        verify: async () => true,
      });
      expect(held.downloads.length).toBeGreaterThan(0);
      expect(lines.some((l) => /time limit/.test(l))).toBe(true);
      expect(outcome.status).toBe('failed-and-rolled-back');
      const { stdout: ps } = await run('ps', ['-eo', 'args']);
      expect(ps).not.toContain(`${scenario.python} -I -u -m pip --disable-pip-version-check install imagelib==4.0.0`);
      const { stdout } = await run(scenario.python, ['-m', 'pip', 'list', '--format=freeze', '--disable-pip-version-check']);
      expect(stdout).toContain('imagelib==4.1.0');
    } finally {
      await held.close();
      await open.close();
    }
  }, 120_000);
});
