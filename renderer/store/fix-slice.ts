import type { StateCreator } from 'zustand';
import type { DoctorState } from './doctor-store';
import { verificationForReport } from './verify-slice';

import type { ActionLog, Verification } from '../../app/report/schema';

export interface FixSlice {
  /** The cause and remedy the user chose on the diagnosis step. */
  readonly chosen: { readonly causeId: string; readonly remedyId: string } | null;
  readonly chooseRemedy: (causeId: string, remedyId: string) => void;
  /** What the repair did, for the report. */
  readonly reportActions: () => ActionLog[];
  readonly reportVerification: () => Verification | null;
}

export const createFixSlice: StateCreator<DoctorState, [], [], FixSlice> = (set, get) => ({
  chosen: null,
  chooseRemedy: (causeId, remedyId) => set({ chosen: { causeId, remedyId } }),
  reportActions: () => [],
  reportVerification: () => {
    const run = get().verification;
    return verificationForReport(run.status === 'ready' ? run.value : null);
  },
});
