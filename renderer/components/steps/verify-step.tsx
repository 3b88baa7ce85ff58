import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Diagnosis } from '../../../app/diagnosis/types';
import { useDoctor } from '../../store/store-context';
import { useEngineText } from '../../i18n/engine-text';
import { ErrorNotice } from '../error-notice';
import { Icon } from '../icon';
import { StepFooter } from '../step-footer';

/** Step 6: the import test again, beside the first one, and the versions before and now. */
export function VerifyStep() {
  const { t } = useTranslation();
  const diagnosis = useDoctor((s) => s.diagnosis);
  const verification = useDoctor((s) => s.verification);
  const versions = useDoctor((s) => s.versionChanges);
  const runVerification = useDoctor((s) => s.runVerification);
  const goTo = useDoctor((s) => s.goTo);
  useEffect(() => {
    if (verification.status === 'idle') void runVerification();
  }, [verification.status, runVerification]);
  if (diagnosis.status !== 'ready') return null;
  const after = verification.status === 'ready' ? verification.value : null;
  const fixed = after !== null && after.fixed;

  return (
    <section aria-labelledby="verify-title" className="screen">
      <h2 id="verify-title">{t('verify.title')}</h2>
      {verification.status === 'loading' && <p role="status">{t('verify.checking')}</p>}
      {verification.status === 'failed' && <ErrorNotice {...verification} />}
      {after && (
        <div className={`notice ${fixed ? 'notice-ok' : 'notice-problem'}`} role="status" aria-label={t('verify.label')}>
          <p className="notice-message"><Icon name={fixed ? 'ok' : 'problem'} /> {fixed ? t('verify.fixed') : t('verify.notFixed')}</p>
          {!fixed && <p>{t('verify.notFixedWhatToDo')}</p>}
        </div>
      )}
      {versions.status === 'ready' && versions.value.length > 0 && (
        <table className="versions" aria-label={t('verify.versionsLabel')}>
          <thead>
            <tr><th scope="col">{t('verify.package')}</th><th scope="col">{t('verify.before')}</th><th scope="col">{t('verify.now')}</th></tr>
          </thead>
          <tbody>
            {versions.value.map((v) => (
              <tr key={v.package}>
                <th scope="row">{v.package}</th>
                <td>{v.before ?? t('fix.notInstalled')}</td>
                <td>{v.now === undefined ? t('verify.unknown') : (v.now ?? t('fix.notInstalled'))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="side-by-side">
        <ImportColumn title={t('verify.before')} label={t('verify.beforeLabel')} diagnosis={diagnosis.value} />
        {after ? <ImportColumn title={t('verify.now')} label={t('verify.nowLabel')} diagnosis={after} /> : <div />}
      </div>
      <StepFooter>
        {/* The report states the verification: it waits until there is one. */}
        <button type="button" onClick={() => goTo('report')} disabled={verification.status === 'loading'}>{t('verify.next')}</button>
        <button type="button" className="secondary" onClick={() => void runVerification()} disabled={verification.status === 'loading'}>{t('verify.again')}</button>
      </StepFooter>
    </section>
  );
}

function ImportColumn({ title, label, diagnosis }: { readonly title: string; readonly label: string; readonly diagnosis: Diagnosis }) {
  const { t } = useTranslation();
  const { said } = useEngineText();
  const top = diagnosis.causes[0];
  return (
    <section className="card" aria-label={label}>
      <h3>{title}</h3>
      <ul className="import-results">
        {diagnosis.modules.map((m) => (
          <li key={m.module}>
            <code>import {m.module}</code> <span className={`badge badge-${m.ok ? 'ok' : 'problem'}`}><Icon name={m.ok ? 'ok' : 'problem'} /> {m.ok ? t('verify.works') : t('verify.fails')}</span>
            {m.message && <pre className="quote">{m.message}</pre>}
          </li>
        ))}
      </ul>
      <p className="muted">{diagnosis.status === 'healthy' ? t('diagnosis.healthyTitle') : (top ? said(top, 'title') : t('verify.unexplained'))}</p>
    </section>
  );
}
