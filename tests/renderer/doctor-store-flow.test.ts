import { describe, expect, it, vi } from 'vitest';
import type { EnvironmentChoice } from '../../app/contract/environment-choice';
import type { AppInfo, DiagnosisResult, DoctorApi, RequestOf } from '../../app/contract/contract';
import { parseErrorText } from '../../app/diagnosis/error-text/error-text';
import type { RepairOutcome, RepairPlan } from '../../app/repair/types';
import { createDoctorStore, type StoreOptions } from '../../renderer/store/doctor-store';
import { reachableSteps } from '../../renderer/wizard/wizard-steps';
import { stepFacts } from '../../renderer/wizard/session';

// The two errors of issue 26's walk. Linux: a wheel built against a newer libstdc++ than the
// system's (as in pandas-dev/pandas#46580); Windows: Pillow 4.1.0 on Python 3.6.0, whose
// python36.dll lacks PySlice_AdjustIndices (python-pillow/Pillow#2479).
const linuxError = "ImportError: /usr/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.29' not found (required by /home/ann/venv/lib/python3.11/site-packages/pandas/_libs/window/aggregations.cpython-311-x86_64-linux-gnu.so)";
const windowsError = [
  'Traceback (most recent call last):',
  '  File "C:\\Users\\ann\\AppData\\Local\\Programs\\Python\\Python36\\lib\\site-packages\\PIL\\Image.py", line 56, in <module>',
  '    from . import _imaging as core',
  'ImportError: DLL load failed: The specified procedure could not be found.',
].join('\n');

const WINDOWS_HOME = 'C:\\Users\\ann\\AppData\\Local\\Programs\\Python\\Python36';
const info: AppInfo = { name: 'Python DLL Doctor', version: '0.1.0', platform: 'linux', arch: 'x64', host: 'browser' };
const venv: EnvironmentChoice = { python: '/home/ann/venv/bin/python', prefix: '/home/ann/venv', label: 'venv (Python 3.11.2)', version: '3.11.2', architecture: '64-bit', kind: 'venv', sources: ['PATH'], status: 'ok' };
const system: EnvironmentChoice = { python: '/usr/bin/python3', prefix: '/usr', label: 'CPython 3.11.2', version: '3.11.2', architecture: '64-bit', kind: 'system', sources: ['PATH as python3'], status: 'ok' };
const windows: EnvironmentChoice = { python: '/mnt/copy/Python36/python.exe', prefix: '/mnt/copy/Python36', label: 'Windows Python 3.6', version: '3.6.0', architecture: '64-bit', kind: 'copied Windows', sources: ['named in the error'], status: 'offline' };

