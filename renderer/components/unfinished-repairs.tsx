import { useTranslation } from 'react-i18next';
import { useDoctor } from '../store/store-context';
import { useEngineText } from '../i18n/engine-text';
import { ErrorNotice } from './error-notice';
import { Icon } from './icon';
import { PathText } from './path-text';

/** At start: repairs that were interrupted last time, with what the user can do about each. */
export function UnfinishedRepairs() {
  const { t, i18n } = useTranslation();
  const { said } = useEngineText();
  const unfinished = useDoctor((s) => s.unfinished);
  const rollbackState = useDoctor((s) => s.resumeRollback);
  const check = useDoctor((s) => s.checkUnfinished);
  const rollback = useDoctor((s) => s.rollbackUnfinished);
  const dismiss = useDoctor((s) => s.dismissUnfinished);
  if (unfinished.length === 0 && rollbackState.status !== 'ready' && rollbackState.status !== 'failed') return null;
  return (
    <div className="notice notice-warning" role="region" aria-label={t('unfinished.label')}>
      {unfinished.map((repair) => (
        <div key={`${repair.python}:${repair.startedAt}`}>
          <p className="notice-message"><Icon name="warning" /> {t('unfinished.title', { title: said(repair, 'remedyTitle') })}</p>
          <p>
            {t('unfinished.started', { when: new Date(repair.startedAt).toLocaleString(i18n.language) })} <PathText path={repair.python} /> {t('unfinished.halfChanged')}
          </p>
          <div className="actions">
            <button type="button" onClick={() => check(repair)}>{t('unfinished.check')}</button>
            {repair.snapshotId && (
              <button type="button" className="secondary" onClick={() => void rollback(repair)} disabled={rollbackState.status === 'loading'}>
                {t('unfinished.rollback')}
              </button>
            )}
            <button type="button" className="secondary" onClick={() => dismiss(repair)}>{t('unfinished.notNow')}</button>
          </div>
        </div>
      ))}
      {rollbackState.status === 'ready' && <p role="status">{said(rollbackState.value, 'summary')}</p>}
      {rollbackState.status === 'failed' && <ErrorNotice {...rollbackState} />}
    </div>
  );
}
