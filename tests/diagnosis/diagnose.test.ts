import { describe, expect, it } from 'vitest';
import { diagnose, DiagnosisInputError } from '../../app/diagnosis/diagnose';
import { platformOf } from '../../app/diagnosis/facts/environment-facts';
import type { DiagnosisDeps, EnvironmentFacts, ImportOutcome, LoadSimulation, PackageFacts } from '../../app/diagnosis/facts/facts';
import { cleanHealthReport } from '../support/health-report';
import { diagnosisSchema } from '../../app/diagnosis/types';
import type { DiagnosisProgress } from '../../app/diagnosis/types';
import { describedEnvironment, distributionRecord, type DescriptionOptions } from '../support/distribution';
import type { EnvironmentKind } from '../../app/envs';

// These tests feed the ranker hand-written facts to pin its rules; tests/scenarios runs it on
// real environments built by the tests.

const PREFIX = 'C:\\Py36';
const SITE = `${PREFIX}\\Lib\\site-packages`;
const PYD = `${SITE}\\PIL\\_imaging.cp36-win_amd64.pyd`;

function pillowEnv(over: Partial<DescriptionOptions> & { readonly packages?: readonly PackageFacts[] } = {}): EnvironmentFacts {
  const { packages, ...description } = over;
  return {
    python: `${PREFIX}\\python.exe`,
    description: describedEnvironment({ prefix: PREFIX, interpreter: `${PREFIX}\\python.exe`, version: '3.6.0', platform: 'win32', architecture: 'x64', kind: 'system', status: 'offline', ...description }),
    packages: packages ?? [
      {
        name: 'Pillow',
        version: '4.1.0',
       
        distribution: distributionRecord('Pillow', '4.1.0', SITE, { requiresDist: ['olefile'], wheelTags: ['cp36-cp36m-win_amd64'] }),
        condaRecord: null,
        files: [PYD],
        extensionModules: [{ module: 'PIL._imaging', path: PYD }],
      },
      { name: 'olefile', version: '0.44', distribution: distributionRecord('olefile', '0.44', SITE), condaRecord: null, files: [], extensionModules: [] },
    ],
  };
}

const noHealth = cleanHealthReport();

function deps(env: EnvironmentFacts, sim: (path: string) => LoadSimulation, outcome: ImportOutcome = { status: 'unavailable', reason: 'offline' }, health = noHealth): DiagnosisDeps {
  return {
    describeEnvironment: async () => env,
    importModule: async () => outcome,
    simulateLoad: async (_env, ext) => sim(ext.path),
    healthChecks: async () => health,
  };
}

const pillowSimulation = (path: string): LoadSimulation => ({
  root: path,
  resolved: [],
  findings: [
    {
      kind: 'missing-symbols',
      chain: [{ file: path, needs: 'python36.dll', resolvedPath: `${PREFIX}\\python36.dll`, foundBy: 'application-dir', owner: null }],
      importer: path,
      provider: `${PREFIX}\\python36.dll`,
      symbols: ['PySlice_AdjustIndices', 'PySlice_Unpack'],
      ordinals: [],
      versions: [],
    },
  ],
});

