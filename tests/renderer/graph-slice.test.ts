import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineHandlers } from '../../app/api/engine-handlers';
import type { DiagnosisResult, WireApi } from '../../app/contract/contract';
import { dispatch } from '../../app/contract/dispatch';
import { createDoctorApi } from '../../renderer/api/client';
import { createDoctorStore } from '../../renderer/store/doctor-store';
import { canShowWholeGraph, dependencyTree, graphAsLinks, type DependencyNode } from '../../renderer/wizard/dependency-nodes';
import { buildPillowProcedureScenario, type WindowsScenario } from '../scenarios/support/windows-scenarios';

/** The wizard's API over the real engine handlers, through the contract's one dispatch (as browser mode does). */
function engineApi(dataDir: string) {
  const handlers = createEngineHandlers({ appVersion: 't', host: 'browser', platform: 'linux', arch: 'x64', env: process.env, dataDir });
  const context = { emit: () => undefined, signal: new AbortController().signal };
  const wire = new Proxy({} as WireApi, {
    get: (_target, name) => (name === 'on' ? () => () => undefined : (request: unknown) => dispatch(handlers, name, request, context)),
  });
  return { api: createDoctorApi(wire), handlers, context };
}

const named = (node: DependencyNode | undefined, name: string): DependencyNode | undefined =>
  node?.children.find((c) => path.basename(c.file.replace(/\\/g, '/')).toLowerCase() === name);

describe.skipIf(process.platform === 'win32')('the whole load graph in the wizard, for a Windows environment copied here', () => {
  let dir: string;
  let scenario: WindowsScenario;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor graph slice '));
    scenario = await buildPillowProcedureScenario(dir);
  });
  // The engine's log may still be writing its last line: rm retries a folder that is not empty yet.
  afterAll(() => rm(dir, { recursive: true, force: true, maxRetries: 5 }));

  it('opens every DLL of the diagnosed module, with python36.dll marked as lacking the two functions', async () => {
    const { api, handlers, context } = engineApi(path.join(dir, 'data'));
    const diagnosed = await dispatch(handlers, 'diagnose', { jobId: 'job-graph-1', python: scenario.python, target: { kind: 'module', module: scenario.module } }, context);
    const diagnosis = (diagnosed as { value: DiagnosisResult }).value;
    const chain = diagnosis.causes.flatMap((c) => c.evidence).find((e) => e.kind === 'dependency-chain');
    if (chain?.kind !== 'dependency-chain') throw new Error('the diagnosis shows no dependency chain');
    const file = chain.links[0]?.file ?? '';
    // The button is offered for a Windows module, as for a Linux one.
    expect(canShowWholeGraph(file)).toBe(true);

    const store = createDoctorStore(api);
    store.setState({ diagnosis: { status: 'ready', value: diagnosis, python: scenario.python } });
    await store.getState().showLoadGraph(file);
    const state = store.getState().loadGraphs[file];
    if (state?.status !== 'ready' || !state.value) throw new Error(`no graph: ${JSON.stringify(state)}`);

    const whole = graphAsLinks(state.value);
    const root = dependencyTree(whole.links, null, whole.marks);
    expect(root?.failing).toBe(true);
    const python36 = named(root ?? undefined, 'python36.dll');
    expect(python36).toMatchObject({ foundBy: 'already-loaded', failing: true, missing: false });
    expect([...(python36?.lacks ?? [])].sort()).toEqual(['PySlice_AdjustIndices', 'PySlice_Unpack']);
    // The other DLLs are in the tree too, and nothing else is marked.
    expect(named(root ?? undefined, 'vcruntime140.dll')).toMatchObject({ failing: false, missing: false });
    // KERNEL32 resolves through KnownDLLs with no file in a copy: it keeps the name _imaging imports it by.
    expect(named(root ?? undefined, 'kernel32.dll')).toMatchObject({ file: 'KERNEL32.dll', foundBy: 'known-dll', failing: false, missing: false });
    expect(state.value.searchPath).toEqual([{ path: path.dirname(file), step: 'dll-load-dir' }]);
  });

  it('keeps the engine\'s error and its advice when the engine no longer knows the diagnosis', async () => {
    const { api } = engineApi(path.join(dir, 'data'));
    const store = createDoctorStore(api);
    const file = path.join(scenario.prefix, 'Lib', 'site-packages', 'PIL', '_imaging.cp36-win_amd64.pyd');
    // A diagnosis of an engine that has restarted since: the graph is asked by its id, which is unknown now.
    store.setState({ diagnosis: { status: 'ready', value: { id: 'diagnosis-of-before' } as DiagnosisResult, python: scenario.python } });
    await store.getState().showLoadGraph(file);
    expect(store.getState().loadGraphs[file]).toMatchObject({ status: 'failed', whatToDo: expect.stringContaining('diagnosis again') });
  });
});

describe('which files offer the whole graph', () => {
  it('takes compiled modules by full path on either system, nothing else', () => {
    expect(canShowWholeGraph('C:\\Python36\\Lib\\site-packages\\PIL\\_imaging.cp36-win_amd64.pyd')).toBe(true);
    expect(canShowWholeGraph('/mnt/copy/Python36/python36.dll')).toBe(true);
    expect(canShowWholeGraph('/usr/lib/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so')).toBe(true);
    expect(canShowWholeGraph('/usr/lib/x86_64-linux-gnu/libssl.so.3')).toBe(true);
    expect(canShowWholeGraph('/Users/me/.venv/lib/python3.12/site-packages/PIL/_imaging.cpython-312-darwin.so')).toBe(true);
    expect(canShowWholeGraph('/Users/me/.venv/lib/python3.12/site-packages/PIL/.dylibs/libjpeg.62.4.0.dylib')).toBe(true);
    expect(canShowWholeGraph('_imaging.pyd')).toBe(false);
    expect(canShowWholeGraph('/site-packages/PIL/Image.py')).toBe(false);
  });
});
