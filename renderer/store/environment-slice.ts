import type { StateCreator } from 'zustand';
import type { DoctorState } from './doctor-store';

export interface EnvironmentSlice {
  /** The interpreter of the environment to examine. */
  readonly selectedPython: string | null;
  readonly chooseEnvironment: (python: string) => void;
}

export const createEnvironmentSlice: StateCreator<DoctorState, [], [], EnvironmentSlice> = (set, get) => ({
  selectedPython: null,
  chooseEnvironment: (python) => {
    // A different environment makes the old diagnosis (and everything after it) stale.
    if (get().selectedPython !== python) set({ selectedPython: python, diagnosis: { status: 'idle' }, loadGraphs: {} });
  },
});
