import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../app/cli/command';
import { diagnoseCommand } from '../../app/cli/commands/diagnose';
import { ExitCode } from '../../app/cli/exit-codes';
import { runCli } from '../../app/cli/run-cli';
import { diagnose } from '../../app/diagnosis/diagnose';
import { createOfflineWindowsDeps } from '../../app/diagnosis/offline/offline-deps';
import type { Diagnosis } from '../../app/diagnosis/types';
import {
  buildCondaConstraintScenario,
  buildDllNotFoundScenario,
  buildForeignWheelScenario,
  buildHealthyWindowsScenario,
  buildLibtiffBuildScenario,
  buildOldVcRuntimeScenario,
  buildPathOnlyScenario,
  buildPathShadowScenario,
  buildPillowProcedureScenario,
  buildPipAndCondaScenario,
  buildVcRuntimeScenario,
  buildWrongArchitectureScenario,
  buildX86ExtensionScenario,
} from './support/windows-scenarios';
import type { WindowsScenario } from './support/windows-scenarios';

// Windows environment folders made of generated PE files, diagnosed offline on this machine: the
// loader is simulated per Python version from the files' import and export tables.

let dir: string;
const s: Record<string, WindowsScenario> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdd-win-'));
  s.pillow = await buildPillowProcedureScenario(dir);
  s.notFound = await buildDllNotFoundScenario(dir);
  s.arch = await buildWrongArchitectureScenario(dir);
  s.x86ext = await buildX86ExtensionScenario(dir);
  s.condaConstraint = await buildCondaConstraintScenario(dir);
  s.healthy = await buildHealthyWindowsScenario(dir);
  s.vcrt = await buildVcRuntimeScenario(dir);
  s.shadow37 = await buildPathShadowScenario(dir, 7);
  s.shadow38 = await buildPathShadowScenario(dir, 8);
  s.foreign = await buildForeignWheelScenario(dir);
  s.mixed = await buildPipAndCondaScenario(dir);
  s.pathOnly38 = await buildPathOnlyScenario(dir, 8);
  s.pathOnly37 = await buildPathOnlyScenario(dir, 7);
  s.libtiffBad = await buildLibtiffBuildScenario(dir, 'he490001_1001');
  s.libtiffOther = await buildLibtiffBuildScenario(dir, 'he490001_2');
  s.oldRuntime = await buildOldVcRuntimeScenario(dir, [14, 16, 27012, 0]);
  s.condaRuntime = await buildOldVcRuntimeScenario(dir, [14, 16, 27012, 0], 'conda-old-vc-runtime', true);
  s.newRuntime = await buildOldVcRuntimeScenario(dir, [14, 29, 30133, 0], 'new-vc-runtime');
  s.unversionedRuntime = await buildOldVcRuntimeScenario(dir, null, 'unversioned-vc-runtime');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function run(sc: WindowsScenario, withError = true): Promise<Diagnosis> {
  const deps = createOfflineWindowsDeps(sc.loader);
  return withError ? diagnose({ python: sc.python, errorText: sc.errorText }, deps) : diagnose({ python: sc.python, all: true }, deps);
}

describe.each(['pillow', 'notFound', 'arch', 'x86ext', 'condaConstraint', 'vcrt', 'shadow37', 'foreign', 'mixed', 'pathOnly38', 'libtiffBad', 'oldRuntime'])('Windows scenario %s', (key) => {
  it('ranks the expected cause first with evidence and the expected first remedy', async () => {
    const sc = s[key];
    if (!sc) throw new Error('not built');
    const d = await run(sc);
    expect(d.status).toBe('problem-found');
    const top = d.causes[0];
    expect(top?.kind).toBe(sc.expected.kind);
    expect(top?.module).toBe(sc.expected.module);
    expect(top?.evidence.length).toBeGreaterThan(0);
    expect(top?.remedies[0]).toMatchObject(sc.expected.firstRemedy);
    expect(d.checks.find((c) => c.id === 'import-test')?.status).toBe('skipped');
  });
});

