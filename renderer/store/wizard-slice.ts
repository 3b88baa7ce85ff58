import type { StateCreator } from 'zustand';
import { reachableSteps, type StepFacts, type StepId } from '../wizard/wizard-steps';
import type { DoctorState } from './doctor-store';

export interface WizardSlice {
  readonly step: StepId;
  /** Opens a step if it is reachable now; returns whether it did. */
  readonly goTo: (step: StepId) => boolean;
}

/** The facts that decide which steps are open, read from the other slices. */
export function selectStepFacts(state: DoctorState): StepFacts {
  return {
    symptomGiven: state.symptom.kind !== 'none',
    environmentChosen: state.selectedPython !== null,
    diagnosisDone: state.diagnosis.status === 'ready',
    hasAutomaticRemedy: state.diagnosis.status === 'ready' && state.diagnosis.value.causes.some((c) => c.remedies.some((r) => r.automatic)),
    planConfirmed: state.planConfirmed,
    repairFinished: state.apply.status === 'finished' || state.apply.status === 'failed',
  };
}

export const createWizardSlice: StateCreator<DoctorState, [], [], WizardSlice> = (set, get) => ({
  step: 'symptom',
  goTo: (step) => {
    if (!reachableSteps(selectStepFacts(get())).has(step)) return false;
    set({ step });
    return true;
  },
});
