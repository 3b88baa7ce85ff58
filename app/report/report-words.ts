/**
 * Plain words for the codes a report carries: the JSON keeps the codes, the HTML and Markdown
 * reports are read by people and show these instead (issue 26, finding 6).
 */
import type { Cause, CheckRecord, EnvironmentSummary, Remedy } from '../diagnosis/types';
import type { MessageRef } from '../messages';
import { message } from '../messages';

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

const ENV_KIND: Record<EnvironmentSummary['kind'], string | null> = {
  venv: 'virtual environment',
  conda: 'conda environment',
  system: 'Python installation',
  unknown: null,
};

/** "Python installation, 1 package": the environment's type in words (none when unknown) and its package count. */
export function environmentWords(env: EnvironmentSummary, integer: (n: number) => string): string {
  const count = `${integer(env.packageCount)} ${env.packageCount === 1 ? 'package' : 'packages'}`;
  const kind = ENV_KIND[env.kind];
  return kind ? `${kind[0]?.toUpperCase() ?? ''}${kind.slice(1)}, ${count}` : count;
}

/** The exact command or steps a remedy states, for the reader to see; null when its title says it all. */
export function remedyCommand(r: Remedy): string | null {
  if (r.kind === 'install-constraint') return r.command.join(' ');
  if (r.kind === 'manual') return r.steps.join(' · ');
  return null;
}