/** A diagnosis as the engine returns it, with one cause and one automatic remedy. */
function diagnosisFor(python: string, n: number): DiagnosisResult {
  const remedy = { id: `remedy-${n}`, kind: 'pip-install-version', package: 'pandas', version: '1.5.3', automatic: true, title: 'Install pandas 1.5.3', risk: 'low' };
  return { id: `diagnosis-${n}`, fixed: false, status: 'problem-found', causes: [{ id: `cause-${n}`, title: `cause for ${python}`, remedies: [remedy], confidence: { level: 'high' } }], modules: [{ module: 'pandas._libs.window.aggregations', ok: false, message: 'x' }], checks: [], target: { kind: 'module', module: 'pandas._libs.window.aggregations' }, environment: { kind: 'venv' } } as unknown as DiagnosisResult;
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** The engine as the store sees it, recording every call; diagnoses answer when the test says so if `hold` is set. */
function fakeEngine(options: { hold?: boolean } = {}) {
  const calls = { diagnose: [] as RequestOf<'diagnose'>[], planRepair: [] as RequestOf<'planRepair'>[], applyRepair: [] as RequestOf<'applyRepair'>[] };
  const held: Deferred<DiagnosisResult>[] = [];
  let diagnoses = 0;
  const api = {
    on: () => () => undefined,
    getAppInfo: async () => info,
    listEnvironments: async () => [venv, system],
    parseError: async ({ text }: { text: string }) => parseErrorText(text),
    findEnvironmentInError: async ({ text }: { text: string }) => ({ named: [], environment: text.includes('/home/ann/venv/') ? venv : text.includes('Python36') ? windows : null, windowsFolder: text.includes('Python36') ? WINDOWS_HOME : null }),
    diagnose: async (request: RequestOf<'diagnose'>) => {
      calls.diagnose.push(request);
      const result = diagnosisFor(request.python, ++diagnoses);
      if (!options.hold) return result;
      const d = deferred<DiagnosisResult>();
      held.push(d);
      return d.promise.then(() => result);
    },
    listVersionOffers: async () => ({ package: 'pandas', manager: 'pip', source: 'the index', versions: [{ version: '1.5.3', installed: false }] }),
    planRepair: async (request: RequestOf<'planRepair'>) => {
      calls.planRepair.push(request);
      return { id: `plan-for-${request.diagnosisId}`, manager: 'pip', runsHere: true, changes: [{ package: 'pandas', from: '2.2.0', to: '1.5.3' }], dependents: [], steps: [], warnings: [], permission: { writable: true } } as unknown as RepairPlan;
    },
    applyRepair: async (request: RequestOf<'applyRepair'>) => {
      calls.applyRepair.push(request);
      return { status: 'fixed', summary: 'pandas 1.5.3 installed.', snapshotId: 'snap-1', actions: [], importWorks: true } as unknown as RepairOutcome;
    },
    renderReport: async (request: RequestOf<'renderReport'>) => ({ fileName: 'report.md', mediaType: 'text/markdown', redacted: request.redact, content: `report of ${request.diagnosisId} for ${request.errorText ?? ''}` }),
    rollbackRepair: async () => ({ status: 'fixed', summary: 'Put back.', snapshotId: null, actions: [], importWorks: false }) as unknown as RepairOutcome,
  } as unknown as DoctorApi;
  return { api, calls, held };
}

async function storeAtFix(api: DoctorApi, options: StoreOptions = {}) {
  const store = createDoctorStore(api, { newJobId: (() => { let n = 0; return () => `job-0000000${++n}`; })(), ...options });
  await store.getState().loadMachine();
  await store.getState().setErrorText(linuxError);
  expect(store.getState().useError()).toBe(true);
  expect(store.getState().goTo('environment')).toBe(true);
  await vi.waitFor(() => expect(store.getState().selectedPython).toBe(venv.python));
  expect(store.getState().goTo('diagnosis')).toBe(true);
  await store.getState().runDiagnosis();
  const run = store.getState().diagnosis;
  if (run.status !== 'ready') throw new Error('the diagnosis did not finish');
  expect(store.getState().chooseRemedy(run.value.causes[0]!.id, run.value.causes[0]!.remedies[0]!.id)).toBe(true);
  expect(store.getState().goTo('fix')).toBe(true);
  await vi.waitFor(() => expect(store.getState().plan.status).toBe('ready'));
  return store;
}

describe('the wizard store, walked on a fake engine', () => {
  it('goes from a pasted error to a verified repair and a report', async () => {
    const { api, calls } = fakeEngine();
    const store = await storeAtFix(api);
    await store.getState().confirmAndApply();
    expect(store.getState().step).toBe('apply');
    expect(calls.applyRepair).toEqual([{ jobId: 'job-00000002', planId: 'plan-for-diagnosis-1', verifyModule: 'pandas._libs.window.aggregations' }]);
    expect(store.getState().goTo('verify')).toBe(true);
    await store.getState().runVerification();
    expect(store.getState().verification.status).toBe('ready');
    expect(store.getState().goTo('report')).toBe(true);
  });

  it('a different error pasted after choosing a fix clears the old environment, diagnosis and fix (issue 26, finding 1)', async () => {
    const { api, calls } = fakeEngine();
    const store = await storeAtFix(api);
    expect(store.getState().goTo('symptom')).toBe(true);
    await store.getState().setErrorText(windowsError);
    expect(store.getState().useError()).toBe(true);
    // Nothing made for the Linux error survives: no diagnosis, no fix, no plan to run.
    expect(store.getState().diagnosis).toEqual({ status: 'idle' });
    expect(store.getState().chosen).toBeNull();
    expect(store.getState().plan).toEqual({ status: 'idle' });
    expect(store.getState().goTo('fix')).toBe(false);
    expect(store.getState().goTo('report')).toBe(false);
    // The environment the new error names is found and chosen, not the old one.
    await vi.waitFor(() => expect(store.getState().selectedPython).toBe(windows.python));
    expect(store.getState().errorEnvironment).toMatchObject({ status: 'ready', value: { environment: windows } });
    expect(store.getState().goTo('diagnosis')).toBe(true);
    await store.getState().runDiagnosis();
    expect(calls.diagnose.at(-1)).toMatchObject({ python: windows.python, target: { kind: 'module', module: 'PIL._imaging' } });
    expect(store.getState().diagnosis).toMatchObject({ status: 'ready', python: windows.python, value: { id: 'diagnosis-2' } });
  });

  // Issue 26, finding 5: a copied environment's commands use its folder on its own machine.
  it('plans a copied environment\'s fix with the folder the error names, and with the user\'s correction', async () => {
    const { api, calls } = fakeEngine();
    const store = createDoctorStore(api);
    await store.getState().loadMachine();
    await store.getState().setErrorText(windowsError);
    store.getState().useError();
    await vi.waitFor(() => expect(store.getState().selectedPython).toBe(windows.python));
    store.getState().goTo('diagnosis');
    await store.getState().runDiagnosis();
    // The diagnosis is sent the same folder, so its "how to check" names that machine's python.exe.
    expect(calls.diagnose.at(-1)).toMatchObject({ python: windows.python, home: WINDOWS_HOME });
    const run = store.getState().diagnosis;
    if (run.status !== 'ready') throw new Error('the diagnosis did not finish');
    store.getState().chooseRemedy(run.value.causes[0]!.id, run.value.causes[0]!.remedies[0]!.id);
    await vi.waitFor(() => expect(store.getState().plan.status).toBe('ready'));
    expect(calls.planRepair.at(-1)).toMatchObject({ home: WINDOWS_HOME });
    await store.getState().setHome('D:\\envs\\py36');
    expect(calls.planRepair.at(-1)).toMatchObject({ home: 'D:\\envs\\py36' });
    // Choosing the fix again starts over from the error's folder.
    store.getState().chooseRemedy(run.value.causes[0]!.id, run.value.causes[0]!.remedies[0]!.id);
    await vi.waitFor(() => expect(calls.planRepair.at(-1)).toMatchObject({ home: WINDOWS_HOME }));
  });

  it('sends no folder for an environment that runs here', async () => {
    const { api, calls } = fakeEngine();
    await storeAtFix(api);
    expect(calls.planRepair.at(-1)).not.toHaveProperty('home');
    expect(calls.diagnose.at(-1)).not.toHaveProperty('home');
  });

  it('another environment closes the fix, and a diagnosis of the old one that answers late is dropped', async () => {
    const { api, held } = fakeEngine({ hold: true });
    const store = createDoctorStore(api);
    await store.getState().loadMachine();
    await store.getState().setErrorText(linuxError);
    store.getState().useError();
    await vi.waitFor(() => expect(store.getState().selectedPython).toBe(venv.python));
    const first = store.getState().runDiagnosis();
    expect(store.getState().chooseEnvironment(system.python)).toBe(true);
    expect(store.getState().diagnosis).toEqual({ status: 'idle' });
    held[0]!.resolve(diagnosisFor(venv.python, 1));
    await first;
    expect(store.getState().diagnosis).toEqual({ status: 'idle' });
  });

  it('an error whose environment lookup answers after a newer error does not choose the old environment', async () => {
    const { api } = fakeEngine();
    const late = deferred<{ named: string[]; environment: EnvironmentChoice | null }>();
    const store = createDoctorStore({ ...api, findEnvironmentInError: ({ text }: { text: string }) => (text.includes('venv') ? late.promise : api.findEnvironmentInError({ text })) } as DoctorApi);
    await store.getState().setErrorText(linuxError);
    store.getState().useError();
    await store.getState().setErrorText(windowsError);
    store.getState().useError();
    await vi.waitFor(() => expect(store.getState().selectedPython).toBe(windows.python));
    late.resolve({ named: [], environment: venv });
    await late.promise;
    await Promise.resolve();
    expect(store.getState().selectedPython).toBe(windows.python);
    expect(store.getState().errorEnvironment).toMatchObject({ value: { environment: windows } });
  });

  it('another remedy after a repair asks first; kept, the repair and its way back stay', async () => {
    const { api } = fakeEngine();
    const asked: string[] = [];
    const store = await storeAtFix(api, { confirmLoss: (loss) => (asked.push(loss), false) });
    await store.getState().confirmAndApply();
    const run = store.getState().diagnosis;
    if (run.status !== 'ready') throw new Error('no diagnosis');
    expect(store.getState().chooseRemedy(run.value.causes[0]!.id, run.value.causes[0]!.remedies[0]!.id)).toBe(false);
    expect(asked).toEqual(['repair']);
    expect(store.getState().refusedChange).toBe('repair');
    expect(store.getState().apply.status).toBe('finished');
    expect(reachableSteps(stepFacts(store.getState())).has('verify')).toBe(true);
  });

  it('another environment after a repair, when the user agrees, closes Apply and Verify (planConfirmed is derived, never left behind)', async () => {
    const { api } = fakeEngine();
    const store = await storeAtFix(api, { confirmLoss: () => true });
    await store.getState().confirmAndApply();
    expect(store.getState().chooseEnvironment(system.python)).toBe(true);
    const open = reachableSteps(stepFacts(store.getState()));
    expect(open.has('apply')).toBe(false);
    expect(open.has('verify')).toBe(false);
    expect(store.getState().step).toBe('diagnosis');
    await store.getState().runDiagnosis();
    expect(reachableSteps(stepFacts(store.getState())).has('apply')).toBe(false);
  });

  it('refuses to change an earlier step while a repair runs', async () => {
    const { api } = fakeEngine();
    const running = deferred<RepairOutcome>();
    const store = await storeAtFix({ ...api, applyRepair: () => running.promise } as DoctorApi, { confirmLoss: () => true });
    const applying = store.getState().confirmAndApply();
    expect(store.getState().chooseEnvironment(system.python)).toBe(false);
    expect(store.getState().refusedChange).toBe('running-repair');
    expect(store.getState().selectedPython).toBe(venv.python);
    running.resolve({ status: 'fixed', summary: '', snapshotId: null, actions: [], importWorks: true } as unknown as RepairOutcome);
    await applying;
    expect(store.getState().chooseEnvironment(system.python)).toBe(true);
    expect(store.getState().refusedChange).toBeNull();
  });

  it('previews the report as it will be shared, of the diagnosis of the error given now', async () => {
    const { api } = fakeEngine();
    const store = await storeAtFix(api);
    await store.getState().previewReport();
    expect(store.getState().reportPreview).toMatchObject({ status: 'ready', value: { redacted: true, content: `report of diagnosis-1 for ${linuxError}` } });
    store.getState().setRedactReport(false);
    expect(store.getState().reportPreview).toEqual({ status: 'idle' });
    await store.getState().setErrorText(windowsError);
    store.getState().useError();
    expect(store.getState().reportPreview).toEqual({ status: 'idle' });
  });

  it('a rollback clears the verification made of the repair it undid', async () => {
    const { api } = fakeEngine();
    const store = await storeAtFix(api);
    await store.getState().confirmAndApply();
    await store.getState().runVerification();
    await store.getState().rollback();
    expect(store.getState().verification).toEqual({ status: 'idle' });
    expect(store.getState().apply).toMatchObject({ status: 'finished', rolledBack: { summary: 'Put back.' } });
  });
});
