/**
 * The report's headline, taken from the results it is given: the verification after a repair, the
 * repair's own verdict, or the diagnosis. It only maps statuses to words. Whether an import counts
 * as fixed is decided once, by the repair engine and the verification (app/diagnosis/is-fixed.ts);
 * the report never looks at module lists to decide it again.
 */
import type { Diagnosis } from '../diagnosis/types';
import type { Outcome, RepairResult, Verification } from './schema';
import { english, message, texts } from '../messages';
import type { MessageParam, MessageRef } from '../messages';

export interface OutcomeInput {
  readonly diagnosis: Diagnosis;
  readonly repair: RepairResult | null;
  readonly verification: Verification | null;
  /** The environment was examined from its files on another system (a copied Windows folder): nothing could run or change here. */
  readonly examinedElsewhere?: boolean;
}

/** Said after the diagnosis of a copied environment, so the headline does not read as if a fix were pending here. */
export const ELSEWHERE_NOTE = english(message('report.headline.elsewhere', { headline: '' })).trim();

/** Headline words per status, as messages; the renderers show these and nothing else as the result. */
export const OUTCOME_TITLE_MESSAGE: Readonly<Record<Outcome['status'], MessageRef>> = {
  fixed: message('report.outcome.fixed'),
  'not-fixed': message('report.outcome.not-fixed'),
  inconclusive: message('report.outcome.inconclusive'),
  'problem-found': message('report.outcome.problem-found'),
  'no-problem-found': message('report.outcome.no-problem-found'),
};

/** Headline words per status in English. */
export const OUTCOME_TITLE: Readonly<Record<Outcome['status'], string>> = Object.fromEntries(Object.entries(OUTCOME_TITLE_MESSAGE).map(([status, ref]) => [status, english(ref)])) as Record<Outcome['status'], string>;

/** A cause's title as a parameter: its message while that still says the title, else the title as written. */
function titleOf(cause: Diagnosis['causes'][number]): MessageParam {
  const ref = cause.messages?.title;
  return ref && english(ref) === cause.title ? ref : cause.title;
}

function diagnosisOutcome(diagnosis: Diagnosis): Outcome {
  const top = diagnosis.causes[0];
  switch (diagnosis.status) {
    case 'healthy':
      return { status: 'no-problem-found', ...texts({ headline: message('report.headline.healthy') }), from: 'diagnosis' };
    case 'problem-found':
      return { status: 'problem-found', ...texts({ headline: message('report.headline.most-likely', { cause: top ? titleOf(top) : message('report.headline.see-causes') }) }), from: 'diagnosis' };
    case 'unexplained':
      return { status: 'inconclusive', ...texts({ headline: message('report.headline.unexplained') }), from: 'diagnosis' };
    case 'inconclusive':
      return { status: 'inconclusive', ...texts({ headline: message('report.headline.inconclusive') }), from: 'diagnosis' };
    case 'partial':
      return { status: 'inconclusive', ...texts({ headline: message('report.headline.partial') }), from: 'diagnosis' };
  }
}

/** A sentence another result wrote, as its message when that still says it in English, else as given (a report from before messages). */
function sentence(text: string, ref: MessageRef | undefined): MessageParam {
  return ref && english(ref) === text ? ref : text;
}

/** The headline as that sentence, with its message beside it when it has one. */
function headlineOf(text: string, ref: MessageRef | undefined): Pick<Outcome, 'headline' | 'messages'> {
  const said = sentence(text, ref);
  return typeof said === 'object' ? texts({ headline: said }) : { headline: text };
}

/**
 * The outcome of what the report covers. A verification (the import test run again after a repair)
 * is the newest result and wins; without one, the repair's verdict; without a repair, the diagnosis.
 * A verification without a repair is not a fix of anything, so it does not make the headline.
 */
export function reportOutcome({ diagnosis, repair, verification, examinedElsewhere = false }: OutcomeInput): Outcome {
  if (!repair) {
    const outcome = diagnosisOutcome(diagnosis);
    return examinedElsewhere ? { ...outcome, ...texts({ headline: message('report.headline.elsewhere', { headline: outcome.messages?.headline ?? outcome.headline }) }) } : outcome;
  }
  // The repair's sentence goes in as its message when it still says the summary, so the headline follows the reader's language.
  if (repair.status === 'undone') return { status: 'not-fixed', ...texts({ headline: message('report.headline.undone', { summary: sentence(repair.summary, repair.messages?.summary) }) }), from: 'repair' };
  if (verification && verification.status !== 'not-run') {
    return verification.status === 'passed'
      ? { status: 'fixed', ...headlineOf(verification.detail, verification.messages?.detail), from: 'verification' }
      : { status: 'not-fixed', ...headlineOf(verification.detail, verification.messages?.detail), from: 'verification' };
  }
  return { status: repair.status === 'fixed' ? 'fixed' : 'not-fixed', ...headlineOf(repair.summary, repair.messages?.summary), from: 'repair' };
}
