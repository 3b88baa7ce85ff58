import { rename, appendFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentArgumentError, probeEnvironment } from '../../app/envs/describe';
import { checkHealth } from '../../app/envs/health';
import { nodeHost, type EnvHost } from '../../app/envs/host';
import { createVenv, makeTempDir, type TestVenv } from '../support/venv';
import { buildWheel, extensionSuffix } from '../support/wheels';

function countingHost(): EnvHost & { runs: () => number } {
  const base = nodeHost();
  let runs = 0;
  return {
    ...base,
    exec(file, args, options) {
      runs++;
      return base.exec(file, args, options);
    },
    runs: () => runs,
  };
}

describe('probing a real venv (path with a space and non-ASCII characters)', () => {
  let venv: TestVenv;
  let suffix: string;
  beforeAll(async () => {
    const wheels = await makeTempDir('wheels');
    suffix = await extensionSuffix();
    await buildWheel({ name: 'dep-pure', version: '2.0', outDir: wheels, files: { 'dep_pure/__init__.py': 'V = 2\n' } });
    await buildWheel({
      name: 'demo-ext', version: '1.0', outDir: wheels, requires: ['dep-pure>=2'],
      extensions: [{ module: 'demo_ext._core', library: { name: 'demohelper' } }],
    });
    await buildWheel({
      name: 'needs-missing', version: '1.0', outDir: wheels,
      requires: ['absent-pkg>=1', "win-only-pkg; sys_platform == 'win32'", 'dep-pure; extra == "docs"'],
      files: { 'needs_missing.py': '' },
    });
    await buildWheel({ name: 'needs-newer', version: '1.0', outDir: wheels, requires: ['dep-pure (>=3)'], files: { 'needs_newer.py': '' } });
    venv = await createVenv();
    await venv.install(wheels, 'demo-ext');
    await venv.install(wheels, '--no-deps', 'needs-missing', 'needs-newer');
    await rm(wheels, { recursive: true, force: true });
  });
  afterAll(async () => {
    await venv?.remove();
  });

  it('describes the environment with one interpreter run', async () => {
    const host = countingHost();
    const d = await probeEnvironment(venv.python, { host });
    expect(host.runs()).toBe(1);
    expect(d.interpreterRuns).toBe(1);
    expect(d.status).toBe('ok');
    expect(d.kind).toBe('venv');
    expect(d.prefix).toBe(venv.dir);
    expect(d.prefix).toContain('ünï');
    expect(d.basePrefix).not.toBe(venv.dir);
    expect(d.python?.versionInfo[0]).toBe(3);
    expect(d.python?.extensionSuffixes).toContain(suffix);
    expect(d.sitePackages.every((s) => s.startsWith(venv.dir))).toBe(true);

    const demo = d.distributions.find((x) => x.normalizedName === 'demo-ext')!;
    expect(demo.installer).toBe('pip');
    expect(demo.version).toBe('1.0');
    expect(demo.requiresDist).toEqual(['dep-pure>=2']);
    expect(demo.wheelTags).toEqual([`cp3${d.python!.versionInfo[1]}-cp3${d.python!.versionInfo[1]}-linux_x86_64`]);
    expect(demo.extensionModules).toEqual([`demo_ext/_core${suffix}`]);
    expect(demo.bundledLibraries).toEqual(['demo_ext.libs/libdemohelper.so']);
    expect(d.dllDirectories).toEqual([path.join(d.sitePackages[0]!, 'demo_ext.libs')]);
    expect(d.importTest).toBeNull();
  });

  it('imports a module inside the environment and lists the native modules then loaded', async () => {
    const d = await probeEnvironment(venv.dir, { importModule: 'demo_ext._core' });
    expect(d.importTest?.outcome).toBe('ok');
    expect(d.importTest?.file).toContain(`_core${suffix}`);
    expect(d.importTest?.loadedModules?.some((m) => m.endsWith('demo_ext.libs/libdemohelper.so'))).toBe(true);
  });

  it('captures the exact ImportError when the bundled library is gone', async () => {
    const d0 = await probeEnvironment(venv.python);
    const lib = path.join(d0.sitePackages[0]!, 'demo_ext.libs', 'libdemohelper.so');
    await rename(lib, `${lib}.away`);
    try {
      const d = await probeEnvironment(venv.python, { importModule: 'demo_ext._core' });
      expect(d.importTest?.outcome).toBe('failed');
      expect(d.importTest?.error?.type).toBe('ImportError');
      expect(d.importTest?.error?.message).toContain('libdemohelper.so: cannot open shared object file');
      expect(d.importTest?.error?.traceback).toContain('Traceback (most recent call last)');
      expect(d.importTest?.error?.winerror).toBeNull();
      expect(d.importTest?.error?.path).toContain(`_core${suffix}`);
      const health = await checkHealth(d);
      expect(health.issues).toContainEqual(expect.objectContaining({ check: 'missing-file', package: 'demo-ext', severity: 'error' }));
    } finally {
      await rename(`${lib}.away`, lib);
    }
  });

  it('reports unmet requirements with markers evaluated for this environment', async () => {
    const d = await probeEnvironment(venv.python);
    const health = await checkHealth(d);
    const reqs = health.issues.filter((i) => i.check.startsWith('requirement'));
    expect(reqs.map((i) => [i.check, i.package, i.detail])).toEqual([
      ['requirement-missing', 'needs-missing', 'absent-pkg>=1'],
      ['requirement-version', 'needs-newer', 'dep-pure (>=3)'],
    ]);
    expect(health.issues.filter((i) => i.check === 'incompatible-wheel')).toEqual([]);
  });

  it('finds an altered extension module by its RECORD hash', async () => {
    const d = await probeEnvironment(venv.python);
    const ext = path.join(d.sitePackages[0]!, 'demo_ext', `_core${suffix}`);
    await appendFile(ext, Buffer.from([0]));
    const health = await checkHealth(d);
    expect(health.issues).toContainEqual(expect.objectContaining({ check: 'altered-file', package: 'demo-ext', detail: ext }));
    expect(health.filesHashed).toBeGreaterThan(0);
  });

  it('rejects a module name that is not a dotted identifier before running anything', async () => {
    const host = countingHost();
    await expect(probeEnvironment(venv.python, { host, importModule: 'os; import shutil' })).rejects.toBeInstanceOf(EnvironmentArgumentError);
    await expect(probeEnvironment(venv.python, { host, importModule: '__import__("os")' })).rejects.toThrow(/not a Python module name/);
    expect(host.runs()).toBe(0);
  });
});
