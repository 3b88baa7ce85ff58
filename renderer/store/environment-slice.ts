import type { StateCreator } from 'zustand';
import { withEnvironment } from '../wizard/session';
import type { DoctorState } from './doctor-store';
import { commitChange, type ConfirmLoss } from './session-commit';

export interface EnvironmentSlice {
  /** Chooses the environment to examine; another one clears the diagnosis and all after it. Returns whether it was chosen. */
  readonly chooseEnvironment: (python: string) => boolean;
}

export function createEnvironmentSlice(confirmLoss: ConfirmLoss): StateCreator<DoctorState, [], [], EnvironmentSlice> {
  return (set, get) => ({
    chooseEnvironment: (python) => commitChange(set, get, confirmLoss, 'environment', (session) => withEnvironment(session, python)),
  });
}
