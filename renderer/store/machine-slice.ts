import type { StateCreator } from 'zustand';
import type { DoctorState } from './doctor-store';
import type { AppInfo, DoctorApi } from '../../app/contract/contract';
import type { PathInterpreter } from '../../app/interpreters/types';
import { failed, idle, type LoadState } from './load-state';

/** What the app knows about this machine: the app itself and the Pythons on PATH. */
export interface MachineSlice {
  readonly appInfo: LoadState<AppInfo>;
  readonly interpreters: LoadState<readonly PathInterpreter[]>;
  readonly loadMachine: () => Promise<void>;
}

export function createMachineSlice(api: DoctorApi): StateCreator<DoctorState, [], [], MachineSlice> {
  return (set) => ({
    appInfo: idle,
    interpreters: idle,
    loadMachine: async () => {
      set({ appInfo: { status: 'loading' }, interpreters: { status: 'loading' } });
      const [info, found] = await Promise.allSettled([api.getAppInfo({}), api.listInterpreters({})]);
      set({
        appInfo: info.status === 'fulfilled' ? { status: 'ready', value: info.value } : failed(info.reason),
        interpreters: found.status === 'fulfilled' ? { status: 'ready', value: found.value } : failed(found.reason),
      });
    },
  });
}
