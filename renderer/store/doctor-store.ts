import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DoctorApi } from '../../app/contract/contract';
import { initialSession, type Session } from '../wizard/session';
import { createApplySlice, type ApplySlice } from './apply-slice';
import { createDiagnosisSlice, type DiagnosisSlice } from './diagnosis-slice';
import { createEnvironmentSlice, type EnvironmentSlice } from './environment-slice';
import { createFixSlice, type FixSlice } from './fix-slice';
import { createGraphSlice, type GraphSlice } from './graph-slice';
import { createMachineSlice, type MachineSlice } from './machine-slice';
import { createReportSlice, type ReportSlice } from './report-slice';
import { createResumeSlice, type ResumeSlice } from './resume-slice';
import type { ConfirmLoss, RefusedChange } from './session-commit';
import { createSymptomSlice, type SymptomSlice } from './symptom-slice';
import { createVerifySlice, type VerifySlice } from './verify-slice';
import { createWizardSlice, type WizardSlice } from './wizard-slice';
import { createContextSlice, type ContextSlice } from './context-slice';

/**
 * The whole wizard state: the session (every step's output, one model in wizard/session.ts) and
 * the typed slices that hold the moves and what the machine offers (zustand's slices pattern).
 */
export type DoctorState = Session & RefusedChange & MachineSlice & SymptomSlice & EnvironmentSlice & DiagnosisSlice & FixSlice & ApplySlice & VerifySlice & ReportSlice & ResumeSlice & WizardSlice & GraphSlice & ContextSlice;

export type DoctorStore = StoreApi<DoctorState>;

export interface StoreOptions {
  readonly newJobId?: () => string;
  /** Asked before a change forgets a repair that can still be rolled back; without it such changes are refused. */
  readonly confirmLoss?: ConfirmLoss;
}

/**
 * Builds the store around the engine API it calls. Tests pass a fake API and read getState();
 * the app passes the real one from connectToEngine().
 */
export function createDoctorStore(api: DoctorApi, options: StoreOptions = {}): DoctorStore {
  const newJobId = options.newJobId ?? (() => crypto.randomUUID());
  const confirmLoss = options.confirmLoss ?? (() => false);
  return createStore<DoctorState>()((...args) => ({
    ...initialSession(),
    refusedChange: null,
    ...createMachineSlice(api, confirmLoss)(...args),
    ...createSymptomSlice(api, confirmLoss)(...args),
    ...createEnvironmentSlice(confirmLoss)(...args),
    ...createDiagnosisSlice(api, newJobId, confirmLoss)(...args),
    ...createFixSlice(api, confirmLoss)(...args),
    ...createApplySlice(api, newJobId, confirmLoss)(...args),
    ...createVerifySlice(api, newJobId, confirmLoss)(...args),
    ...createReportSlice(api)(...args),
    ...createResumeSlice(api, newJobId)(...args),
    ...createWizardSlice(...args),
    ...createGraphSlice(api)(...args),
    ...createContextSlice()(...args),
  }));
}
