import { describe, expect, it } from 'vitest';
import type { EnvironmentChoice } from '../../app/api/environment-choice';
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
});
