import type { EnvironmentFromError } from '../../app/contract/environment-choice';
import type { LoadGraph } from '../../app/contract/load-graph-types';
import type { DiagnosisResult } from '../../app/contract/contract';
import type { Cause, ParsedError, Remedy } from '../../app/diagnosis/types';
import type { RepairPlan, VersionOffers } from '../../app/repair/types';
import type { LogLine } from '../components/live-log';
import type { DiagnosisRun } from '../store/diagnosis-slice';
import type { ApplyRun } from '../store/apply-slice';
import type { LoadState } from '../store/load-state';
import type { ReportDelivery } from '../store/report-slice';
import type { VersionChange } from '../store/verify-slice';
import type { ProgramContext } from '../store/context-slice';
import { reachableSteps, wizardSteps, type StepFacts, type StepId } from './wizard-steps';

/** What the user told us failed: a pasted error, or "check every environment". */
export type Symptom =
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly text: string; readonly parsed: ParsedError }
  | { readonly kind: 'all' };

/**
 * The wizard session: every step's output, each derived from the steps before it. The machine's
 * environments, the text being typed and the report's privacy choice are not in it: they are
 * inputs that no step's result makes stale.
 */
export interface Session {
  readonly step: StepId;
  /**
   * Per step, how often its output was cleared: an answer the engine gives for a step's older
   * output (a diagnosis of the previous environment) is dropped when this moved on.
   */
  readonly epochs: Readonly<Record<StepId, number>>;
  readonly symptom: Symptom;
  /** The environment the symptom's paths point into, found by the engine. */
  readonly errorEnvironment: LoadState<EnvironmentFromError>;
  readonly selectedPython: string | null;
  /** What the user says their program imports first: belongs to the program of this symptom, so a new one clears it. */
  readonly programContext: ProgramContext;
  readonly diagnosis: DiagnosisRun;
  readonly loadGraphs: Readonly<Record<string, LoadState<LoadGraph | null>>>;
  readonly chosen: { readonly cause: Cause; readonly remedy: Remedy } | null;
  readonly manager: 'pip' | 'conda';
  readonly offers: LoadState<VersionOffers>;
  readonly version: string | null;
  readonly reinstall: readonly string[] | null;
  /** A copied environment's folder on its own machine as the user corrected it; null: the one the error names. */
  readonly home: string | null;
  readonly plan: LoadState<RepairPlan>;
  readonly apply: ApplyRun;
  readonly logLines: readonly LogLine[];
  readonly verification: LoadState<DiagnosisResult>;
  readonly versionChanges: LoadState<readonly VersionChange[]>;
  readonly savedReport: LoadState<ReportDelivery>;
  /** The report as it would be shared now (Markdown, redacted or not as chosen), shown before saving or copying. */
  readonly reportPreview: LoadState<{ readonly redacted: boolean; readonly content: string }>;
}

/** The fields of the session written by one step. */
type StepOutput = Partial<Omit<Session, 'step' | 'epochs'>>;

/**
 * Each step's output as it is before the step was done, in step order. A step's output is made
 * from the outputs above it, so changing a step clears every output below it (resetAfter).
 */
export const emptyOutputs: Readonly<Record<StepId, StepOutput>> = {
  symptom: { symptom: { kind: 'none' } },
  environment: { errorEnvironment: { status: 'idle' }, selectedPython: null, programContext: { after: '', program: '' } },
  diagnosis: { diagnosis: { status: 'idle' }, loadGraphs: {} },
  fix: { chosen: null, manager: 'pip', offers: { status: 'idle' }, version: null, reinstall: null, home: null, plan: { status: 'idle' } },
  apply: { apply: { status: 'idle' }, logLines: [] },
  verify: { verification: { status: 'idle' }, versionChanges: { status: 'idle' } },
  report: { savedReport: { status: 'idle' }, reportPreview: { status: 'idle' } },
};

