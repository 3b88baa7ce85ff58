import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineHandlers } from '../../app/api/engine-handlers';
import { loadGraph } from '../../app/api/load-graph';
import type { LoadGraph } from '../../app/contract/load-graph-types';
import type { DiagnosisResult } from '../../app/contract/contract';
import { dispatch } from '../../app/contract/dispatch';
import { hostWindowsFolders } from '../../app/diagnosis/binary-adapter';
import { buildCondaConstraintScenario, buildDllNotFoundScenario, buildPillowProcedureScenario, buildWrongArchitectureScenario, buildX86ExtensionScenario, type WindowsScenario } from '../scenarios/support/windows-scenarios';

// Debian's Python ships its ssl module as a real ELF extension that needs libssl and libcrypto.
const dynload = '/usr/lib/python3.11/lib-dynload';
const ssl = existsSync(dynload) ? readdirSync(dynload).find((f) => f.startsWith('_ssl.')) : undefined;

describe('the whole load graph of a Linux module', () => {
  it.skipIf(!ssl)('lists every library the module loads, each with the search step that found it', async () => {
    const graph = await loadGraph('/usr/bin/python3', path.join(dynload, ssl ?? ''), {});
    expect(graph).not.toBeNull();
    const libssl = graph?.nodes.find((n) => n.name.startsWith('libssl.so'));
    expect(libssl).toMatchObject({ missing: false, foundBy: 'ld.so.cache' });
    expect(graph?.edges.some((e) => e.from === graph.root && e.to === libssl?.id)).toBe(true);
    // libssl needs libcrypto: the graph goes below the first level.
    const libcrypto = graph?.nodes.find((n) => n.name.startsWith('libcrypto.so'));
    expect(graph?.edges.some((e) => e.from === libssl?.id && e.to === libcrypto?.id)).toBe(true);
    expect(graph?.searchPath.some((d) => d.step === 'ld.so.cache')).toBe(true);
  });

  it('says plainly when the file is no compiled module', async () => {
    await expect(loadGraph('/usr/bin/python3', '/etc/passwd', {})).rejects.toMatchObject({ code: 'unreadable-module' });
  });
});

