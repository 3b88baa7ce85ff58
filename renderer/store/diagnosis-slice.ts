import type { StateCreator } from 'zustand';
import type { DoctorApi, RequestOf } from '../../app/contract/contract';
import type { DiagnosisResult } from '../../app/contract/contract';
import type { Diagnosis, DiagnosisPhase } from '../../app/diagnosis/types';
import type { DoctorState } from './doctor-store';
import type { Symptom } from './symptom-slice';
import { failed } from './load-state';
import { contextRequest } from './context-slice';

export const diagnosisPhases: readonly DiagnosisPhase[] = ['discover', 'probe', 'import-test', 'static-analysis', 'rank'];

export type PhaseState = 'waiting' | 'running' | 'done';

export type DiagnosisRun =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly jobId: string; readonly phases: Readonly<Record<DiagnosisPhase, PhaseState>>; readonly fraction: number; readonly message: string }
  | { readonly status: 'ready'; readonly value: DiagnosisResult; readonly python: string }
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

/**
 * What to diagnose for a symptom. After a first diagnosis, the module it settled on (PIL._imaging
 * for a pasted "_imaging") is the target, so a re-run checks exactly the same thing.
 */
export function diagnosisTarget(symptom: Symptom, previous: Diagnosis | null): RequestOf<'diagnose'>['target'] {
  if (previous?.target.kind === 'environment' || symptom.kind === 'all') return { kind: 'environment' };
  const settled = previous?.modules[0]?.module;
  if (settled && /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(settled)) return { kind: 'module', module: settled };
  if (symptom.kind === 'error') return symptom.parsed.module ? { kind: 'module', module: symptom.parsed.module } : { kind: 'error-text', text: symptom.text };
  return { kind: 'environment' };
}

export function createDiagnosisSlice(api: DoctorApi, newJobId: () => string): StateCreator<DoctorState, [], [], DiagnosisSlice> {
  return (set, get) => ({
    diagnosis: { status: 'idle' },
    runDiagnosis: async () => {
      const { symptom, selectedPython } = get();
      if (!selectedPython || symptom.kind === 'none') return;
      set({ verification: { status: 'idle' } });
      const target = diagnosisTarget(symptom, null);
      const jobId = newJobId();
      set({ diagnosis: { status: 'running', jobId, phases: waitingPhases, fraction: 0, message: '' }, loadGraphs: {} });
      const stop = api.on('progress', (event) => {
        const run = get().diagnosis;
        if (event.jobId !== jobId || run.status !== 'running') return;
        const phase = diagnosisPhases.find((p) => p === event.phase);
        set({ diagnosis: { ...run, phases: phase ? advancePhases(phase) : run.phases, fraction: event.fraction ?? run.fraction, message: event.message } });
      });
      try {
        const value = await api.diagnose({ jobId, python: selectedPython, target, context: contextRequest(get().programContext) });
        set({ diagnosis: { status: 'ready', value, python: selectedPython } });
      } catch (error) {
        set({ diagnosis: failed(error) as DiagnosisRun });
      } finally {
        stop();
      }
    },
  });
}
