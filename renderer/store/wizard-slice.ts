import type { StateCreator } from 'zustand';
import { stepFacts } from '../wizard/session';
import { reachableSteps, type StepId } from '../wizard/wizard-steps';
import type { DoctorState } from './doctor-store';

export interface WizardSlice {
  /** Opens a step if it is reachable now; returns whether it did. */
  readonly goTo: (step: StepId) => boolean;
}

export const createWizardSlice: StateCreator<DoctorState, [], [], WizardSlice> = (set, get) => ({
  goTo: (step) => {
    if (!reachableSteps(stepFacts(get())).has(step)) return false;
    set({ step });
    return true;
  },
});
