import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DoctorApi } from '../../app/contract/contract';
import { createApplySlice, type ApplySlice } from './apply-slice';
import { createDiagnosisSlice, type DiagnosisSlice } from './diagnosis-slice';
import { createEnvironmentSlice, type EnvironmentSlice } from './environment-slice';
import { createFixSlice, type FixSlice } from './fix-slice';
import { createGraphSlice, type GraphSlice } from './graph-slice';
import { createMachineSlice, type MachineSlice } from './machine-slice';
import { createReportSlice, type ReportSlice } from './report-slice';
import { createResumeSlice, type ResumeSlice } from './resume-slice';
import { createSymptomSlice, type SymptomSlice } from './symptom-slice';
import { createVerifySlice, type VerifySlice } from './verify-slice';
import { createWizardSlice, type WizardSlice } from './wizard-slice';
import { createContextSlice, type ContextSlice } from './context-slice';

/** The whole wizard state: one store built from typed slices (zustand's slices pattern). */
export type DoctorState = MachineSlice & SymptomSlice & EnvironmentSlice & DiagnosisSlice & FixSlice & ApplySlice & VerifySlice & ReportSlice & ResumeSlice & WizardSlice & GraphSlice & ContextSlice;

export type DoctorStore = StoreApi<DoctorState>;

/**
 * Builds the store around the engine API it calls. Tests pass a fake API and read getState();
 * the app passes the real one from connectToEngine().
 */
export function createDoctorStore(api: DoctorApi, newJobId: () => string = () => crypto.randomUUID()): DoctorStore {
  return createStore<DoctorState>()((...args) => ({
    ...createMachineSlice(api)(...args),
    ...createSymptomSlice(api)(...args),
    ...createEnvironmentSlice(...args),
    ...createDiagnosisSlice(api, newJobId)(...args),
    ...createFixSlice(api)(...args),
    ...createApplySlice(api, newJobId)(...args),
    ...createVerifySlice(api, newJobId)(...args),
    ...createReportSlice(api)(...args),
    ...createResumeSlice(api, newJobId)(...args),
    ...createWizardSlice(...args),
    ...createGraphSlice(api)(...args),
    ...createContextSlice()(...args),
  }));
}
