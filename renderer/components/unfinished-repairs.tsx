import { useDoctor } from '../store/store-context';
import { ErrorNotice } from './error-notice';
import { PathText } from './path-text';

/** At start: repairs that were interrupted last time, with what the user can do about each. */
export function UnfinishedRepairs() {
  const unfinished = useDoctor((s) => s.unfinished);
  const rollbackState = useDoctor((s) => s.resumeRollback);
  const check = useDoctor((s) => s.checkUnfinished);
  const rollback = useDoctor((s) => s.rollbackUnfinished);
  const dismiss = useDoctor((s) => s.dismissUnfinished);
  if (unfinished.length === 0 && rollbackState.status !== 'ready' && rollbackState.status !== 'failed') return null;
  return (
    <div className="notice" role="region" aria-label="Unfinished repairs">
      {unfinished.map((repair) => (
        <div key={`${repair.python}:${repair.startedAt}`}>
          <p className="notice-message">A repair did not finish: {repair.remedyTitle}</p>
          <p>
            Started {new Date(repair.startedAt).toLocaleString()} on <PathText path={repair.python} />. The environment may be half changed.
          </p>
          <div className="actions">
            <button type="button" onClick={() => check(repair)}>Check this environment</button>
            {repair.snapshotId && (
              <button type="button" className="secondary" onClick={() => void rollback(repair)} disabled={rollbackState.status === 'loading'}>
                Put it back as it was before
              </button>
            )}
            <button type="button" className="secondary" onClick={() => dismiss(repair)}>Not now</button>
          </div>
        </div>
      ))}
      {rollbackState.status === 'ready' && <p role="status">{rollbackState.value.summary}</p>}
      {rollbackState.status === 'failed' && <ErrorNotice {...rollbackState} />}
    </div>
  );
}