describe('Windows scenario evidence', () => {
  it('Pillow 4.1.0 / 3.6: the chain to python36.dll, the two missing exports and the known issue', async () => {
    const d = await run(s.pillow as WindowsScenario);
    const top = d.causes[0];
    expect(top?.evidence.find((e) => e.kind === 'missing-symbols')).toMatchObject({ symbols: ['PySlice_AdjustIndices', 'PySlice_Unpack'] });
    const chain = top?.evidence.find((e) => e.kind === 'dependency-chain');
    expect(chain).toMatchObject({ links: [{ needs: 'python36.dll', foundBy: 'already-loaded' }] });
    expect(top?.evidence.find((e) => e.kind === 'known-issue')).toMatchObject({ issueId: 'pillow-4.1.0-python-3.6.0' });
    expect(top?.evidence.find((e) => e.kind === 'package-metadata')).toMatchObject({ package: 'Pillow', version: '4.1.0', managers: ['pip'] });
    expect(d.error).toMatchObject({ module: 'PIL._imaging', errorCode: 127 });
    expect(top?.confidence.signals).toContain('reported-error-matches');
  });

  it('a copied folder: "how to check" gives the python.exe the traceback names on that machine, quoted, never this machine\'s path', async () => {
    const sc = s.pillow as WindowsScenario;
    const there = 'C:\\Users\\alice smith\\AppData\\Local\\Programs\\Python\\Python36';
    const d = await diagnose({ python: sc.python, errorText: sc.errorText.replace(sc.prefix, there) }, createOfflineWindowsDeps(sc.loader));
    const how = d.unchecked?.find((u) => u.what.startsWith('The live import'))?.howToCheck ?? '';
    expect(how).toContain(`--python "${there}\\python.exe" --error-file <file>`);
    expect(how).not.toContain(sc.prefix);
  });

  it('confidence follows the files: a wrong machine field is high without the error; a DLL missing from a copied folder is not raised (System32 is not here)', async () => {
    expect((await run(s.arch as WindowsScenario, false)).causes[0]?.confidence.level).toBe('high');
    const notFound = (await run(s.notFound as WindowsScenario, false)).causes[0];
    expect(notFound?.kind).toBe('missing-library');
    expect(notFound?.confidence.level).not.toBe('high');
  });

  it('DLL not found: the search path in order, none holding geos_c.dll', async () => {
    const d = await run(s.notFound as WindowsScenario);
    const search = d.causes[0]?.evidence.find((e) => e.kind === 'search-path');
    expect(search?.kind === 'search-path' && search.directories.map((x) => x.step)).toEqual(['dll-load-dir', 'application-dir']);
    expect(search?.kind === 'search-path' && search.directories.every((x) => !x.contains)).toBe(true);
  });

  it('wrong architecture: names the x86 file and its owner', async () => {
    const d = await run(s.arch as WindowsScenario);
    expect(d.causes[0]?.evidence.find((e) => e.kind === 'architecture')).toMatchObject({ machine: 'x86', expectedMachine: 'x64' });
    expect(d.causes[0]?.evidence.find((e) => e.kind === 'file-owner')).toMatchObject({ owner: { package: 'fastmath', manager: 'pip' } });
  });

  it('a 32-bit .pyd in a 64-bit Python: the .pyd is the cause, never the interpreter\'s DLLs, and nothing of the interpreter is moved', async () => {
    const d = await run(s.x86ext as WindowsScenario);
    const arch = d.causes.filter((c) => c.kind === 'wrong-architecture');
    expect(arch).toHaveLength(1);
    expect(arch[0]?.evidence.find((e) => e.kind === 'architecture')).toMatchObject({ machine: 'x86', expectedMachine: 'x64' });
    expect(arch[0]?.title).toContain('_core.cp38-win32.pyd');
    const moved = d.causes.flatMap((c) => c.remedies).filter((r) => r.kind === 'quarantine-dll');
    expect(moved).toEqual([]);
  });

  it('conda: the consumer\'s record states libfoo >=1.5, libfoo 1.0 is installed: that range is the recommended fix, no reinstall of the consumer first', async () => {
    const d = await run(s.condaConstraint as WindowsScenario);
    const top = d.causes[0];
    expect(top?.evidence.find((e) => e.kind === 'package-metadata' && e.requires.includes('libfoo >=1.5,<2.0a0'))?.summary).toContain('libfoo 1.0');
    expect(top?.remedies[0]).toMatchObject({ kind: 'install-constraint', recommended: true });
    expect(top?.remedies.some((r) => r.kind === 'conda-force-reinstall' && r.package === 'foo' && r.risk === 'low')).toBe(false);
    // The same rule as the env command's health check (app/envs checkHealth): conda's depends is not met.
    expect(d.checks.find((c) => c.id === 'health:conda-dependency-version')).toMatchObject({ status: 'problem' });
    expect(d.checks.find((c) => c.id === 'health:conda-dependency-version')?.detail).toContain('libfoo >=1.5,<2.0a0');
  });

  it('healthy control: zero causes, zero problems, and no "healthy" verdict without an import (inconclusive)', async () => {
    const d = await diagnose({ python: (s.healthy as WindowsScenario).prefix, all: true }, createOfflineWindowsDeps({}));
    expect(d.causes).toEqual([]);
    expect(d.checks.filter((c) => c.status === 'problem')).toEqual([]);
    expect(d.status).toBe('inconclusive');
    expect(d.environment.pythonVersion).toBe('3.6.0');
  });

  it('shadowing: Python 3.7 takes the PATH copy, Python 3.8 does not search PATH', async () => {
    const d37 = await run(s.shadow37 as WindowsScenario);
    expect(d37.causes[0]?.evidence.find((e) => e.kind === 'shadowing')).toMatchObject({ winnerStep: 'PATH', library: 'libfoo.dll' });
    const d38 = await run(s.shadow38 as WindowsScenario, false);
    expect(d38.status).toBe('inconclusive');
    expect(d38.causes).toEqual([]);
  });

  it('PATH only: Python 3.8 does not find GDAL on PATH (search policy), Python 3.7 does', async () => {
    const d38 = await run(s.pathOnly38 as WindowsScenario);
    expect(d38.causes[0]?.evidence.find((e) => e.kind === 'file-owner')?.summary).toContain('OSGeo4W');
    expect((await run(s.pathOnly37 as WindowsScenario, false)).status).toBe('inconclusive');
  });

  it('cp37 wheel in cp36: the .pyd imports python37.dll and the wheel tag says cp37', async () => {
    const d = await run(s.foreign as WindowsScenario);
    const kinds = d.causes[0]?.evidence.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['python-abi', 'health-check']));
  });

  it('conda build strings: libtiff 4.0.10 he490001_1001 under _imaging confirms the known issue from conda-meta; another build of 4.0.10 rules it out', async () => {
    const bad = await run(s.libtiffBad as WindowsScenario);
    const top = bad.causes[0];
    expect(top?.evidence.find((e) => e.kind === 'dependency-chain')).toMatchObject({ links: [{ needs: 'tiff.dll', owner: { package: 'libtiff' } }, { needs: 'zstd.dll' }] });
    const known = top?.evidence.find((e) => e.kind === 'known-issue');
    expect(known).toMatchObject({ issueId: 'libtiff-4.0.10-conda-windows' });
    // The build and the conda environment were checked, not listed as unchecked.
    expect(known?.summary).toContain('confirmed');
    expect(top?.confidence.signals).toContain('known-issue:libtiff-4.0.10-conda-windows');
    const other = await run(s.libtiffOther as WindowsScenario);
    expect(other.causes[0]?.kind).toBe('missing-library');
    expect(other.causes.flatMap((c) => c.evidence).filter((e) => e.kind === 'known-issue')).toEqual([]);
    expect(other.causes.flatMap((c) => c.remedies).some((r) => r.kind === 'conda-install-version' && r.package === 'libtiff')).toBe(false);
  });

  it('VC++ runtime 14.16 next to python.exe, module linked by 14.29: both versions, Microsoft\'s rule, and a fix that replaces the copy python.exe loads', async () => {
    const sc = s.oldRuntime as WindowsScenario;
    const d = await run(sc);
    const top = d.causes[0];
    expect(top?.title).toBe('The Visual C++ runtime vcruntime140.dll 14.16 is older than the 14.29 that fastcodec._codec needs');
    expect(top?.evidence.find((e) => e.kind === 'runtime-version')).toMatchObject({
      linkerVersion: '14.29',
      runtimeVersion: '14.16.27012.0',
      runtime: join(sc.prefix, 'vcruntime140.dll'),
      sources: expect.arrayContaining(['https://learn.microsoft.com/en-us/cpp/porting/binary-compat-2015-2017']),
    });
    expect(top?.evidence.find((e) => e.kind === 'dependency-chain')).toMatchObject({ links: [{ needs: 'VCRUNTIME140.dll', foundBy: 'already-loaded' }] });
    // The reported 1114 agrees with this cause.
    expect(top?.confidence.signals).toContain('reported-error-matches');
    const fix = top?.remedies[0];
    expect(fix?.kind === 'manual' && fix.steps).toEqual([
      'Download and run https://aka.ms/vs/17/release/vc_redist.x64.exe',
      `Rename ${join(sc.prefix, 'vcruntime140.dll')} to vcruntime140.dll.bak`,
      `Copy %SystemRoot%\\System32\\vcruntime140.dll to ${sc.prefix}`,
    ]);
  });

  it('VC++ runtime from conda\'s vc14_runtime: the fix is a vc14_runtime of the toolset\'s version or later', async () => {
    const d = await run(s.condaRuntime as WindowsScenario);
    expect(d.causes[0]?.kind).toBe('outdated-vc-runtime');
    expect(d.causes[0]?.evidence.find((e) => e.kind === 'file-owner')).toMatchObject({ owner: { package: 'vc14_runtime', manager: 'conda' } });
    expect(d.causes[0]?.remedies[0]).toMatchObject({ kind: 'install-constraint', manager: 'conda', package: 'vc14_runtime', specifier: '>=14.29' });
  });

  it('VC++ runtime: nothing is claimed when the runtime is as new as the toolset, or when its version is not known', async () => {
    for (const sc of [s.newRuntime, s.unversionedRuntime] as WindowsScenario[]) {
      const d = await run(sc, false);
      expect(d.causes.filter((c) => c.kind === 'outdated-vc-runtime'), sc.name).toEqual([]);
      expect(d.status, sc.name).toBe('inconclusive');
    }
  });

  it('pip and conda: both records are evidence, keep conda', async () => {
    const d = await run(s.mixed as WindowsScenario);
    expect(d.causes[0]?.package).toMatchObject({ managers: expect.arrayContaining(['pip', 'conda']) });
  });
});

