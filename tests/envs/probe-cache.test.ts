import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeEnvironment } from '../../app/envs/describe';
import { nodeHost, type EnvHost } from '../../app/envs/host';
import { interpreterFacts } from '../../app/envs';
import { createVenv, makeTempDir, type TestVenv } from '../support/venv';
import { buildWheel } from '../support/wheels';

function countingHost(): EnvHost & { runs: () => number } {
  const base = nodeHost();
  let runs = 0;
  return { ...base, exec(file, args, options) { runs++; return base.exec(file, args, options); }, runs: () => runs };
}

describe('one probe per interpreter per session (real venv)', () => {
  let venv: TestVenv;
  let wheels: string;
  beforeAll(async () => {
    wheels = await makeTempDir('wheels');
    await buildWheel({ name: 'late-pkg', version: '1.0', outDir: wheels, files: { 'late_pkg.py': '' } });
    venv = await createVenv();
  });
  afterAll(async () => {
    await venv?.remove();
  });

  it('answers discovery, the repair and verification from one interpreter run until the environment changes', async () => {
    const host = countingHost();
    const first = await probeEnvironment(venv.python, { host });
    expect(first.status).toBe('ok');
    expect(first.interpreterRuns).toBe(1);
    const again = await probeEnvironment(venv.python, { host });
    expect(again.interpreterRuns).toBe(0);
    expect(again.prefix).toBe(first.prefix);
    expect(host.runs()).toBe(1);

    // The repair's facts come from the same probe.
    const facts = await interpreterFacts(venv.python, process.env);
    expect(facts.prefix).toBe(venv.dir);
    expect(facts.sitePackages).toContain(venv.dir);

    // An install changes purelib: the next probe asks the interpreter again and sees the package.
    await venv.install(wheels, 'late-pkg');
    const after = await probeEnvironment(venv.python, { host });
    expect(after.interpreterRuns).toBe(1);
    expect(host.runs()).toBe(2);
    expect(after.distributions.map((d) => d.name)).toContain('late-pkg');
  });

  it('runs the interpreter again for an import test', async () => {
    const host = countingHost();
    await probeEnvironment(venv.python, { host });
    const withImport = await probeEnvironment(venv.python, { host, importModule: 'json' });
    expect(withImport.interpreterRuns).toBe(1);
    expect(withImport.importTest?.outcome).toBe('ok');
  });
});
