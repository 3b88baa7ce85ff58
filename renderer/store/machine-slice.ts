import type { StateCreator } from 'zustand';
import type { EnvironmentChoice } from '../../app/contract/environment-choice';
import type { AppInfo, DoctorApi } from '../../app/contract/contract';
import type { DoctorState } from './doctor-store';
import { failed, idle, type LoadState } from './load-state';
import { withEnvironment } from '../wizard/session';
import { commitChange, type ConfirmLoss } from './session-commit';

/** What the app knows about this machine: the app itself and the Python environments on it. */
export interface MachineSlice {
  readonly appInfo: LoadState<AppInfo>;
  readonly environments: LoadState<readonly EnvironmentChoice[]>;
  /** Environments the user added by path, kept across a "look again". */
  readonly addedEnvironments: readonly EnvironmentChoice[];
  readonly addingEnvironment: LoadState<EnvironmentChoice>;
  /** Environments the user removed from the list (until they look again). */
  readonly hiddenEnvironments: readonly string[];
  readonly loadMachine: () => Promise<void>;
  /** Asks the engine which environment the error came from; adds and selects it when it is here. */
  readonly locateFromError: (text: string) => Promise<void>;
  /** Takes an environment off the list (an added one is forgotten, a found one hidden). */
  readonly removeEnvironment: (python: string) => void;
  readonly addEnvironmentByPath: (path: string) => Promise<void>;
  /** Desktop app: the system folder dialog, then the same as adding by path. */
  readonly pickEnvironmentFolder: () => Promise<void>;
}

export function createMachineSlice(api: DoctorApi, confirmLoss: ConfirmLoss): StateCreator<DoctorState, [], [], MachineSlice> {
  return (set, get) => ({
    appInfo: idle,
    environments: idle,
    addedEnvironments: [],
    addingEnvironment: idle,
    hiddenEnvironments: [],
    loadMachine: async () => {
      set({ environments: { status: 'loading' }, hiddenEnvironments: [] });
      const [info, found] = await Promise.allSettled([get().appInfo.status === 'ready' ? Promise.resolve(null) : api.getAppInfo({}), api.listEnvironments({})]);
      if (info.status === 'fulfilled' && info.value) set({ appInfo: { status: 'ready', value: info.value } });
      if (info.status === 'rejected') set({ appInfo: failed(info.reason) });
      set({ environments: found.status === 'fulfilled' ? { status: 'ready', value: found.value } : failed(found.reason) });
    },
    locateFromError: async (text) => {
      // The answer belongs to the symptom of this moment; a newer symptom drops it.
      const epoch = get().epochs.environment;
      const current = () => get().epochs.environment === epoch;
      set({ errorEnvironment: { status: 'loading' } });
      try {
        const found = await api.findEnvironmentInError({ text });
        if (!current()) return;
        set({ errorEnvironment: { status: 'ready', value: found } });
        const choice = found.environment;
        if (!choice) return;
        const listed = get().environments;
        const known = listed.status === 'ready' && listed.value.some((e) => e.python === choice.python);
        if (!known) set({ addedEnvironments: [...get().addedEnvironments.filter((e) => e.python !== choice.python), choice] });
        set({ hiddenEnvironments: get().hiddenEnvironments.filter((p) => p !== choice.python) });
        get().chooseEnvironment(choice.python);
      } catch (error) {
        if (current()) set({ errorEnvironment: failed(error) });
      }
    },
    removeEnvironment: (python) => {
      // The chosen one is unchosen first, which clears its diagnosis (refused while a repair runs on it).
      if (get().selectedPython === python && !commitChange(set, get, confirmLoss, 'environment', (session) => withEnvironment(session, null))) return;
      set({
        addedEnvironments: get().addedEnvironments.filter((e) => e.python !== python),
        hiddenEnvironments: [...get().hiddenEnvironments.filter((p) => p !== python), python],
      });
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
      const epoch = get().epochs.environment;
      set({ addingEnvironment: { status: 'loading' } });
      try {
        const added = await api.addEnvironment({ path: path.trim() });
        set({
          addingEnvironment: { status: 'ready', value: added },
          addedEnvironments: [...get().addedEnvironments.filter((e) => e.python !== added.python), added],
          hiddenEnvironments: get().hiddenEnvironments.filter((p) => p !== added.python),
        });
        // The error names a folder that is not here and asks for it: the one added is its copy
        // (issue 26: the notice stayed after the folder was added). Not for a newer symptom's question.
        const asked = get().errorEnvironment;
        if (added.status !== 'failed' && get().epochs.environment === epoch && asked.status === 'ready' && !asked.value.environment && asked.value.named.length > 0) {
          set({ errorEnvironment: { status: 'ready', value: { ...asked.value, environment: added } } });
        }
        if (added.status !== 'failed') get().chooseEnvironment(added.python);
      } catch (error) {
        set({ addingEnvironment: failed(error) });
      }
    },
  });
}
