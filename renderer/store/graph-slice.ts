import type { StateCreator } from 'zustand';
import type { LoadGraph } from '../../app/contract/load-graph-types';
import type { DoctorApi } from '../../app/contract/contract';
import type { DoctorState } from './doctor-store';
import { failed, type LoadState } from './load-state';

export interface GraphSlice {
  /** Asks for the whole load graph of a module file (kept in the session's loadGraphs). */
  readonly showLoadGraph: (file: string) => Promise<void>;
}

export function createGraphSlice(api: DoctorApi): StateCreator<DoctorState, [], [], GraphSlice> {
  return (set, get) => ({
    showLoadGraph: async (file) => {
      const run = get().diagnosis;
      if (run.status !== 'ready') return;
      // A graph asked for under an older diagnosis is not shown under the new one.
      const epoch = get().epochs.diagnosis;
      const put = (state: LoadState<LoadGraph | null>) => {
        if (get().epochs.diagnosis === epoch) set({ loadGraphs: { ...get().loadGraphs, [file]: state } });
      };
      put({ status: 'loading' });
      try {
        put({ status: 'ready', value: await api.loadGraph({ diagnosisId: run.value.id, file }) });
      } catch (error) {
        put(failed(error));
      }
    },
  });
}
