import { changeAt, lossAfter, type Loss, type Session } from '../wizard/session';
import type { StepId } from '../wizard/wizard-steps';
import type { DoctorState } from './doctor-store';

/** Asks the user whether a finished repair's way back may be forgotten (the app: a confirm dialog). */
export type ConfirmLoss = (loss: 'repair') => boolean;

/** Why the last change to an earlier step was not made; null when it was. */
export interface RefusedChange {
  readonly refusedChange: Loss | null;
}

type Set = (partial: Partial<DoctorState>) => void;
type Get = () => DoctorState;

/**
 * The one way a slice changes a step's output: the pure transition (session.ts) applied to the
 * store, unless it would forget a repair under way (refused) or one that can still be rolled back
 * (asked first). Returns whether the change was made; `next` returning the same session is no change.
 */
export function commitChange(set: Set, get: Get, confirmLoss: ConfirmLoss, at: StepId, next: (session: Session) => Session): boolean {
  const state = get();
  const after = next(state);
  if (after === state) return true;
  const loss = lossAfter(state, at);
  if (loss === 'running-repair' || (loss === 'repair' && !confirmLoss(loss))) {
    set({ refusedChange: loss });
    return false;
  }
  set({ ...after, refusedChange: null });
  return true;
}

/** Shorthand: `step` produced `output`; everything after it is cleared. */
export function commitOutput(set: Set, get: Get, confirmLoss: ConfirmLoss, at: StepId, output: Parameters<typeof changeAt>[2]): boolean {
  return commitChange(set, get, confirmLoss, at, (session) => changeAt(session, at, output));
}