describe.skipIf(process.platform === 'win32')('the whole load graph of a module in a Windows environment copied to this machine', () => {
  let dir: string;
  let scenario: WindowsScenario;
  const context = { emit: () => undefined, signal: new AbortController().signal };
  const handlers = () => createEngineHandlers({ appVersion: 't', host: 'browser', platform: 'linux', arch: 'x64', env: process.env, dataDir: path.join(dir, 'data') });
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor load graph '));
    scenario = await buildPillowProcedureScenario(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Pillow 4.1.0's extension, as the diagnosis of the copied Python 3.6.0 names it. */
  const imaging = () => path.join(scenario.prefix, 'Lib', 'site-packages', 'PIL', '_imaging.cp36-win_amd64.pyd');

  it('follows every DLL through the contract, with Python 3.6\'s search order and the step that found each', async () => {
    // Asked by diagnosis id: the graph is the one the diagnosis' own simulation built.
    const engine = handlers();
    const diagnosed = await dispatch(engine, 'diagnose', { jobId: 'job-graph-1', python: scenario.python, target: { kind: 'module', module: scenario.module } }, context);
    const diagnosisId = (diagnosed as { value: DiagnosisResult }).value.id;
    const answer = await dispatch(engine, 'loadGraph', { diagnosisId, file: imaging() }, context);
    expect(answer.ok).toBe(true);
    const graph = (answer as { value: LoadGraph }).value;
    // Python <= 3.7 loads with LOAD_WITH_ALTERED_SEARCH_PATH: the module's folder first; a copy has no System32 or PATH.
    expect(graph.searchPath.map((d) => d.step)).toEqual(['dll-load-dir']);
    expect(graph.searchPath[0]?.path).toBe(path.dirname(imaging()));
    const python36 = graph.nodes.find((n) => n.name.toLowerCase() === 'python36.dll');
    // python.exe loaded python36.dll (and the VC++ runtime next to it) before any import: the same rule as the diagnosis.
    expect(python36).toMatchObject({ path: path.join(scenario.prefix, 'python36.dll').replace(/\\/g, '/'), foundBy: 'already-loaded', missing: false });
    expect(graph.nodes.find((n) => n.name.toLowerCase() === 'vcruntime140.dll')).toMatchObject({ foundBy: 'already-loaded', missing: false });
    // KERNEL32 belongs to Windows, which a copied folder does not hold: a system DLL, never "not found".
    expect(graph.nodes.find((n) => n.name.toLowerCase() === 'kernel32.dll')).toMatchObject({ missing: false, path: null });
    expect(graph.nodes.some((n) => n.missing)).toBe(false);
    // The two functions CPython added in 3.6.1 (bpo-29943), on the edge to the DLL that lacks them.
    const edge = graph.edges.find((e) => e.from === graph.root && e.to === python36?.id);
    expect([...(edge?.missingSymbols ?? [])].sort()).toEqual(['PySlice_AdjustIndices', 'PySlice_Unpack']);
    expect(graph.edges.filter((e) => e.missingSymbols.length > 0)).toHaveLength(1);
    expect(graph.wrongMachine).toEqual([]);
  });

  it('names a file built for another CPU: a dependency the loader skips, or the module itself', async () => {
    const helper = await buildWrongArchitectureScenario(dir);
    const withHelper = await loadGraph(helper.python, path.join(helper.prefix, 'Lib', 'site-packages', 'fastmath', '_core.cp38-win_amd64.pyd'), {}, 'linux');
    // The 32-bit fastmath_impl.dll is skipped, so the 64-bit module finds no fastmath_impl.dll (126).
    expect(withHelper?.nodes.find((n) => n.name.toLowerCase() === 'fastmath_impl.dll')).toMatchObject({ missing: true });
    expect(withHelper?.wrongMachine).toEqual([{ file: path.join(helper.prefix, 'Lib', 'site-packages', 'fastmath', 'fastmath_impl.dll'), machine: 'x86', expected: 'x64' }]);
    const x86 = await buildX86ExtensionScenario(dir);
    const module = path.join(x86.prefix, 'Lib', 'site-packages', 'fastmath', '_core.cp38-win32.pyd');
    const alone = await loadGraph(x86.python, module, {}, 'linux');
    expect(alone?.wrongMachine).toEqual([{ file: module, machine: 'x86', expected: 'x64' }]);
  });

  it('searches a conda environment\'s Library folders as conda\'s Python 3.8 adds them, and marks the DLL that lacks a function', async () => {
    const conda = await buildCondaConstraintScenario(dir);
    const file = path.join(conda.prefix, 'Lib', 'site-packages', 'foo', '_foo.cp38-win_amd64.pyd');
    const graph = await loadGraph(conda.python, file, process.env, 'linux');
    // Python 3.8: the module's folder, python.exe's folder, then the five folders conda adds with AddDllDirectory.
    expect(graph?.searchPath.map((d) => d.step)).toEqual(['dll-load-dir', 'application-dir', ...Array<string>(5).fill('add_dll_directory (conda)')]);
    expect(graph?.searchPath[4]?.path.replace(/\\/g, '/')).toBe(`${conda.prefix}/Library/bin`);
    const libfoo = graph?.nodes.find((n) => n.name.toLowerCase() === 'libfoo.dll');
    expect(libfoo).toMatchObject({ foundBy: 'add_dll_directory (conda)', missing: false });
    expect(graph?.edges.find((e) => e.to === libfoo?.id)?.missingSymbols).toEqual(['foo_v2']);
  });

  it('searches the folders the diagnosis searched, in the same order: both build one Windows load context', async () => {
    const geos = await buildDllNotFoundScenario(dir);
    const engine = handlers();
    const diagnosed = await dispatch(engine, 'diagnose', { jobId: 'job-graph-2', python: geos.python, target: { kind: 'module', module: geos.module } }, context);
    const diagnosis = (diagnosed as { value: DiagnosisResult }).value;
    const searched = diagnosis.causes.flatMap((c) => c.evidence).find((e) => e.kind === 'search-path');
    if (searched?.kind !== 'search-path') throw new Error('the diagnosis shows no search path');
    const file = path.join(geos.prefix, 'Lib', 'site-packages', 'geopkg', '_geos.cp38-win_amd64.pyd');
    // The diagnosis' own simulation answers: the module is not read a second time (it is gone now).
    await rm(file);
    const answer = await dispatch(engine, 'loadGraph', { diagnosisId: diagnosis.id, file }, context);
    const graph = (answer as { value: LoadGraph }).value;
    expect(graph.searchPath.map((d) => d.step)).toEqual(['dll-load-dir', 'application-dir']);
    expect(graph.searchPath).toEqual(searched.directories.map((d) => ({ path: d.path, step: d.step })));
    expect(graph.nodes.find((n) => n.name.toLowerCase() === searched.library.toLowerCase())).toMatchObject({ missing: true });
  });

  it('refuses a Windows module with an environment that is not Windows, saying what to do', async () => {
    await expect(loadGraph('/usr/bin/python3', imaging(), process.env, 'linux')).rejects.toMatchObject({ code: 'not-windows-environment' });
  });

  it('asks for a diagnosis the engine made: an unknown id is refused with what to do, and no path from the page is simulated', async () => {
    const answer = await dispatch(handlers(), 'loadGraph', { diagnosisId: 'no-such-diagnosis', file: imaging() }, context);
    expect(answer).toMatchObject({ ok: false, error: { code: 'unknown-diagnosis', whatToDo: expect.stringContaining('diagnosis again') } });
    expect(await dispatch(handlers(), 'loadGraph', { python: scenario.python, file: imaging() }, context)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});

describe('the folders a live Windows process adds to the search', () => {
  it('are PATH, System32 and the Windows folder on Windows itself, whatever the case of their variable names', () => {
    expect(hostWindowsFolders({ Path: 'C:\\Tools\\bin;;C:\\Python312', SystemRoot: 'D:\\Windows' }, 'win32')).toEqual({
      pathDirs: ['C:\\Tools\\bin', 'C:\\Python312'],
      system32: 'D:\\Windows\\System32',
      windowsDir: 'D:\\Windows',
      condaDllSearchModification: false,
    });
  });

  it('carry CONDA_DLL_SEARCH_MODIFICATION_ENABLE when the process has it set (conda/conda#10897)', () => {
    expect(hostWindowsFolders({ PATH: 'C:\\Tools\\bin', CONDA_DLL_SEARCH_MODIFICATION_ENABLE: '1' }, 'win32').condaDllSearchModification).toBe(true);
    expect(hostWindowsFolders({ PATH: 'C:\\Tools\\bin', CONDA_DLL_SEARCH_MODIFICATION_ENABLE: '' }, 'win32').condaDllSearchModification).toBe(false);
  });

  it('are none for a Windows folder examined on another system: its System32 is not here', () => {
    expect(hostWindowsFolders({ PATH: '/usr/bin:/bin' }, 'linux')).toEqual({});
  });
});
