/**
 * Plain words for the codes a report carries: the JSON keeps the codes, the HTML and Markdown
 * reports are read by people and show these instead (issue 26, finding 6).
 */
import type { Cause, CheckRecord, EnvironmentSummary, Remedy } from '../diagnosis/types';
import type { MessageId, MessageRef } from '../messages';
import { formatMessage, localList, message } from '../messages';

export { failureClassMessage, failureClassWords } from '../diagnosis/failure-class-words';

/** A cause's confidence band as a word of the report's language. */
export function confidenceWord(level: Cause['confidence']['level']): MessageRef {
  return level === 'high' ? message('report.level.high') : level === 'medium' ? message('report.level.medium') : message('report.level.low');
}

/** A verification's result as a word, never its code ("passed"). */
export function verificationWord(status: 'passed' | 'failed' | 'not-run'): MessageRef {
  return status === 'passed' ? message('report.verification.status.passed') : status === 'failed' ? message('report.verification.status.failed') : message('report.verification.status.not-run');
}

/** A check's result as a word, never its code ("ok", "problem"). */
export function checkStatusWord(status: CheckRecord['status']): MessageRef {
  switch (status) {
    case 'ok':
      return message('report.status.ok');
    case 'problem':
      return message('report.status.problem');
    case 'warning':
      return message('report.status.warning');
    case 'skipped':
      return message('report.status.skipped');
  }
}

const ENV_KIND: Record<EnvironmentSummary['kind'], 'report.env.kind.venv' | 'report.env.kind.conda' | 'report.env.kind.system' | null> = {
  venv: 'report.env.kind.venv',
  conda: 'report.env.kind.conda',
  system: 'report.env.kind.system',
  unknown: null,
};

/** "Python installation, 1 package": the environment's type in words (none when unknown) and its package count. */
export function environmentWords(env: EnvironmentSummary, integer: (n: number) => string): MessageRef {
  const packages = message('report.env.packages', { count: env.packageCount, number: integer(env.packageCount) });
  const kind = ENV_KIND[env.kind];
  return kind ? message(kind, { packages }) : packages;
}

/** A repair's result as words, never its code ("failed-and-rolled-back"). */
export function repairStatusWord(status: 'fixed' | 'not-fixed' | 'failed-and-rolled-back' | 'failed' | 'cancelled' | 'undone'): MessageRef {
  const ids = {
    fixed: 'report.repair.fixed',
    'not-fixed': 'report.repair.not-fixed',
    'failed-and-rolled-back': 'report.repair.failed-and-rolled-back',
    failed: 'report.repair.failed',
    cancelled: 'report.repair.cancelled',
    undone: 'report.repair.undone',
  } as const;
  return message(ids[status]);
}

/** An action's result as a word, never its code ("rolled-back"). */
export function actionStatusWord(status: 'succeeded' | 'failed' | 'rolled-back' | 'skipped'): MessageRef {
  const ids = { succeeded: 'report.action.succeeded', failed: 'report.action.failed', 'rolled-back': 'report.action.rolled-back', skipped: 'report.action.skipped' } as const;
  return message(ids[status]);
}

/** The exact command or steps a remedy states, for the reader to see; null when its title says it all. */
export function remedyCommand(r: Remedy, language: string): string | null {
  if (r.kind === 'install-constraint') return r.command.join(' ');
  if (r.kind === 'manual') return localList(r.steps, r.stepMessages, language).join(' · ');
  return null;
}

/**
 * The sentence `id` in `language` with its parameters already marked up (HTML or Markdown: a path
 * as code, a name in bold): the words are escaped by `escape`, the parameters put in as given.
 */
export function markedUp(id: MessageId, markup: Readonly<Record<string, string>>, language: string, escape: (text: string) => string): string {
  const names = Object.keys(markup);
  // Private-use characters stand in for the parameters: neither escape touches them, no sentence holds them.
  const ref = { id, params: Object.fromEntries(names.map((name, i) => [name, `\uE000${i}\uE001`])) };
  return escape(formatMessage(ref, language)).replace(/\uE000(\d+)\uE001/g, (_, i: string) => markup[names[Number(i)]!]!);
}
