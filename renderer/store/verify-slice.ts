import type { StateCreator } from 'zustand';
import { contextRequest } from './context-slice';
import type { DoctorApi } from '../../app/contract/contract';
import type { DoctorState } from './doctor-store';
import { failed, idle } from './load-state';
import { diagnosisTarget } from './diagnosis-slice';
import { commitOutput, type ConfirmLoss } from './session-commit';

/** A package the repair changed: the version the dry run found before, and the one installed now. */
export interface VersionChange {
  readonly package: string;
  readonly before: string | null;
  /** Read from the environment after the repair; undefined when it could not be read. */
  readonly now: string | null | undefined;
}

/**
 * The verify step's move. Its outputs live in the session: `verification` (the same diagnosis run
 * again after the repair) and `versionChanges` (the packages the plan changed, before and now).
 */
export interface VerifySlice {
  readonly runVerification: () => Promise<void>;
}

export function createVerifySlice(api: DoctorApi, newJobId: () => string, confirmLoss: ConfirmLoss): StateCreator<DoctorState, [], [], VerifySlice> {
  /** The installed version of each changed package, read from the environment's own records (never the index). */
  const readVersions = async (python: string, changes: readonly { package: string; from: string | null }[]): Promise<VersionChange[]> => {
    try {
      const now = await api.installedVersions({ python, packages: changes.map((c) => c.package) });
      return changes.map((change, i) => ({ package: change.package, before: change.from, now: now[i]?.version ?? null }));
    } catch {
      return changes.map((change) => ({ package: change.package, before: change.from, now: undefined }));
    }
  };
  return (set, get) => ({
    runVerification: async () => {
      const { diagnosis, symptom, plan, apply } = get();
      if (diagnosis.status !== 'ready') return;
      const changed = plan.status === 'ready' && apply.status === 'finished' && plan.value.manager !== 'files' ? plan.value : null;
      if (!commitOutput(set, get, confirmLoss, 'apply', { verification: { status: 'loading' }, versionChanges: changed ? { status: 'loading' } : idle })) return;
      const epoch = get().epochs.verify;
      const current = () => get().epochs.verify === epoch;
      if (changed) {
        void readVersions(diagnosis.python, changed.changes).then((value) => {
          if (current()) set({ versionChanges: { status: 'ready', value } });
        });
      }
      try {
        // In the program's context when one was given: "fixed" is decided for the situation the user has.
        const value = await api.diagnose({ jobId: newJobId(), python: diagnosis.python, target: diagnosisTarget(symptom, diagnosis.value), context: contextRequest(get().programContext) });
        if (current()) set({ verification: { status: 'ready', value } });
      } catch (error) {
        if (current()) set({ verification: failed(error) });
      }
    },
  });
}
