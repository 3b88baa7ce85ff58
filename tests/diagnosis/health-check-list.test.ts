import { describe, expect, it } from 'vitest';
import { checkHealth, type Distribution, type EnvironmentDescription } from '../../app/envs';
import { factsFromDescription } from '../../app/diagnosis/facts/environment-facts';
import { healthCheckList } from '../../app/diagnosis/health-check-list';
import { parseErrorText } from '../../app/diagnosis/error-text/error-text';
import { rankCauses } from '../../app/diagnosis/ranker';
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

/** The causes the ranker makes of app/envs' typed issues alone (no module examined). */
async function causesOf(desc: EnvironmentDescription) {
  const env = factsFromDescription(desc, '/nonexistent/env/python.exe');
  const health = await checkHealth(desc);
  return { env, causes: rankCauses({ env, error: null, errorText: null, modules: [], health, knowledgeBase: [], availableVersions: new Map() }, parseErrorText) };
}

describe('healthCheckList: the checks app/envs ran, as the diagnosis lists them', () => {
  it('lists each of the nine checks with what it found', async () => {
    const checks = healthCheckList(await checkHealth(description));
    expect(Object.fromEntries(checks.map((c) => [c.id, c.status]))).toEqual({
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
    expect(checks.find((c) => c.id === 'requirement-version')?.detail).toContain('scipy 1.10.0 requires numpy<1.27.0,>=1.19.5, but numpy 2.0.0 is installed.');
  });

  it('says every check found nothing in an environment whose records all hold', async () => {
    const healthy: EnvironmentDescription = { ...description, distributions: [dist('numpy', '1.26.4'), dist('scipy', '1.10.0', { requiresDist: ['numpy<1.27.0,>=1.19.5'] })], condaRecords: [] };
    const report = await checkHealth(healthy);
    expect(report.issues).toEqual([]);
    const checks = healthCheckList(report);
    expect(checks).toHaveLength(9);
    expect(checks.every((c) => c.status === 'ok')).toBe(true);
    expect((await causesOf(healthy)).causes).toEqual([]);
  });
});

describe("the ranker reads app/envs' typed health issues directly", () => {
  it('makes one cause of each issue a cause rests on, with its facts from the issue and the records', async () => {
    const { env, causes } = await causesOf(description);
    const pillow = env.packages.find((p) => p.name === 'Pillow')!;
    expect(causes.map((c) => c.kind).sort()).toEqual(['broken-requirements', 'mixed-managers', 'python-abi-mismatch']);
    const mixed = causes.find((c) => c.kind === 'mixed-managers')!;
    expect(mixed.title).toBe('Pillow is installed twice, by conda (5.0.0) + pip (5.0.0)');
    // A conda environment keeps conda's copy; the pip side's files are what the removal takes.
    expect(mixed.remedies[0]).toMatchObject({ kind: 'remove-duplicate', package: 'Pillow', keep: 'conda', remove: 'pip' });
    expect(mixed.remedies[0]).toMatchObject({ files: [pillow.files[0], pillow.extensionModules[0]!.path] });
    expect(mixed.evidence[0]).toMatchObject({ kind: 'health-check', check: 'pip-conda-overlap', summary: expect.stringContaining("Pillow 5.0.0 was installed by pip over conda's pillow 5.0.0 (py36_0)") });
    // The marker false on Windows leaves winonly out, as pip check does.
    const broken = causes.find((c) => c.kind === 'broken-requirements')!;
    expect(broken.evidence[0]).toMatchObject({ check: 'requirement-missing', summary: 'plugin 1.0 requires corelib, which is not installed.' });
    expect(broken.remedies[0]).toMatchObject({ kind: 'reinstall-dependents', package: 'corelib', dependents: [{ name: 'plugin', version: '1.0' }] });
    const abi = causes.find((c) => c.kind === 'python-abi-mismatch')!;
    expect(abi.title).toContain('speedups 1.0');
    expect(abi.explanation).toContain('cp36');
    expect(abi.remedies[0]).toMatchObject({ package: 'speedups', version: '1.0' });
  });

  it("takes each install's version from its own record, not from the words of the message", async () => {
    // pip's Pillow 5.1.0 over conda's pillow 5.0.0: the two sides differ, as in a real mixed Anaconda.
    const mixed = { ...description, distributions: description.distributions.map((d) => (d.name === 'Pillow' ? dist('Pillow', '5.1.0', { bundledLibraries: ['PIL/zlib.dll'] }) : d)) };
    const report = await checkHealth(mixed);
    expect(report.issues.find((i) => i.check === 'pip-conda-overlap')).toMatchObject({ installer: 'pip', version: '5.1.0', conda: { version: '5.0.0', build: 'py36_0' } });
    const cause = (await causesOf(mixed)).causes.find((c) => c.kind === 'mixed-managers');
    expect(cause?.title).toContain('conda (5.0.0) + pip (5.1.0)');
    expect(report.issues.find((i) => i.check === 'requirement-missing')).toMatchObject({ requirement: 'corelib', line: 'corelib' });
  });
});
