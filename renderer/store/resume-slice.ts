import type { StateCreator } from 'zustand';
import type { DoctorApi } from '../../app/contract/contract';
import type { RepairOutcome, UnfinishedRepair } from '../../app/repair/types';
import type { DoctorState } from './doctor-store';
import { failed, idle, type LoadState } from './load-state';

/** Repairs that were under way when the app last stopped, offered again at start. */
export interface ResumeSlice {
  readonly unfinished: readonly UnfinishedRepair[];
  readonly resumeRollback: LoadState<RepairOutcome>;
  readonly loadUnfinished: () => Promise<void>;
  /** Opens the interrupted environment in the wizard to check it. */
  readonly checkUnfinished: (repair: UnfinishedRepair) => void;
  readonly rollbackUnfinished: (repair: UnfinishedRepair) => Promise<void>;
  readonly dismissUnfinished: (repair: UnfinishedRepair) => void;
}

export function createResumeSlice(api: DoctorApi, newJobId: () => string): StateCreator<DoctorState, [], [], ResumeSlice> {
  const without = (list: readonly UnfinishedRepair[], repair: UnfinishedRepair) => list.filter((r) => r !== repair);
  return (set, get) => ({
    unfinished: [],
    resumeRollback: idle,
    loadUnfinished: async () => {
      try {
        set({ unfinished: await api.findUnfinishedRepairs({}) });
      } catch {
        // Not knowing about an old repair must not stop the wizard from starting.
      }
    },
    checkUnfinished: (repair) => {
      get().checkAllEnvironments();
      get().chooseEnvironment(repair.python);
      set({ unfinished: without(get().unfinished, repair) });
      get().goTo('diagnosis');
    },
    rollbackUnfinished: async (repair) => {
      if (!repair.snapshotId) return;
      set({ resumeRollback: { status: 'loading' } });
      try {
        const outcome = await api.rollbackRepair({ jobId: newJobId(), python: repair.python, snapshotId: repair.snapshotId });
        set({ resumeRollback: { status: 'ready', value: outcome }, unfinished: without(get().unfinished, repair) });
      } catch (error) {
        set({ resumeRollback: failed(error) });
      }
    },
    dismissUnfinished: (repair) => set({ unfinished: without(get().unfinished, repair) }),
  });
}
