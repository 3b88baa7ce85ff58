import type { Cause, Diagnosis, Remedy } from '../../app/diagnosis/types';

/**
 * The one fix the wizard recommends: the remedy the engine marks `recommended` when it does, until
 * then the first automatic remedy of the first-ranked cause (the ranker orders both best first).
 */
export function recommendedFix(diagnosis: Diagnosis): { readonly cause: Cause; readonly remedy: Remedy } | null {
  for (const cause of diagnosis.causes) {
    const marked = cause.remedies.find((r) => (r as Remedy & { readonly recommended?: boolean }).recommended === true);
    if (marked) return { cause, remedy: marked };
  }
  const first = diagnosis.causes[0];
  const remedy = first?.remedies.find((r) => r.automatic);
  return first && remedy ? { cause: first, remedy } : null;
}
