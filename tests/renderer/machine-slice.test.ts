import { describe, expect, it } from 'vitest';
import type { AppInfo, DoctorApi } from '../../app/contract/contract';
import { EngineError } from '../../renderer/api/client';
import { createDoctorStore } from '../../renderer/store/doctor-store';

const info: AppInfo = { name: 'Python DLL Doctor', version: '0.1.0', platform: 'linux', arch: 'x64', host: 'browser' };

function fakeApi(overrides: Partial<Record<keyof DoctorApi, unknown>>): DoctorApi {
  return { getAppInfo: async () => info, listInterpreters: async () => [], on: () => () => undefined, ...overrides } as DoctorApi;
}

describe('machine slice', () => {
  it('loads the app info and the interpreters', async () => {
    const interpreter = { path: '/usr/bin/python3', realPath: '/usr/bin/python3.11', names: ['python3'], status: 'ok', version: '3.11.2', implementation: 'CPython', bits: 64 };
    const store = createDoctorStore(fakeApi({ listInterpreters: async () => [interpreter] }));
    const loading = store.getState().loadMachine();
    expect(store.getState().interpreters.status).toBe('loading');
    await loading;
    expect(store.getState().appInfo).toEqual({ status: 'ready', value: info });
    expect(store.getState().interpreters).toEqual({ status: 'ready', value: [interpreter] });
  });

  it('keeps the engine advice when a load fails', async () => {
    const store = createDoctorStore(fakeApi({ listInterpreters: async () => { throw new EngineError({ code: 'x', message: 'PATH unreadable.', whatToDo: 'Check PATH.' }); } }));
    await store.getState().loadMachine();
    expect(store.getState().interpreters).toMatchObject({ status: 'failed', message: 'PATH unreadable.', whatToDo: 'Check PATH.' });
    expect(store.getState().appInfo.status).toBe('ready');
  });
});
