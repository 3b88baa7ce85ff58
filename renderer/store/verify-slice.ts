import type { StateCreator } from 'zustand';
import { contextRequest } from './context-slice';
import type { DoctorApi } from '../../app/contract/contract';
import type { DiagnosisResult } from '../../app/contract/contract';
import type { Verification } from '../../app/report/schema';
import type { DoctorState } from './doctor-store';
import { failed, idle, type LoadState } from './load-state';
import { diagnosisTarget } from './diagnosis-slice';

/** A package the repair changed: the version the dry run found before, and the one installed now. */
export interface VersionChange {
  readonly package: string;
  readonly before: string | null;
  /** Read from the environment after the repair; undefined when it could not be read. */
  readonly now: string | null | undefined;
}

export interface VerifySlice {
  /** The same diagnosis run again after the repair: the import test and the static check. */
  readonly verification: LoadState<DiagnosisResult>;
  /** The versions of the packages the plan changed, before and as installed now. */
  readonly versionChanges: LoadState<readonly VersionChange[]>;
  readonly runVerification: () => Promise<void>;
}

/** What the report says about the verification: passed only when every module now imports. */
export function verificationForReport(after: DiagnosisResult | null): Verification | null {
  if (!after) return null;
  // The engine's one isFixed, carried with the diagnosis.
  const passed = after.fixed;
  const failing = after.modules.filter((m) => !m.ok).length;
  return {
    status: passed ? 'passed' : 'failed',
    detail: passed ? 'Every module imports again, and the static check found no problem.' : `${failing} ${failing === 1 ? 'module still fails' : 'modules still fail'} to import.`,
    modules: after.modules.map((m) => ({ module: m.module, ok: m.ok, message: m.message })),
  };
}

export function createVerifySlice(api: DoctorApi, newJobId: () => string): StateCreator<DoctorState, [], [], VerifySlice> {
  /** The installed version of each changed package, as the package manager reports it now. */
  const readVersions = async (python: string, manager: 'pip' | 'conda', changes: readonly { package: string; from: string | null }[]): Promise<VersionChange[]> =>
    Promise.all(
      changes.map(async (change) => {
        try {
          const offers = await api.listVersionOffers({ python, package: change.package, manager, knownGood: null });
          return { package: change.package, before: change.from, now: offers.versions.find((v) => v.installed)?.version ?? undefined };
        } catch {
          return { package: change.package, before: change.from, now: undefined };
        }
      }),
    );
  return (set, get) => ({
    verification: { status: 'idle' },
    versionChanges: idle,
    runVerification: async () => {
      const { diagnosis, symptom, plan, apply } = get();
      if (diagnosis.status !== 'ready') return;
      set({ verification: { status: 'loading' } });
      const changed = plan.status === 'ready' && apply.status === 'finished' && plan.value.manager !== 'files' ? plan.value : null;
      if (changed) {
        set({ versionChanges: { status: 'loading' } });
        void readVersions(diagnosis.python, changed.manager === 'conda' ? 'conda' : 'pip', changed.changes).then((value) => set({ versionChanges: { status: 'ready', value } }));
      }
      try {
        // In the program's context when one was given: "fixed" is decided for the situation the user has.
        const value = await api.diagnose({ jobId: newJobId(), python: diagnosis.python, target: diagnosisTarget(symptom, diagnosis.value), context: contextRequest(get().programContext) });
        set({ verification: { status: 'ready', value } });
      } catch (error) {
        set({ verification: failed(error) });
      }
    },
  });
}
