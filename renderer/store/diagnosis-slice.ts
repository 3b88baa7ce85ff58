import type { StateCreator } from 'zustand';
import type { DoctorApi, RequestOf } from '../../app/contract/contract';
import type { Diagnosis, DiagnosisPhase } from '../../app/diagnosis/types';
import type { DoctorState } from './doctor-store';
import { failed } from './load-state';

export const diagnosisPhases: readonly DiagnosisPhase[] = ['discover', 'probe', 'import-test', 'static-analysis', 'rank'];

export type PhaseState = 'waiting' | 'running' | 'done';

export type DiagnosisRun =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly jobId: string; readonly phases: Readonly<Record<DiagnosisPhase, PhaseState>>; readonly fraction: number; readonly message: string }
  | { readonly status: 'ready'; readonly value: Diagnosis; readonly python: string }
  | { readonly status: 'failed'; readonly message: string; readonly whatToDo?: string; readonly details?: string };

export interface DiagnosisSlice {
  readonly diagnosis: DiagnosisRun;
  /** Diagnoses the chosen environment for the symptom; progress arrives as events for its job. */
  readonly runDiagnosis: () => Promise<void>;
}

const waitingPhases = Object.fromEntries(diagnosisPhases.map((p) => [p, 'waiting'])) as Record<DiagnosisPhase, PhaseState>;

/** The phase states after `phase` reported progress: earlier phases are done, this one runs. */
export function advancePhases(phase: DiagnosisPhase): Record<DiagnosisPhase, PhaseState> {
  const at = diagnosisPhases.indexOf(phase);
  return Object.fromEntries(diagnosisPhases.map((p, i) => [p, i < at ? 'done' : i === at ? 'running' : 'waiting'])) as Record<DiagnosisPhase, PhaseState>;
}

export function createDiagnosisSlice(api: DoctorApi, newJobId: () => string): StateCreator<DoctorState, [], [], DiagnosisSlice> {
  return (set, get) => ({
    diagnosis: { status: 'idle' },
    runDiagnosis: async () => {
      const { symptom, selectedPython } = get();
      if (!selectedPython || symptom.kind === 'none') return;
      const target: RequestOf<'diagnose'>['target'] =
        symptom.kind === 'all' ? { kind: 'environment' } : symptom.parsed.module ? { kind: 'module', module: symptom.parsed.module } : { kind: 'error-text', text: symptom.text };
      const jobId = newJobId();
      set({ diagnosis: { status: 'running', jobId, phases: waitingPhases, fraction: 0, message: 'Starting' } });
      const stop = api.on('progress', (event) => {
        const run = get().diagnosis;
        if (event.jobId !== jobId || run.status !== 'running') return;
        const phase = diagnosisPhases.find((p) => p === event.phase);
        set({ diagnosis: { ...run, phases: phase ? advancePhases(phase) : run.phases, fraction: event.fraction ?? run.fraction, message: event.message } });
      });
      try {
        const value = await api.diagnose({ jobId, python: selectedPython, target });
        set({ diagnosis: { status: 'ready', value, python: selectedPython } });
      } catch (error) {
        set({ diagnosis: failed(error) as DiagnosisRun });
      } finally {
        stop();
      }
    },
  });
}