describe('diagnose CLI on a Windows folder (offline)', () => {
  // The acceptance case: the copied folder itself, --module PIL._imaging, no error text.
  it.runIf(process.platform !== 'win32')('names both functions, python36.dll 3.6.0 from its version resource, the fixes, and confirms the known issue', async () => {
    const sc = s.pillow as WindowsScenario;
    const io = { out: '', err: '', cwd: dir, env: process.env, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) } satisfies CliIo & { out: string; err: string };
    const code = await runCli(['diagnose', '--python', sc.prefix, '--module', 'PIL._imaging', '--json', '--quiet'], io, [diagnoseCommand]);
    expect(code).toBe(ExitCode.problemFound);
    const d = JSON.parse(io.out) as Diagnosis;
    const top = d.causes[0];
    expect(d.environment.pythonVersion).toBe('3.6.0');
    expect(top?.evidence.find((e) => e.kind === 'missing-symbols')?.summary).toContain('python36.dll (CPython 3.6.0, from its version resource)');
    expect(top?.evidence.find((e) => e.kind === 'python-abi')).toMatchObject({ builtFor: 'CPython 3.6.1 or newer', running: 'python36.dll 3.6.0' });
    const known = top?.evidence.find((e) => e.kind === 'known-issue');
    expect(known?.summary).not.toContain('not checked');
    expect(known?.summary).toContain('confirmed');
    expect(top?.remedies.map((r) => [r.kind, 'version' in r ? r.version : 'minimumVersion' in r ? r.minimumVersion : 'specifier' in r ? r.specifier : null])).toEqual([
      // The upstream fix release first (issue 26, finding 6), then the step back; "Pillow<4.1.0"
      // said the same as 4.0.0 and is merged into it; never a reinstall of the same build.
      ['pip-install-version', '4.1.1'],
      ['pip-install-version', '4.0.0'],
      ['upgrade-python', '3.6.1'],
    ]);
    expect(d.causes.flatMap((c) => c.remedies).filter((r) => r.recommended)).toHaveLength(1);
    expect(top?.remedies[0]?.recommended).toBe(true);
    // Nothing runs on this machine for a copied Windows folder: the reason never says it does.
    expect(top?.remedies[0]?.recommendedBecause).toContain('4.1.1 is the release that fixes it upstream');
    expect(top?.remedies[0]?.recommendedBecause).not.toMatch(/automatically|rolled back|dry run/);
    // The export table proves the functions missing: high confidence without a pasted error.
    expect(top?.confidence.level).toBe('high');
  });

  it.runIf(process.platform !== 'win32')('examines python.exe from its files, exits 3 and writes a Markdown report', async () => {
    const sc = s.pillow as WindowsScenario;
    const errorFile = join(dir, 'pillow-error.txt');
    await writeFile(errorFile, sc.errorText);
    const io = { out: '', err: '', cwd: dir, env: process.env, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) } satisfies CliIo & { out: string; err: string };
    const code = await runCli(['diagnose', '--python', sc.python, '--error-file', errorFile, '--report', 'pillow.md'], io, [diagnoseCommand]);
    expect(code).toBe(ExitCode.problemFound);
    expect(io.out).toContain('1) Install pillow 4.1.1 with pip');
    expect(io.err).toMatch(/static-analysis/);
    const md = await readFile(join(dir, 'pillow.md'), 'utf8');
    expect(md).toContain('PySlice\\_AdjustIndices');
    expect(md).toContain('Redacted for sharing');
  });
});
