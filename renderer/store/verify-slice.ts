import type { StateCreator } from 'zustand';
import type { DoctorApi } from '../../app/contract/contract';
import type { DiagnosisResult } from '../../app/contract/contract';
import type { Verification } from '../../app/report/schema';
import type { DoctorState } from './doctor-store';
import { failed, type LoadState } from './load-state';
import { diagnosisTarget } from './diagnosis-slice';

export interface VerifySlice {
  /** The same diagnosis run again after the repair: the import test and the static check. */
  readonly verification: LoadState<DiagnosisResult>;
  readonly runVerification: () => Promise<void>;
}

/** What the report says about the verification: passed only when every module now imports. */
export function verificationForReport(after: DiagnosisResult | null): Verification | null {
  if (!after) return null;
  // The engine's one isFixed, carried with the diagnosis.
  const passed = after.fixed;
  return {
    status: passed ? 'passed' : 'failed',
    detail: passed ? 'Every module imports again, and the static check found no problem.' : `${after.modules.filter((m) => !m.ok).length} module(s) still fail to import.`,
    modules: after.modules.map((m) => ({ module: m.module, ok: m.ok, message: m.message })),
  };
}

export function createVerifySlice(api: DoctorApi, newJobId: () => string): StateCreator<DoctorState, [], [], VerifySlice> {
  return (set, get) => ({
    verification: { status: 'idle' },
    runVerification: async () => {
      const { diagnosis, symptom } = get();
      if (diagnosis.status !== 'ready') return;
      set({ verification: { status: 'loading' } });
      try {
        const value = await api.diagnose({ jobId: newJobId(), python: diagnosis.python, target: diagnosisTarget(symptom, diagnosis.value) });
        set({ verification: { status: 'ready', value } });
      } catch (error) {
        set({ verification: failed(error) });
      }
    },
  });
}