/** The session before anything was done. */
export function initialSession(): Session {
  const epochs = Object.fromEntries(wizardSteps.map((s) => [s, 0])) as Record<StepId, number>;
  return { step: 'symptom', epochs, ...Object.assign({}, ...wizardSteps.map((s) => emptyOutputs[s])) } as Session;
}

/** Which steps can be opened, from the session's outputs alone. */
export function stepFacts(session: Session): StepFacts {
  return {
    symptomGiven: session.symptom.kind !== 'none',
    environmentChosen: session.selectedPython !== null,
    diagnosisDone: session.diagnosis.status === 'ready',
    hasAutomaticRemedy: session.diagnosis.status === 'ready' && session.diagnosis.value.causes.some((c) => c.remedies.some((r) => r.automatic)),
    // A repair was started for the plan on screen (it runs, ran, or failed).
    planConfirmed: session.apply.status !== 'idle',
    repairFinished: session.apply.status === 'finished' || session.apply.status === 'failed',
  };
}

/** The step to show: `step` when it is open, else the last open step before it. */
export function clampStep(session: Session): StepId {
  const open = reachableSteps(stepFacts(session));
  if (open.has(session.step)) return session.step;
  const before = wizardSteps.slice(0, wizardSteps.indexOf(session.step)).reverse();
  return before.find((s) => open.has(s)) ?? 'symptom';
}

/** What a change at a step would throw away that cannot be made again by asking the engine. */
export type Loss = 'running-repair' | 'repair';

/**
 * Whether clearing the outputs after `step` loses something: a repair under way cannot be
 * forgotten (it is still changing the environment), and a finished repair that can still be
 * rolled back takes its way back with it, so the user is asked first.
 */
export function lossAfter(session: Session, step: StepId): Loss | null {
  if (wizardSteps.indexOf(step) >= wizardSteps.indexOf('apply')) return null;
  const run = session.apply;
  if (run.status === 'running') return 'running-repair';
  if (run.status === 'finished' && run.outcome.snapshotId && !run.rolledBack && run.outcome.status !== 'failed-and-rolled-back') return 'repair';
  return null;
}

/** The session's own fields, taken out of a larger state (the store's, which also holds actions). */
export function sessionOf(state: Session): Session {
  const keys = Object.keys(initialSession()) as (keyof Session)[];
  return Object.fromEntries(keys.map((k) => [k, state[k]])) as unknown as Session;
}

/**
 * The session after `step` produced `output`: every later step's output cleared, their epochs
 * counted up (so answers for the old outputs are dropped) and the current step moved back to one
 * that is still open. Pure: the store applies what it returns.
 */
export function changeAt(session: Session, step: StepId, output: StepOutput): Session {
  const later = wizardSteps.slice(wizardSteps.indexOf(step) + 1);
  const epochs = { ...session.epochs };
  for (const s of later) epochs[s] += 1;
  const next: Session = { ...sessionOf(session), ...Object.assign({}, ...later.map((s) => emptyOutputs[s])), ...output, epochs };
  return { ...next, step: clampStep(next) };
}

/** Two symptoms are the same when a diagnosis of one answers the other. */
export function sameSymptom(a: Symptom, b: Symptom): boolean {
  if (a.kind === 'error' && b.kind === 'error') return a.text === b.text;
  return a.kind === b.kind;
}

/** The symptom step's transition: a different symptom clears the environment and all after it. */
export function withSymptom(session: Session, symptom: Symptom): Session {
  if (sameSymptom(session.symptom, symptom)) return session;
  return changeAt(session, 'symptom', { symptom, ...emptyOutputs.environment });
}

/** The environment step's transition: another environment clears the diagnosis and all after it. */
export function withEnvironment(session: Session, python: string | null): Session {
  if (session.selectedPython === python) return session;
  return changeAt(session, 'environment', { selectedPython: python });
}

/** The diagnosis step's transition: a remedy chosen (even the same one again) starts a fresh plan. */
export function withRemedy(session: Session, chosen: NonNullable<Session['chosen']>, manager: 'pip' | 'conda', version: string | null): Session {
  return changeAt(session, 'diagnosis', { chosen, manager, version });
}
