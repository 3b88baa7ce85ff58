import type { StateCreator } from 'zustand';
import type { EnvironmentChoice } from '../../app/api/environment-choice';
import type { AppInfo, DoctorApi } from '../../app/contract/contract';
import type { DoctorState } from './doctor-store';
import { failed, idle, type LoadState } from './load-state';

/** What the app knows about this machine: the app itself and the Python environments on it. */
export interface MachineSlice {
  readonly appInfo: LoadState<AppInfo>;
  readonly environments: LoadState<readonly EnvironmentChoice[]>;
  /** Environments the user added by path, kept across a "look again". */
  readonly addedEnvironments: readonly EnvironmentChoice[];
  readonly addingEnvironment: LoadState<EnvironmentChoice>;
  readonly loadMachine: () => Promise<void>;
  readonly addEnvironmentByPath: (path: string) => Promise<void>;
  /** Desktop app: the system folder dialog, then the same as adding by path. */
  readonly pickEnvironmentFolder: () => Promise<void>;
}

export function createMachineSlice(api: DoctorApi): StateCreator<DoctorState, [], [], MachineSlice> {
  return (set, get) => ({
    appInfo: idle,
    environments: idle,
    addedEnvironments: [],
    addingEnvironment: idle,
    loadMachine: async () => {
      set({ environments: { status: 'loading' } });
      const [info, found] = await Promise.allSettled([get().appInfo.status === 'ready' ? Promise.resolve(null) : api.getAppInfo({}), api.listEnvironments({})]);
      if (info.status === 'fulfilled' && info.value) set({ appInfo: { status: 'ready', value: info.value } });
      if (info.status === 'rejected') set({ appInfo: failed(info.reason) });
      set({ environments: found.status === 'fulfilled' ? { status: 'ready', value: found.value } : failed(found.reason) });
    },
    pickEnvironmentFolder: async () => {
      try {
        const folder = await api.pickFolder({});
        if (folder) await get().addEnvironmentByPath(folder);
      } catch (error) {
        set({ addingEnvironment: failed(error) });
      }
    },
    addEnvironmentByPath: async (path) => {
      set({ addingEnvironment: { status: 'loading' } });
      try {
        const added = await api.addEnvironment({ path: path.trim() });
        set({
          addingEnvironment: { status: 'ready', value: added },
          addedEnvironments: [...get().addedEnvironments.filter((e) => e.python !== added.python), added],
        });
        if (added.status !== 'failed') get().chooseEnvironment(added.python);
      } catch (error) {
        set({ addingEnvironment: failed(error) });
      }
    },
  });
}
