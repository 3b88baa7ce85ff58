import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DoctorApi } from '../../app/contract/contract';
import { createMachineSlice, type MachineSlice } from './machine-slice';
import { createSymptomSlice, type SymptomSlice } from './symptom-slice';
import { createWizardSlice, type WizardSlice } from './wizard-slice';

/** The whole wizard state: one store built from typed slices (zustand's slices pattern). */
export type DoctorState = MachineSlice & SymptomSlice & WizardSlice;

export type DoctorStore = StoreApi<DoctorState>;

/**
 * Builds the store around the engine API it calls. Tests pass a fake API and read getState();
 * the app passes the real one from connectToEngine().
 */
export function createDoctorStore(api: DoctorApi): DoctorStore {
  return createStore<DoctorState>()((...args) => ({
    ...createMachineSlice(api)(...args),
    ...createSymptomSlice(api)(...args),
    ...createWizardSlice(...args),
  }));
}
