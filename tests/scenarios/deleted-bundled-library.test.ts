import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../app/diagnosis/diagnose';
import { createLiveDeps } from '../../app/diagnosis/facts/live-deps';
import { run } from './support/build-tools';
import { buildHealthyScenario, type LinuxScenario } from './support/linux-scenarios';

/**
 * A library a wheel installed (recorded in its RECORD) and deleted since, as when two packages
 * vendor the same file and uninstalling one takes it: it is not "a system package", because a
 * Python package in the environment provides it (real Pillow did this, in the real-packages e2e).
 */
describe('a deleted library that a package recorded', () => {
  let dir: string;
  let scenario: LinuxScenario;
  let errorText: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doctor deleted bundled '));
    scenario = await buildHealthyScenario(dir);
    const site = (await run(scenario.python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["platlib"])'])).stdout.trim();
    await rm(join(site, 'companion', 'libcompanion.so.1'));
    errorText = (await run(scenario.python, ['-c', 'import traceback\ntry:\n    import imagelib\nexcept BaseException:\n    traceback.print_exc(file=__import__("sys").stdout)'])).stdout;
  }, 300_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is not sent to the distribution: no "install the system package" remedy', async () => {
    expect(errorText).toContain('libcompanion.so.1');
    const d = await diagnose({ python: scenario.python, errorText }, createLiveDeps({ env: scenario.env }));
    const top = d.causes[0];
    expect(top?.kind).toBe('missing-library');
    expect(d.causes.flatMap((c) => c.remedies).some((r) => r.kind === 'install-system-library')).toBe(false);
    expect(top?.remedies.some((r) => r.automatic)).toBe(true);
  }, 120_000);
});
