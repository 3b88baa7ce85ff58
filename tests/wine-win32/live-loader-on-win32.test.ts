import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadSimulation } from '../../app/binary/loader-types';
import { DEFAULT_KNOWN_DLLS } from '../../app/binary/system-dlls';
import { buildCases, buildLoader, cleanCases, folderOf } from '../wine/case-builder';
import { generateCases, type CaseSpec } from '../wine/case-generator';
import { DEFAULT_SEED, describeFailure, missingPrerequisite, simulatedVerdict, wineVerdict, type CaseResult } from '../wine/differential';
import { EXPECTED_DIFFERENCES } from '../wine/expected-differences';
import { linuxPath, runCases } from '../wine/wine-runner';
import { missingWin32Prerequisite, REPO, runWin32Node, wine, win32Env, win32Machine, win32Required, windowsPathOf, type Win32Machine } from './support/win32-machine';

/**
 * The live Windows loader on win32 (issue 23, item 6): the CLI's `inspect`, run by Node for Windows
 * under Wine with no --system-dir, reads the machine's real C:\windows\System32, the KnownDLLs of
 * its registry (reg.exe through the one runner) and the API set schema of its apisetschema.dll, and
 * is held against Wine's own loader on the Wine differential's cases (tests/wine: the same seeded
 * cases built with mingw-w64, loaded by loader.exe the way CPython loads an extension).
 *
 * The registry's KnownDLLs are written here, as the Windows 10 x64 list plus version.dll, which
 * Windows NT listed (https://support.microsoft.com/en-us/kb/164501): a machine's list is its own,
 * and Wine's loader serves its builtin version.dll whatever the search path holds. Read from the
 * registry, the simulation then agrees with Wine on those cases without the differential's
 * "wine-prefers-its-builtin-dlls" exception, which it needs with the built-in list.
 */
// The cases are built with mingw-w64, as the differential builds them.
const missing = missingWin32Prerequisite() ?? missingPrerequisite();
const KNOWN_DLLS = [...DEFAULT_KNOWN_DLLS, 'version.dll'].map((n) => n.toLowerCase()).sort();

/** A .reg file of the KnownDLLs key (UTF-16LE with its BOM, as regedit writes), with DllDirectory as Windows has it. */
function knownDllsRegFile(): Buffer {
  const expandSz = (text: string): string => [...Buffer.from(`${text}\0`, 'utf16le')].map((b) => b.toString(16).padStart(2, '0')).join(',');
  const lines = [
    'Windows Registry Editor Version 5.00',
    '',
    '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\KnownDLLs]',
    ...KNOWN_DLLS.map((dll) => `"${dll.replace(/\.dll$/, '').replace(/^wow64/, '_wow64')}"="${dll}"`),
    `"DllDirectory"=hex(2):${expandSz('%SystemRoot%\\system32')}`,
    '',
  ];
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n'), 'utf16le')]);
}

/** The inspect arguments of a case: its loader line's rules (tests/wine/differential.ts contextOf), with no System32 given. */
function inspectArgs(c: CaseSpec): string[] {
  const win = (relative: string): string => `C:\\${relative.replace(/\//g, '\\')}`;
  const args = [win(`${folderOf(c, 'module')}/${c.root.name}`), '--json', '--python-version', c.python, '--interpreter-dir', 'C:\\py',
    '--search-path', win(folderOf(c, 'add')), '--path', win(folderOf(c, 'path'))];
  if (c.conda) args.push('--conda-prefix', win(`cases/c${c.id}/env`));
  return args;
}

interface InspectLine {
  readonly path: string;
  readonly simulation?: LoadSimulation;
  readonly error?: { code: string; message: string };
}

