import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RepairOutcome } from '../../../app/repair/types';
import type { ApplyRun } from '../../store/apply-slice';
import { useDoctor } from '../../store/store-context';
import { useEngineText } from '../../i18n/engine-text';
import { ErrorNotice } from '../error-notice';
import { Icon, type StatusTone } from '../icon';
import { LiveLog } from '../live-log';
import { ProgressBar } from '../progress-bar';
import { StepFooter } from '../step-footer';

const outcomeTone: Readonly<Record<RepairOutcome['status'], StatusTone>> = { fixed: 'ok', 'not-fixed': 'warning', 'failed-and-rolled-back': 'problem', failed: 'problem', cancelled: 'info' };
const actionTone = { succeeded: 'ok', failed: 'problem', 'rolled-back': 'warning', skipped: 'waiting' } as const satisfies Record<RepairOutcome['actions'][number]['status'], StatusTone>;

/** The heading follows the run: under way, done, undone, or not completed. */
function applyTitle(run: ApplyRun): string {
  if (run.status === 'running') return run.rollingBack ? 'apply.titleRollingBack' : 'apply.title';
  if (run.status === 'failed') return 'apply.titleFailed';
  if (run.status !== 'finished') return 'apply.title';
  if (run.rolledBack) return 'apply.titleRolledBack';
  return run.outcome.status === 'fixed' || run.outcome.status === 'not-fixed' ? 'apply.titleDone' : 'apply.titleFailed';
}

/** Step 5: the repair running with its live output, cancel, and a one-click rollback; it ends with what changed. */
export function ApplyStep() {
  const { t } = useTranslation();
  const { said } = useEngineText();
  const run = useDoctor((s) => s.apply);
  const logLines = useDoctor((s) => s.logLines);
  // The lines the engine wrote itself in the page's language; a command's own output as it printed it.
  const lines = useMemo(() => logLines.map((l) => (l.messages ? { ...l, line: said(l, 'line') } : l)), [logLines, said]);
  const cancel = useDoctor((s) => s.cancelApply);
  const rollback = useDoctor((s) => s.rollback);
  const goTo = useDoctor((s) => s.goTo);

  return (
    <section aria-labelledby="apply-title" className="screen">
      <h2 id="apply-title">{t(applyTitle(run))}</h2>
      {run.status === 'running' && (
        <>
          <ProgressBar label={run.cancelling ? t('apply.cancellingLong') : (run.message && said({ message: run.message, ...(run.messages ? { messages: run.messages } : {}) }, 'message')) || t(run.rollingBack ? 'apply.rollingBack' : 'common.starting')} fraction={run.fraction} />
          <div className="actions">
            {!run.rollingBack && (
              <button type="button" className="secondary" onClick={() => void cancel()} disabled={run.cancelling}>
                {run.cancelling ? t('apply.cancelling') : t('apply.cancel')}
              </button>
            )}
          </div>
        </>
      )}
      {run.status === 'failed' && <ErrorNotice {...run} />}
      {run.status === 'finished' && (
        <div className={`notice notice-${run.rolledBack ? 'info' : outcomeTone[run.outcome.status]}`} role="status" aria-label={t('apply.outcomeLabel')}>
          {/* After a rollback, "the import works now" is no longer true: the line says what happened instead. */}
          <p className="notice-message"><Icon name={run.rolledBack ? 'info' : outcomeTone[run.outcome.status]} /> {run.rolledBack ? t('apply.outcomeUndone') : t(`apply.outcome.${run.outcome.status}`)}</p>
          <p>{said(run.outcome, 'summary')}</p>
          {run.outcome.actions.length > 0 && (
            <>
              <h3>{t('apply.whatRan')}</h3>
              <ul className="actions-done" aria-label={t('apply.whatRan')}>
                {run.outcome.actions.map((action, index) => (
                  <li key={`${index}:${action.title}`}>
                    <Icon name={actionTone[action.status]} /> {said(action, 'title')} <span className="muted">({t(`apply.actionStatus.${action.status}`)})</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {/* Measured after the commands ran, not the plan's expectation. */}
          {run.outcome.changes && run.outcome.changes.length > 0 && (run.outcome.status === 'fixed' || run.outcome.status === 'not-fixed') && (
            <>
              <h3>{t('apply.whatChanged')}</h3>
              <ul aria-label={t('apply.whatChanged')}>
                {run.outcome.changes.map((c) => <li key={c.package}>{c.package}: {c.from ?? t('fix.notInstalled')} → {c.to ?? t('fix.removed')}</li>)}
              </ul>
            </>
          )}
          {run.outcome.status === 'failed-and-rolled-back' && <p>{t('apply.nothingChanged')}</p>}
          {run.rolledBack && <p>{t('apply.rollbackResult', { summary: said(run.rolledBack, 'summary') })}</p>}
        </div>
      )}
      <LiveLog lines={lines} label={t('apply.logLabel')} />
      {run.status === 'finished' && (
        <StepFooter>
          {run.outcome.status === 'fixed' && <button type="button" onClick={() => goTo('verify')}>{t('apply.next')}</button>}
          {run.outcome.snapshotId && !run.rolledBack && run.outcome.status !== 'failed-and-rolled-back' && (
            <button type="button" className="secondary" onClick={() => void rollback()}>{t('apply.rollback')}</button>
          )}
          {run.outcome.status !== 'fixed' && <button type="button" className="secondary" onClick={() => goTo('fix')}>{t('apply.backToFix')}</button>}
        </StepFooter>
      )}
    </section>
  );
}
