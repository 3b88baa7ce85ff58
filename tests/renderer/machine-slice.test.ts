import { describe, expect, it, vi } from 'vitest';
import { parseErrorText } from '../../app/diagnosis/error-text/error-text';
import type { EnvironmentChoice } from '../../app/contract/environment-choice';
import type { AppInfo, DoctorApi } from '../../app/contract/contract';
import { EngineError } from '../../renderer/api/client';
import { createDoctorStore } from '../../renderer/store/doctor-store';

const info: AppInfo = { name: 'Python DLL Doctor', version: '0.1.0', platform: 'linux', arch: 'x64', host: 'browser' };
const system: EnvironmentChoice = { python: '/usr/bin/python3', prefix: '/usr', label: 'CPython 3.11.2', version: '3.11.2', architecture: '64-bit', kind: 'interpreter', sources: ['PATH as python3'], status: 'ok' };

function fakeApi(overrides: Partial<Record<keyof DoctorApi, unknown>>): DoctorApi {
  return { getAppInfo: async () => info, listEnvironments: async () => [], on: () => () => undefined, ...overrides } as DoctorApi;
}

describe('machine slice', () => {
  it('loads the app info and the environments', async () => {
    const store = createDoctorStore(fakeApi({ listEnvironments: async () => [system] }));
    const loading = store.getState().loadMachine();
    expect(store.getState().environments.status).toBe('loading');
    await loading;
    expect(store.getState().appInfo).toEqual({ status: 'ready', value: info });
    expect(store.getState().environments).toEqual({ status: 'ready', value: [system] });
  });

  it('keeps the engine advice when a load fails', async () => {
    const store = createDoctorStore(fakeApi({ listEnvironments: async () => { throw new EngineError({ code: 'x', message: 'PATH unreadable.', whatToDo: 'Check PATH.' }); } }));
    await store.getState().loadMachine();
    expect(store.getState().environments).toMatchObject({ status: 'failed', message: 'PATH unreadable.', whatToDo: 'Check PATH.' });
    expect(store.getState().appInfo.status).toBe('ready');
  });

  it('adds an environment by path, keeps it across a reload, and chooses it', async () => {
    const windows: EnvironmentChoice = { ...system, python: '/mnt/win/Python36/python.exe', label: 'Windows Python 3.6', status: 'offline', sources: ['added by you'] };
    const store = createDoctorStore(fakeApi({ listEnvironments: async () => [system], addEnvironment: async () => windows }));
    await store.getState().addEnvironmentByPath(' /mnt/win/Python36 ');
    await store.getState().loadMachine();
    expect(store.getState().addedEnvironments).toEqual([windows]);
    expect(store.getState().selectedPython).toBe(windows.python);
  });

  it('says why an environment could not be added', async () => {
    const store = createDoctorStore(fakeApi({ addEnvironment: async () => { throw new EngineError({ code: 'not-found', message: 'Nothing exists at /nope.', whatToDo: 'Check the path.' }); } }));
    await store.getState().addEnvironmentByPath('/nope');
    expect(store.getState().addingEnvironment).toMatchObject({ status: 'failed', whatToDo: 'Check the path.' });
    expect(store.getState().selectedPython).toBeNull();
  });

  it('adds and selects the environment the pasted error names, when the error is taken', async () => {
    const venv: EnvironmentChoice = { ...system, python: '/home/a/venv/bin/python3', prefix: '/home/a/venv', kind: 'venv', sources: ['Named in the error'] };
    const asked: string[] = [];
    const store = createDoctorStore(
      fakeApi({
        listEnvironments: async () => [system],
        parseError: async () => parseErrorText('ImportError: /home/a/venv/lib/python3.11/site-packages/x/_c.so: undefined symbol: f'),
        findEnvironmentInError: async ({ text }: { text: string }) => {
          asked.push(text);
          return { named: ['/home/a/venv'], environment: venv };
        },
      }),
    );
    await store.getState().loadMachine();
    await store.getState().setErrorText('ImportError: /home/a/venv/lib/python3.11/site-packages/x/_c.so: undefined symbol: f');
    store.getState().useError();
    await vi.waitFor(() => expect(store.getState().selectedPython).toBe(venv.python));
    expect(store.getState().addedEnvironments).toEqual([venv]);
    expect(asked).toHaveLength(1);
  });

  it('says which folder the error names when it is not on this computer, and selects nothing', async () => {
    const store = createDoctorStore(fakeApi({ findEnvironmentInError: async () => ({ named: ['C:\\Users\\Ann\\Anaconda3'], environment: null }) }));
    await store.getState().locateFromError('File "C:\\Users\\Ann\\Anaconda3\\lib\\site-packages\\PIL\\Image.py"');
    expect(store.getState().errorEnvironment).toEqual({ status: 'ready', value: { named: ['C:\\Users\\Ann\\Anaconda3'], environment: null } });
    expect(store.getState().selectedPython).toBeNull();
  });

  it('takes a folder added while the error asks for one not on this computer as the one the error names, so the question is answered', async () => {
    const copy: EnvironmentChoice = { ...system, python: '/mnt/copy/Python36/python.exe', prefix: '/mnt/copy/Python36', label: 'Windows Python 3.6.0', status: 'offline', sources: ['Added by you'] };
    const named = { named: ['C:\\Users\\Ann\\Python36'], environment: null, windowsFolder: 'C:\\Users\\Ann\\Python36' };
    const store = createDoctorStore(fakeApi({ findEnvironmentInError: async () => named, addEnvironment: async () => copy }));
    await store.getState().locateFromError('File "C:\\Users\\Ann\\Python36\\Lib\\site-packages\\PIL\\Image.py"');
    await store.getState().addEnvironmentByPath('/mnt/copy/Python36');
    // The folder on that machine stays what the error says: the Fix step's commands use it.
    expect(store.getState().errorEnvironment).toEqual({ status: 'ready', value: { ...named, environment: copy } });
    expect(store.getState().selectedPython).toBe(copy.python);
  });

  it('does not take an added folder as the named one when it cannot run, or when nothing was asked', async () => {
    const broken: EnvironmentChoice = { ...system, python: '/opt/py2/bin/python', prefix: '/opt/py2', status: 'failed' };
    const asking = createDoctorStore(fakeApi({ findEnvironmentInError: async () => ({ named: ['C:\\Py36'], environment: null }), addEnvironment: async () => broken }));
    await asking.getState().locateFromError('File "C:\\Py36\\Lib\\site-packages\\x.py"');
    await asking.getState().addEnvironmentByPath('/opt/py2');
    expect(asking.getState().errorEnvironment).toEqual({ status: 'ready', value: { named: ['C:\\Py36'], environment: null } });
    const quiet = createDoctorStore(fakeApi({ addEnvironment: async () => system }));
    await quiet.getState().addEnvironmentByPath('/usr');
    expect(quiet.getState().errorEnvironment).toEqual({ status: 'idle' });
  });

  it('removes an environment from the list, unselecting it, until the user looks again', async () => {
    const store = createDoctorStore(fakeApi({ listEnvironments: async () => [system] }));
    await store.getState().loadMachine();
    store.getState().chooseEnvironment(system.python);
    store.getState().removeEnvironment(system.python);
    expect(store.getState().hiddenEnvironments).toEqual([system.python]);
    expect(store.getState().selectedPython).toBeNull();
    await store.getState().loadMachine();
    expect(store.getState().hiddenEnvironments).toEqual([]);
  });

  it('keeps only the end of a pasted log that is too long, and remembers how long it was', async () => {
    const store = createDoctorStore(fakeApi({ parseError: async ({ text }: { text: string }) => parseErrorText(text) }));
    const log = `${'noise\n'.repeat(60_000)}ImportError: DLL load failed: The specified module could not be found.`;
    await store.getState().setErrorText(log);
    expect(store.getState().errorText.length).toBeLessThanOrEqual(256 * 1024);
    expect(store.getState().errorTextCutFrom).toBe(log.length);
    expect(store.getState().recognition).toMatchObject({ status: 'read', parsed: { failureClass: 'module-not-found' } });
  });
});