describe.skipIf(missing !== null && !win32Required)('the live Windows loader on win32 (Node for Windows under Wine)', { timeout: 300_000 }, () => {
  let machine: Win32Machine;
  let knownDlls: string[] | null = null;
  const results: CaseResult[] = [];
  const simulations = new Map<string, LoadSimulation>();

  beforeAll(async () => {
    if (missing) throw new Error(missing);
    machine = await win32Machine();
    const { prefix, driveC } = machine;
    const regFile = join(driveC, `known-dlls-${process.pid}.reg`);
    await writeFile(regFile, knownDllsRegFile());
    await wine(prefix, ['reg', 'import', windowsPathOf(machine, regFile)]);
    const cases = generateCases(DEFAULT_SEED);
    await cleanCases(driveC);
    const loader = await buildLoader(join(REPO, 'tests', 'wine', 'loader.c'), driveC);
    // The process that loads the cases is loader.exe: as C:\py\python.exe it tells inspect the process's CPU.
    await copyFile(loader, join(driveC, 'py', 'python.exe'));
    await buildCases(cases, driveC, join(REPO, '.cache', 'wine-diff', 'build'));
    const outcomes = await runCases(cases, prefix, driveC, { ...win32Env(prefix), WINEDEBUG: '-all,err+module,warn+module' });
    const work = join(driveC, `live-loader-${process.pid}`);
    await mkdir(work, { recursive: true });
    const driver = join(work, 'inspect-driver.mjs');
    await build({ entryPoints: [join(REPO, 'tests', 'wine-win32', 'support', 'inspect-driver.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node22', outfile: driver, logLevel: 'silent' });
    await writeFile(join(work, 'jobs.json'), JSON.stringify(cases.map((c) => ({ id: c.id, args: inspectArgs(c) }))));
    const run = await runWin32Node(machine, [windowsPathOf(machine, driver), windowsPathOf(machine, join(work, 'jobs.json')), windowsPathOf(machine, join(work, 'results.json'))], { cwd: driveC, timeoutMs: 280_000 });
    if (!/done/.test(run.stdout)) throw new Error(`the inspect driver did not finish (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
    const out = JSON.parse(await readFile(join(work, 'results.json'), 'utf8')) as { knownDlls: string[] | null; results: { id: string; code: number; stdout: string; stderr: string }[] };
    knownDlls = out.knownDlls;
    for (const c of cases) {
      const r = out.results.find((x) => x.id === c.id);
      const line = JSON.parse(r?.stdout.trim() || '{}') as InspectLine;
      if (!line.simulation) throw new Error(`inspect gave no simulation for case ${c.id}: ${r?.stdout ?? ''}${r?.stderr ?? ''}`);
      simulations.set(c.id, line.simulation);
      // Verdicts compare files as Linux paths under the prefix, as the differential does.
      const sim: LoadSimulation = { ...line.simulation, graph: { ...line.simulation.graph, nodes: line.simulation.graph.nodes.map((n) => ({ ...n, path: n.path === null ? null : linuxPath(driveC, n.path) })) } };
      const outcome = outcomes.get(c.id);
      if (!outcome) throw new Error(`the loader printed nothing for case ${c.id}`);
      const wineSide = wineVerdict(c, outcome);
      const simulated = simulatedVerdict(c, sim);
      const agree = JSON.stringify(wineSide) === JSON.stringify(simulated);
      const expected = agree ? null : (EXPECTED_DIFFERENCES.find((d) => d.applies(c, wineSide, simulated, outcome.log))?.id ?? null);
      results.push({ spec: c, wine: wineSide, simulated, agree, expected, wineLog: outcome.log });
    }
    const agreeing = results.filter((r) => r.agree).length;
    console.log(`live loader on win32: ${results.length} cases, ${agreeing} agree with Wine, ${results.filter((r) => r.expected).length} listed differences`);
  }, 900_000);

  it('reads the KnownDLLs of the machine\'s registry through reg.exe, leaving out DllDirectory', () => {
    expect(knownDlls).toEqual(KNOWN_DLLS);
  });

  it('searches the real System32, with no --system-dir given', () => {
    const sim = simulations.values().next().value as LoadSimulation;
    expect(sim.searchPath).toContainEqual({ dir: 'C:\\windows\\System32', reason: 'system32' });
  });

  it('agrees with Wine\'s loader on every differential case, or the difference is a listed one', () => {
    expect(results.length).toBeGreaterThanOrEqual(300);
    const failing = results.filter((r) => !r.agree && r.expected === null);
    expect(failing.map(describeFailure).join('\n\n')).toBe('');
  });

  it('follows the registry\'s KnownDLLs: a version.dll planted next to the module is not the one loaded, as under Wine', () => {
    const planted = results.filter((r) => r.spec.kind === 'known-dll' && r.spec.dlls.some((d) => d.name.toLowerCase() === 'version.dll'));
    expect(planted.length).toBeGreaterThan(0);
    for (const r of planted) expect(r.agree, describeFailure(r)).toBe(true);
    expect(results.filter((r) => r.expected === 'wine-prefers-its-builtin-dlls')).toEqual([]);
  });

  it('maps API sets through the apisetschema.dll of the real System32', () => {
    const apiSet = results.filter((r) => r.spec.kind === 'api-set');
    expect(apiSet.length).toBeGreaterThan(0);
    for (const r of apiSet) expect(r.agree, describeFailure(r)).toBe(true);
    const synch = [...simulations.values()].flatMap((s) => s.graph.nodes).find((n) => n.name.toLowerCase() === 'api-ms-win-core-synch-l1-2-0.dll');
    expect(synch).toMatchObject({ resolution: 'api-set', path: 'C:\\windows\\System32\\kernelbase.dll' });
  });
});
