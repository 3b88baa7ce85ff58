import type { StateCreator } from 'zustand';
import type { DoctorApi } from '../../app/contract/contract';
import type { Remedy } from '../../app/diagnosis/types';
import { withRemedy } from '../wizard/session';
import type { DoctorState } from './doctor-store';
import { failed, idle } from './load-state';
import { commitChange, commitOutput, type ConfirmLoss } from './session-commit';

/**
 * The fix step's moves. Its outputs live in the session: `chosen` (cause and remedy), `manager`,
 * `offers`, `version`, `reinstall` (dependents kept ticked; null until one is unticked) and `plan`.
 */
export interface FixSlice {
  /** Chooses a remedy of the diagnosis; returns whether it was taken (a finished repair may be kept instead). */
  readonly chooseRemedy: (causeId: string, remedyId: string) => boolean;
  readonly setManager: (manager: 'pip' | 'conda') => Promise<void>;
  readonly setVersion: (version: string) => Promise<void>;
  readonly toggleReinstall: (name: string) => Promise<void>;
  /** Corrects a copied environment's folder on its own machine (the commands for there use it). */
  readonly setHome: (home: string) => Promise<void>;
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
  return state.diagnosis.status === 'ready' && examinedOffline(state, state.diagnosis.python);
}

/** Whether the environment of `python` is one examined from its files (a copied Windows folder). */
function examinedOffline(state: DoctorState, python: string): boolean {
  const fromError = state.errorEnvironment.status === 'ready' ? state.errorEnvironment.value.environment : null;
  const known = [...(state.environments.status === 'ready' ? state.environments.value : []), ...state.addedEnvironments, ...(fromError ? [fromError] : [])];
  return known.some((e) => e.python === python && e.status === 'offline');
}

/**
 * The folder a copied environment (of `python`) has on its own machine: the user's correction, else
 * the Windows folder the engine found in the pasted error; undefined when neither (or not offline).
 * The diagnosis' "how to check" and the Fix step's commands both use it.
 */
export function thatMachineHome(state: DoctorState, python: string): string | undefined {
  if (!examinedOffline(state, python)) return undefined;
  if (state.home) return state.home;
  return (state.errorEnvironment.status === 'ready' ? state.errorEnvironment.value.windowsFolder : null) ?? undefined;
}

/** The folder the commands for the diagnosed copied environment use on its own machine (thatMachineHome). */
export function planHome(state: DoctorState): string | undefined {
  return state.diagnosis.status === 'ready' ? thatMachineHome(state, state.diagnosis.python) : undefined;
}

/** The manager a remedy uses unless the user picks the other: the one that installed the package. */
export function defaultManager(remedy: Remedy): 'pip' | 'conda' {
  if (remedy.kind === 'switch-manager') return remedy.to === 'conda' ? 'conda' : 'pip';
  if (remedy.kind === 'reinstall-dependents') return remedy.manager === 'conda' ? 'conda' : 'pip';
  if (remedy.kind === 'remove-duplicate') return remedy.keep === 'conda' ? 'conda' : 'pip';
  return remedy.kind.startsWith('conda-') ? 'conda' : 'pip';
}

export function createFixSlice(api: DoctorApi, confirmLoss: ConfirmLoss): StateCreator<DoctorState, [], [], FixSlice> {
  return (set, get) => {
    // Within the step the latest request wins; across steps the epoch drops answers for an older remedy.
    let latestPlan = 0;
    let latestOffers = 0;
    const replan = async () => {
      const { chosen, diagnosis, manager, version, reinstall, epochs } = get();
      if (!chosen || diagnosis.status !== 'ready') return;
      const ticket = ++latestPlan;
      const current = () => ticket === latestPlan && get().epochs.fix === epochs.fix;
      set({ plan: { status: 'loading' } });
      try {
        const home = planHome(get());
        const plan = await api.planRepair({ diagnosisId: diagnosis.value.id, remedyId: chosen.remedy.id, manager, version: version ?? undefined, reinstall: reinstall ? [...reinstall] : undefined, ...(home ? { home } : {}) });
        if (current()) set({ plan: { status: 'ready', value: plan } });
      } catch (error) {
        if (current()) set({ plan: failed(error) });
      }
    };
    const loadOffers = async () => {
      const { chosen, diagnosis, manager, epochs } = get();
      const target = chosen && remedyTarget(chosen.remedy);
      const ticket = ++latestOffers;
      if (!target || diagnosis.status !== 'ready' || diagnosedOffline(get())) {
        set({ offers: idle });
        return;
      }
      const current = () => ticket === latestOffers && get().epochs.fix === epochs.fix;
      set({ offers: { status: 'loading' } });
      try {
        const offers = await api.listVersionOffers({ python: diagnosis.python, package: target.package, manager, knownGood: target.version });
        if (current()) set({ offers: { status: 'ready', value: offers } });
      } catch (error) {
        if (current()) set({ offers: failed(error) });
      }
    };
    return {
      chooseRemedy: (causeId, remedyId) => {
        const run = get().diagnosis;
        if (run.status !== 'ready') return false;
        const cause = run.value.causes.find((c) => c.id === causeId);
        const remedy = cause?.remedies.find((r) => r.id === remedyId);
        if (!cause || !remedy) return false;
        if (!commitChange(set, get, confirmLoss, 'diagnosis', (session) => withRemedy(session, { cause, remedy }, defaultManager(remedy), remedyTarget(remedy)?.version ?? null))) return false;
        void loadOffers();
        void replan();
        return true;
      },
      // A changed plan makes a repair of the old one history: the later steps are cleared (asked first).
      setManager: async (manager) => {
        if (commitOutput(set, get, confirmLoss, 'fix', { manager })) await Promise.all([loadOffers(), replan()]);
      },
      setVersion: async (version) => {
        if (commitOutput(set, get, confirmLoss, 'fix', { version })) await replan();
      },
      setHome: async (home) => {
        if (commitOutput(set, get, confirmLoss, 'fix', { home: home.trim() || null })) await replan();
      },
      toggleReinstall: async (name) => {
        const plan = get().plan;
        const current = get().reinstall ?? (plan.status === 'ready' ? plan.value.dependents.map((d) => d.name) : []);
        if (commitOutput(set, get, confirmLoss, 'fix', { reinstall: current.includes(name) ? current.filter((n) => n !== name) : [...current, name] })) await replan();
      },
    };
  };
}
