import { useDoctor } from '../../store/store-context';
import { ErrorNotice } from '../error-notice';
import { LiveLog } from '../live-log';
import { ProgressBar } from '../progress-bar';

/** Step 5: the repair running with its live output, cancel, and a one-click rollback. */
export function ApplyStep() {
  const run = useDoctor((s) => s.apply);
  const lines = useDoctor((s) => s.logLines);
  const cancel = useDoctor((s) => s.cancelApply);
  const rollback = useDoctor((s) => s.rollback);
  const goTo = useDoctor((s) => s.goTo);

  return (
    <section aria-labelledby="apply-title" className="screen">
      <h2 id="apply-title">Applying the fix</h2>
      {run.status === 'running' && (
        <>
          <ProgressBar label={run.message} fraction={run.fraction} />
          <div className="actions">
            {!run.rollingBack && (
              <button type="button" className="secondary" onClick={() => void cancel()} disabled={run.cancelling}>
                {run.cancelling ? 'Cancelling…' : 'Cancel'}
              </button>
            )}
          </div>
        </>
      )}
      {run.status === 'failed' && <ErrorNotice {...run} />}
      {run.status === 'finished' && (
        <div className={`notice ${run.outcome.status === 'fixed' ? 'notice-ok' : 'notice-error'}`} role="status" aria-label="Repair outcome">
          <p className="notice-message">{outcomeWords[run.outcome.status]}</p>
          <p>{run.outcome.summary}</p>
          {run.rolledBack && <p>Rollback: {run.rolledBack.summary}</p>}
          <div className="actions">
            {run.outcome.status === 'fixed' && <button type="button" onClick={() => goTo('verify')}>Next: check the import</button>}
            {run.outcome.snapshotId && !run.rolledBack && run.outcome.status !== 'failed-and-rolled-back' && (
              <button type="button" className="secondary" onClick={() => void rollback()}>Roll back to before the repair</button>
            )}
            {run.outcome.status !== 'fixed' && <button type="button" className="secondary" onClick={() => goTo('fix')}>Back to the fix</button>}
          </div>
        </div>
      )}
      <LiveLog lines={lines} label="Output of the repair" />
    </section>
  );
}

const outcomeWords = {
  fixed: 'Done: the import works now.',
  'not-fixed': 'The commands ran, but the import still fails.',
  'failed-and-rolled-back': 'A command failed, and the environment was put back as it was.',
  failed: 'A command failed.',
  cancelled: 'Cancelled.',
} as const;
