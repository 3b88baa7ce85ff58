import { describe, expect, it } from 'vitest';
import { checkHealth, type Distribution, type EnvironmentDescription } from '../../app/envs';
import { factsFromDescription } from '../../app/diagnosis/environment-facts';
import { diagnosisHealth } from '../../app/diagnosis/health-findings';
import { distributionRecord } from '../support/distribution';

const site = '/nonexistent/env/Lib/site-packages';

function dist(name: string, version: string, over: Partial<Distribution> = {}): Distribution {
  return distributionRecord(name, version, site, over);
}

/** A Python 3.6 on 64-bit Windows, as app/envs describes one. */
const description: EnvironmentDescription = {
  schemaVersion: 1,
  id: '/nonexistent/env',
  status: 'offline',
  message: null,
  kind: 'conda',
  interpreter: '/nonexistent/env/python.exe',
  prefix: '/nonexistent/env',
  basePrefix: null,
  python: {
    version: '3.6.0',
    versionInfo: [3, 6, 0],
    implementation: 'cpython',
    architecture: 'x86_64',
    bits: 64,
    platform: 'win32',
    sysconfigPlatform: 'win-amd64',
    abiTag: 'cp36m',
    extensionSuffixes: ['.cp36-win_amd64.pyd', '.pyd'],
    platformTags: ['win_amd64'],
    glibcVersion: null,
    markers: { python_version: '3.6', python_full_version: '3.6.0', sys_platform: 'win32', platform_system: 'Windows', os_name: 'nt', implementation_name: 'cpython', platform_machine: 'AMD64' },
  },
  sysPath: [],
  sitePackages: [site],
  dllDirectories: [],
  distributions: [
    dist('plugin', '1.0', { requiresDist: ['corelib', 'winonly; sys_platform == "linux"'] }),
    dist('scipy', '1.10.0', { requiresDist: ['numpy<1.27.0,>=1.19.5'] }),
    dist('numpy', '2.0.0'),
    dist('speedups', '1.0', { wheelTags: ['cp37-cp37m-win_amd64'], extensionModules: ['speedups/_fast.cp37-win_amd64.pyd'] }),
    dist('Pillow', '5.0.0', { bundledLibraries: ['PIL/zlib.dll'], extensionModules: ['PIL/_imaging.cp36-win_amd64.pyd'] }),
  ],
  condaRecords: [{ name: 'pillow', version: '5.0.0', build: 'py36_0', channel: 'defaults', subdir: 'win-64', url: null, depends: [], files: [], metaFile: '/nonexistent/env/conda-meta/pillow-5.0.0-py36_0.json' }],
  importTest: null,
  interpreterRuns: 0,
  evidence: [],
  sources: [],
};

describe('diagnosisHealth: the diagnosis reads its health findings from app/envs checkHealth', () => {
  it('words each issue of the shared rules as the finding the ranker combines', async () => {
    const env = factsFromDescription(description, '/nonexistent/env/python.exe');
    const health = diagnosisHealth(env, await checkHealth(description));
    expect(health.findings).toEqual([
      {
        kind: 'installed-by-several-managers',
        package: 'Pillow',
        installs: [
          { manager: 'conda', version: '5.0.0', files: [] },
          // The pip side's files: what removing that install takes.
          { manager: 'pip', version: '5.0.0', files: [env.packages.find((p) => p.name === 'Pillow')!.files[0], env.packages.find((p) => p.name === 'Pillow')!.extensionModules[0]!.path] },
        ],
        detail: expect.stringContaining("Pillow 5.0.0 was installed by pip over conda's pillow 5.0.0 (py36_0)"),
      },
      // The marker false on Windows leaves winonly out, as pip check does.
      { kind: 'requirement-missing', package: 'plugin', version: '1.0', requirement: 'corelib', detail: 'plugin 1.0 requires corelib, which is not installed.' },
      { kind: 'unsupported-wheel-tag', package: 'speedups', version: '1.0', tags: ['cp37-cp37m-win_amd64'], interpreterTag: 'cp36', detail: expect.stringContaining('speedups 1.0 was built for cp37-cp37m-win_amd64') },
    ]);
    const status = Object.fromEntries(health.checks.map((c) => [c.id, c.status]));
    expect(status).toEqual({
      'requirement-missing': 'problem',
      // A version not met is listed under the checks (pip check's "has requirement"), not turned into a cause.
      'requirement-version': 'problem',
      'conda-dependency-version': 'ok',
      'pip-conda-overlap': 'problem',
      'incompatible-wheel': 'problem',
      'missing-file': 'ok',
      'altered-file': 'ok',
      'suspicious-record': 'ok',
      'skipped-file': 'ok',
    });
    expect(health.checks.find((c) => c.id === 'requirement-version')?.detail).toContain('scipy 1.10.0 requires numpy<1.27.0,>=1.19.5, but numpy 2.0.0 is installed.');
  });

  it("takes each install's version from its own record, not from the words of the message", async () => {
    // pip's Pillow 5.1.0 over conda's pillow 5.0.0: the two sides differ, as in a real mixed Anaconda.
    const mixed = { ...description, distributions: description.distributions.map((d) => (d.name === 'Pillow' ? dist('Pillow', '5.1.0', { bundledLibraries: ['PIL/zlib.dll'] }) : d)) };
    const report = await checkHealth(mixed);
    const overlap = report.issues.find((i) => i.check === 'pip-conda-overlap');
    expect(overlap).toMatchObject({ installer: 'pip', version: '5.1.0', conda: { version: '5.0.0', build: 'py36_0' } });
    const findings = diagnosisHealth(factsFromDescription(mixed, '/nonexistent/env/python.exe'), report).findings;
    const installs = findings.find((f) => f.kind === 'installed-by-several-managers');
    expect(installs?.kind === 'installed-by-several-managers' ? installs.installs.map((i) => [i.manager, i.version]) : null).toEqual([['conda', '5.0.0'], ['pip', '5.1.0']]);
    expect(report.issues.find((i) => i.check === 'requirement-missing')).toMatchObject({ requirement: 'corelib', line: 'corelib' });
  });

  it('finds nothing in an environment whose records all hold', async () => {
    const healthy: EnvironmentDescription = { ...description, distributions: [dist('numpy', '1.26.4'), dist('scipy', '1.10.0', { requiresDist: ['numpy<1.27.0,>=1.19.5'] })], condaRecords: [] };
    const health = diagnosisHealth(factsFromDescription(healthy, '/nonexistent/env/python.exe'), await checkHealth(healthy));
    expect(health.findings).toEqual([]);
    expect(health.checks.every((c) => c.status === 'ok')).toBe(true);
    expect(health.checks).toHaveLength(9);
  });
});
