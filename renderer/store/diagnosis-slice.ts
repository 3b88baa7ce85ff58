import type { StateCreator } from 'zustand';
import type { DoctorApi, RequestOf } from '../../app/contract/contract';
import type { DiagnosisResult } from '../../app/contract/contract';
import type { Diagnosis, DiagnosisPhase } from '../../app/diagnosis/types';
import type { DoctorState } from './doctor-store';
import type { Symptom } from '../wizard/session';
import { failed } from './load-state';
import type { ErrorMessages } from './load-state';
import { contextRequest } from './context-slice';
import { thatMachineHome } from './fix-slice';
import { commitOutput, type ConfirmLoss } from './session-commit';

export const diagnosisPhases: readonly DiagnosisPhase[] = ['discover', 'probe', 'import-test', 'static-analysis', 'rank'];

export type PhaseState = 'waiting' | 'running' | 'done';

export type DiagnosisRun =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly jobId: string; readonly phases: Readonly<Record<DiagnosisPhase, PhaseState>>; readonly fraction: number; readonly message: string }
  | { readonly status: 'ready'; readonly value: DiagnosisResult; readonly python: string }
  | { readonly status: 'failed'; readonly message: string; readonly whatToDo?: string; readonly details?: string; readonly messages?: ErrorMessages };

export interface DiagnosisSlice {
  /**
   * Diagnoses the chosen environment for the symptom; progress arrives as events for its job. A new
   * diagnosis clears the fix, repair, verification and report made from the old one.
   */
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

export function createDiagnosisSlice(api: DoctorApi, newJobId: () => string, confirmLoss: ConfirmLoss): StateCreator<DoctorState, [], [], DiagnosisSlice> {
  return (set, get) => ({
    runDiagnosis: async () => {
      const { symptom, selectedPython } = get();
      if (!selectedPython || symptom.kind === 'none') return;
      const target = diagnosisTarget(symptom, null);
      const jobId = newJobId();
      if (!commitOutput(set, get, confirmLoss, 'environment', { diagnosis: { status: 'running', jobId, phases: waitingPhases, fraction: 0, message: '' } })) return;
      // A change of symptom or environment while this runs makes its answer stale.
      const epoch = get().epochs.diagnosis;
      const current = () => get().epochs.diagnosis === epoch;
      const stop = api.on('progress', (event) => {
        const run = get().diagnosis;
        if (event.jobId !== jobId || run.status !== 'running') return;
        const phase = diagnosisPhases.find((p) => p === event.phase);
        set({ diagnosis: { ...run, phases: phase ? advancePhases(phase) : run.phases, fraction: event.fraction ?? run.fraction, message: event.message } });
      });
      try {
        // A copied environment's folder on its own machine, when known: "how to check" names its python.exe.
        const home = thatMachineHome(get(), selectedPython);
        const value = await api.diagnose({ jobId, python: selectedPython, target, context: contextRequest(get().programContext), ...(home ? { home } : {}) });
        if (current()) set({ diagnosis: { status: 'ready', value, python: selectedPython } });
      } catch (error) {
        if (current()) set({ diagnosis: failed(error) as DiagnosisRun });
      } finally {
        stop();
      }
    },
  });
}
