import type { StateCreator } from 'zustand';
import type { DoctorApi } from '../../app/contract/contract';
import type { Cause, Remedy } from '../../app/diagnosis/types';
import type { RepairPlan, VersionOffers } from '../../app/repair/types';
import type { ActionLog, Verification } from '../../app/report/schema';
import type { DoctorState } from './doctor-store';
import { failed, idle, type LoadState } from './load-state';
import { verificationForReport } from './verify-slice';

export interface FixSlice {
  /** The cause and remedy the user chose on the diagnosis step. */
  readonly chosen: { readonly cause: Cause; readonly remedy: Remedy } | null;
  readonly manager: 'pip' | 'conda';
  readonly offers: LoadState<VersionOffers>;
  readonly version: string | null;
  /** Dependents the user keeps ticked for reinstalling; null until they untick one (then: all of them). */
  readonly reinstall: readonly string[] | null;
  readonly plan: LoadState<RepairPlan>;
  readonly chooseRemedy: (causeId: string, remedyId: string) => void;
  readonly setManager: (manager: 'pip' | 'conda') => Promise<void>;
  readonly setVersion: (version: string) => Promise<void>;
  readonly toggleReinstall: (name: string) => Promise<void>;
  /** What the repair did, for the report. */
  readonly reportActions: () => ActionLog[];
  readonly reportVerification: () => Verification | null;
}

/** The package and version a remedy installs, when it installs one; the version picker edits these. */
export function remedyTarget(remedy: Remedy): { package: string; version: string | null } | null {
  switch (remedy.kind) {
    case 'pip-install-version':
    case 'conda-install-version':
      return { package: remedy.package, version: remedy.version };
    case 'pip-force-reinstall':
    case 'conda-force-reinstall':
    case 'switch-manager':
      return { package: remedy.package, version: remedy.version };
    default:
      return null;
  }
}

/**
 * Whether the diagnosed environment was examined from its files (a copied Windows folder): its
 * Python cannot run here, so nothing can list its installable versions; the plan says what to run there.
 */
export function diagnosedOffline(state: DoctorState): boolean {
  if (state.diagnosis.status !== 'ready') return false;
  const python = state.diagnosis.python;
  const fromError = state.errorEnvironment.status === 'ready' ? state.errorEnvironment.value.environment : null;
  const known = [...(state.environments.status === 'ready' ? state.environments.value : []), ...state.addedEnvironments, ...(fromError ? [fromError] : [])];
  return known.some((e) => e.python === python && e.status === 'offline');
}

/** The manager a remedy uses unless the user picks the other: the one that installed the package. */
export function defaultManager(remedy: Remedy): 'pip' | 'conda' {
  if (remedy.kind === 'switch-manager') return remedy.to === 'conda' ? 'conda' : 'pip';
  if (remedy.kind === 'reinstall-dependents') return remedy.manager === 'conda' ? 'conda' : 'pip';
  if (remedy.kind === 'remove-duplicate') return remedy.keep === 'conda' ? 'conda' : 'pip';
  return remedy.kind.startsWith('conda-') ? 'conda' : 'pip';
}

export function createFixSlice(api: DoctorApi): StateCreator<DoctorState, [], [], FixSlice> {
  return (set, get) => {
    let latestPlan = 0;
    const replan = async () => {
      const { chosen, diagnosis, manager, version, reinstall } = get();
      if (!chosen || diagnosis.status !== 'ready') return;
      const ticket = ++latestPlan;
      set({ plan: { status: 'loading' } });
      try {
        const plan = await api.planRepair({ diagnosisId: diagnosis.value.id, remedyId: chosen.remedy.id, manager, version: version ?? undefined, reinstall: reinstall ? [...reinstall] : undefined });
        if (ticket === latestPlan) set({ plan: { status: 'ready', value: plan } });
      } catch (error) {
        if (ticket === latestPlan) set({ plan: failed(error) });
      }
    };
    const loadOffers = async () => {
      const { chosen, diagnosis, manager } = get();
      const target = chosen && remedyTarget(chosen.remedy);
      if (!target || diagnosis.status !== 'ready' || diagnosedOffline(get())) {
        set({ offers: idle });
        return;
      }
      set({ offers: { status: 'loading' } });
      try {
        const offers = await api.listVersionOffers({ python: diagnosis.python, package: target.package, manager, knownGood: target.version });
        set({ offers: { status: 'ready', value: offers } });
      } catch (error) {
        set({ offers: failed(error) });
      }
    };
    return {
      chosen: null,
      manager: 'pip',
      offers: idle,
      version: null,
      reinstall: null,
      plan: idle,
      chooseRemedy: (causeId, remedyId) => {
        const run = get().diagnosis;
        if (run.status !== 'ready') return;
        const cause = run.value.causes.find((c) => c.id === causeId);
        const remedy = cause?.remedies.find((r) => r.id === remedyId);
        if (!cause || !remedy) return;
        set({ chosen: { cause, remedy }, manager: defaultManager(remedy), version: remedyTarget(remedy)?.version ?? null, reinstall: null, plan: idle, apply: { status: 'idle' } });
        void loadOffers();
        void replan();
      },
      setManager: async (manager) => {
        set({ manager });
        await Promise.all([loadOffers(), replan()]);
      },
      setVersion: async (version) => {
        set({ version });
        await replan();
      },
      toggleReinstall: async (name) => {
        const plan = get().plan;
        const current = get().reinstall ?? (plan.status === 'ready' ? plan.value.dependents.map((d) => d.name) : []);
        set({ reinstall: current.includes(name) ? current.filter((n) => n !== name) : [...current, name] });
        await replan();
      },
      reportActions: () => {
        const run = get().apply;
        return run.status === 'finished' ? [...run.outcome.actions] : [];
      },
      reportVerification: () => {
        const run = get().verification;
        return verificationForReport(run.status === 'ready' ? run.value : null);
      },
    };
  };
}