describe('diagnose', () => {
  it('ranks the Pillow 4.1.0 / Python 3.6.0 export mismatch first with the upstream fix release 4.1.1 recommended over the 4.0.0 downgrade', async () => {
    const progress: DiagnosisProgress[] = [];
    const result = await diagnose(
      { python: `${PREFIX}\\python.exe`, errorText: 'from . import _imaging as core\nImportError: DLL load failed: The specified procedure could not be found.' },
      deps(pillowEnv(), pillowSimulation),
      (p) => progress.push(p),
    );
    expect(diagnosisSchema.parse(result)).toBeTruthy();
    expect(result.status).toBe('problem-found');
    const top = result.causes[0];
    expect(top?.kind).toBe('missing-symbol');
    expect(top?.module).toBe('PIL._imaging');
    expect(top?.remedies[0]).toMatchObject({ kind: 'pip-install-version', package: 'pillow', version: '4.1.1', recommended: true });
    expect(top?.remedies[1]).toMatchObject({ kind: 'pip-install-version', package: 'pillow', version: '4.0.0' });
    expect(top?.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['missing-symbols', 'dependency-chain', 'known-issue', 'error-text']));
    expect(top?.confidence.signals).toEqual(expect.arrayContaining(['static-simulation', 'reported-error-matches', 'known-issue:pillow-4.1.0-python-3.6.0']));
    expect(progress.map((p) => `${p.phase}:${p.state}`).filter((s, i, a) => a.indexOf(s) === i)).toEqual([
      'discover:started', 'discover:finished', 'probe:started', 'probe:finished', 'import-test:started', 'import-test:finished',
      'static-analysis:started', 'static-analysis:finished', 'rank:started', 'rank:finished',
    ]);
    expect(progress.every((p, i) => i === 0 || p.fraction >= (progress[i - 1]?.fraction ?? 0))).toBe(true);
    expect(progress.at(-1)?.fraction).toBe(1);
  });

  it('does not name a known issue as a cause when the evidence shows nothing', async () => {
    const result = await diagnose({ python: 'py', module: 'PIL._imaging' }, deps(pillowEnv({ status: 'ok' }), (root) => ({ root, resolved: [], findings: [] }), { status: 'ok' }));
    expect(result.status).toBe('healthy');
    expect(result.causes).toEqual([]);
    expect(result.unchecked).toEqual([]);
    expect(result.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['environment', 'import-test', 'loader-simulation', 'knowledge-base', 'health:requirement-missing', 'health:pip-conda-overlap']));
  });

  it('gives no verdict (inconclusive) when nothing proves the module loads: the import could not run here', async () => {
    const result = await diagnose({ python: 'py', module: 'PIL._imaging' }, deps(pillowEnv({ status: 'offline' }), (root) => ({ root, resolved: [], findings: [] }), { status: 'ok' }));
    expect(result.status).toBe('inconclusive');
    expect(result.causes).toEqual([]);
    expect(result.unchecked?.[0]).toMatchObject({ what: 'The live import of PIL._imaging' });
    expect(result.unchecked?.[0]?.howToCheck).toContain('diagnose --python');
  });

  it('reports an import failure it cannot explain as unexplained, without a guessed cause', async () => {
    const result = await diagnose(
      { python: 'py', module: 'PIL._imaging' },
      deps(pillowEnv({ status: 'ok' }), (root) => ({ root, resolved: [], findings: [] }), { status: 'failed', exceptionType: 'ImportError', message: 'boom', traceback: '' }),
    );
    expect(result.status).toBe('unexplained');
    expect(result.causes).toEqual([]);
    expect(result.modules[0]).toMatchObject({ module: 'PIL._imaging', ok: false, message: 'boom' });
  });

  it('lists a static finding that the live import contradicts as a check, not a cause', async () => {
    const ok = await diagnose({ python: 'py', module: 'PIL._imaging' }, deps(pillowEnv({ status: 'ok' }), pillowSimulation, { status: 'ok' }));
    const failing = await diagnose(
      { python: 'py', module: 'PIL._imaging' },
      deps(pillowEnv({ status: 'ok' }), pillowSimulation, { status: 'failed', exceptionType: 'ImportError', message: 'DLL load failed while importing _imaging: The specified procedure could not be found.', traceback: '' }),
    );
    expect(ok.status).toBe('healthy');
    expect(ok.checks.find((c) => c.id === 'contradicted')).toMatchObject({ status: 'warning' });
    expect(ok.checks.find((c) => c.id === 'contradicted')?.detail).toContain('PySlice_AdjustIndices');
    expect(failing.causes[0]?.confidence.level).toBe('high');
    expect(failing.causes[0]?.evidence[0]).toMatchObject({ kind: 'import-test', ok: false });
  });

  it('turns a missing VC++ runtime DLL into the runtime installer remedy', async () => {
    const result = await diagnose(
      { python: 'py', module: 'PIL._imaging' },
      deps(pillowEnv({ version: '3.8.10' }), (root) => ({
        root,
        resolved: [],
        findings: [{ kind: 'missing-library', chain: [{ file: root, needs: 'VCRUNTIME140.dll', resolvedPath: null, foundBy: null, owner: null }], library: 'VCRUNTIME140.dll', searched: [{ path: `${PREFIX}\\Lib\\site-packages\\PIL`, step: 'dll-load-dir', contains: false }] }],
      })),
    );
    expect(result.causes[0]).toMatchObject({ kind: 'missing-vc-runtime' });
    expect(result.causes[0]?.remedies[0]).toMatchObject({ kind: 'install-vc-runtime', architecture: 'x64', missingDlls: ['VCRUNTIME140.dll'] });
  });

  it('rejects a package that is not installed with a message saying what to do', async () => {
    await expect(diagnose({ python: 'py', package: 'numpy' }, deps(pillowEnv(), pillowSimulation))).rejects.toThrow(DiagnosisInputError);
  });
});

