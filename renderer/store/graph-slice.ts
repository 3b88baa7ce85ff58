import type { StateCreator } from 'zustand';
import type { LoadGraph } from '../../app/contract/load-graph-types';
import type { DoctorApi } from '../../app/contract/contract';
import type { DoctorState } from './doctor-store';
import { failed, type LoadState } from './load-state';

export interface GraphSlice {
  /** The whole load graph of a module file, asked for from its dependency tree; null where there is none. */
  readonly loadGraphs: Readonly<Record<string, LoadState<LoadGraph | null>>>;
  readonly showLoadGraph: (file: string) => Promise<void>;
}

export function createGraphSlice(api: DoctorApi): StateCreator<DoctorState, [], [], GraphSlice> {
  return (set, get) => ({
    loadGraphs: {},
    showLoadGraph: async (file) => {
      const run = get().diagnosis;
      if (run.status !== 'ready') return;
      set({ loadGraphs: { ...get().loadGraphs, [file]: { status: 'loading' } } });
      try {
        const graph = await api.loadGraph({ python: run.python, file });
        set({ loadGraphs: { ...get().loadGraphs, [file]: { status: 'ready', value: graph } } });
      } catch (error) {
        set({ loadGraphs: { ...get().loadGraphs, [file]: failed(error) } });
      }
    },
  });
}
