/**
 * The report's headline, taken from the results it is given: the verification after a repair, the
 * repair's own verdict, or the diagnosis. It only maps statuses to words. Whether an import counts
 * as fixed is decided once, by the repair engine and the verification (app/diagnosis/is-fixed.ts);
 * the report never looks at module lists to decide it again.
 */
import type { Diagnosis } from '../diagnosis/types';
import type { Outcome, RepairResult, Verification } from './schema';

export interface OutcomeInput {
  readonly diagnosis: Diagnosis;
  readonly repair: RepairResult | null;
  readonly verification: Verification | null;
  /** The environment was examined from its files on another system (a copied Windows folder): nothing could run or change here. */
  readonly examinedElsewhere?: boolean;
}

/** Said after the diagnosis of a copied environment, so the headline does not read as if a fix were pending here. */
export const ELSEWHERE_NOTE = 'Nothing was changed: this environment was examined from its files on another system, so any fix is run on its own machine.';

/** Headline words per status; the renderers show these and nothing else as the result. */
export const OUTCOME_TITLE: Readonly<Record<Outcome['status'], string>> = {
  fixed: 'Fixed',
  'not-fixed': 'Not fixed',
  inconclusive: 'Inconclusive',
  'problem-found': 'Problem found',
  'no-problem-found': 'No problem found',
};

function diagnosisOutcome(diagnosis: Diagnosis): Outcome {
  switch (diagnosis.status) {
    case 'healthy':
      return { status: 'no-problem-found', headline: 'No problem found in what was checked.', from: 'diagnosis' };
    case 'problem-found':
      return { status: 'problem-found', headline: `Most likely cause: ${diagnosis.causes[0]?.title ?? 'see the causes below'}.`, from: 'diagnosis' };
    case 'unexplained':
      return { status: 'inconclusive', headline: 'An import fails, but no cause could be shown with evidence.', from: 'diagnosis' };
    case 'inconclusive':
      return { status: 'inconclusive', headline: 'No verdict: no problem was found, but what proves the module loads could not be checked here.', from: 'diagnosis' };
    case 'partial':
      return { status: 'inconclusive', headline: 'Cancelled: only part of the environment was examined.', from: 'diagnosis' };
  }
}

/**
 * The outcome of what the report covers. A verification (the import test run again after a repair)
 * is the newest result and wins; without one, the repair's verdict; without a repair, the diagnosis.
 * A verification without a repair is not a fix of anything, so it does not make the headline.
 */
export function reportOutcome({ diagnosis, repair, verification, examinedElsewhere = false }: OutcomeInput): Outcome {
  if (!repair) {
    const outcome = diagnosisOutcome(diagnosis);
    return examinedElsewhere ? { ...outcome, headline: `${outcome.headline} ${ELSEWHERE_NOTE}` } : outcome;
  }
  if (repair.status === 'undone') return { status: 'not-fixed', headline: `The repair was undone. ${repair.summary}`.trim(), from: 'repair' };
  if (verification && verification.status !== 'not-run') {
    return verification.status === 'passed'
      ? { status: 'fixed', headline: verification.detail, from: 'verification' }
      : { status: 'not-fixed', headline: verification.detail, from: 'verification' };
  }
  return { status: repair.status === 'fixed' ? 'fixed' : 'not-fixed', headline: repair.summary, from: 'repair' };
}