describe('the ranker and the knowledge base conditions', () => {
  const SHAPELY = `${PREFIX}\\Lib\\site-packages\\shapely\\_speedups.cp38-win_amd64.pyd`;
  const shapelyEnv = (kind: EnvironmentKind): EnvironmentFacts =>
    pillowEnv({
      kind,
      version: '3.8.10',
      packages: [{ name: 'Shapely', version: '1.7.1', distribution: distributionRecord('Shapely', '1.7.1', SITE, { wheelTags: ['cp38-cp38-win_amd64'] }), condaRecord: null, files: [SHAPELY], extensionModules: [{ module: 'shapely._speedups', path: SHAPELY }] }],
    });
  const geosMissing = (root: string): LoadSimulation => ({
    root,
    resolved: [],
    findings: [{ kind: 'missing-library', chain: [{ file: root, needs: 'geos_c.dll', resolvedPath: null, foundBy: null, owner: null }], library: 'geos_c.dll', searched: [{ path: `${PREFIX}\\Lib\\site-packages\\shapely`, step: 'dll-load-dir', contains: false }] }],
  });
  const knownIssue = (d: Awaited<ReturnType<typeof diagnose>>) => d.causes[0]?.evidence.find((e) => e.kind === 'known-issue' && e.issueId === 'shapely-1.7-pip-in-conda');

  it('checks "only in a conda environment" against the environment kind: confirmed in conda, ruled out in a plain install, unchecked in a venv', async () => {
    const inConda = await diagnose({ python: 'py', module: 'shapely._speedups' }, deps(shapelyEnv('conda'), geosMissing));
    expect(knownIssue(inConda)?.summary).toContain('confirmed');
    const plain = await diagnose({ python: 'py', module: 'shapely._speedups' }, deps(shapelyEnv('system'), geosMissing));
    expect(knownIssue(plain)).toBeUndefined();
    // A venv may be made from a conda Python: not known, so the entry stays, marked as not checked.
    const venv = await diagnose({ python: 'py', module: 'shapely._speedups' }, deps(shapelyEnv('venv'), geosMissing));
    expect(knownIssue(venv)?.summary).toContain('not checked: conda environment');
  });

  it('takes a macOS "incompatible architecture" error as agreeing with a wrong-architecture cause', async () => {
    const so = '/Users/u/venv/lib/python3.12/site-packages/psutil/_psutil_osx.abi3.so';
    const env = pillowEnv({ platform: 'darwin', architecture: 'arm64', version: '3.12.1', packages: [{ name: 'psutil', version: '5.9.8', distribution: distributionRecord('psutil', '5.9.8', '/Users/u/venv/lib/python3.12/site-packages'), condaRecord: null, files: [so], extensionModules: [{ module: 'psutil._psutil_osx', path: so }] }] });
    const result = await diagnose(
      { python: 'py', errorText: `ImportError: dlopen(${so}, 0x0002): tried: '${so}' (mach-o file, but is an incompatible architecture (have 'x86_64', need 'arm64'))` },
      deps(env, (root) => ({ root, resolved: [], findings: [{ kind: 'wrong-architecture', chain: [], file: root, machine: 'x86_64', expectedMachine: 'arm64' }] })),
    );
    expect(result.error?.failureClass).toBe('incompatible-architecture');
    expect(result.causes[0]).toMatchObject({ kind: 'wrong-architecture' });
    expect(result.causes[0]?.confidence.signals).toContain('reported-error-matches');
  });
});

describe('platformOf', () => {
  it('names darwin macos, as the error reader does', () => {
    expect(platformOf('darwin')).toBe('macos');
    expect(platformOf('win32')).toBe('windows');
    expect(platformOf('linux')).toBe('linux');
    expect(platformOf('freebsd14')).toBe('unknown');
  });
});
