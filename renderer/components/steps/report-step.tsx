import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportFormat } from '../../../app/report/saved-report';
import { useDoctor } from '../../store/store-context';
import { ErrorNotice } from '../error-notice';
import { Icon } from '../icon';
import { PathText } from '../path-text';

const formats: readonly ReportFormat[] = ['html', 'markdown', 'json'];

/** Step 7: export the diagnostic report, or copy it for a bug report. */
export function ReportStep() {
  const { t } = useTranslation();
  const redact = useDoctor((s) => s.redactReport);
  const setRedact = useDoctor((s) => s.setRedactReport);
  const saved = useDoctor((s) => s.savedReport);
  const copied = useDoctor((s) => s.copied);
  const exportReport = useDoctor((s) => s.exportReport);
  const copyMarkdown = useDoctor((s) => s.copyMarkdown);
  const reveal = useDoctor((s) => s.revealReport);
  const redactId = useId();

  return (
    <section aria-labelledby="report-title" className="screen">
      <h2 id="report-title">{t('report.title')}</h2>
      <p className="lead">{t('report.lead')}</p>
      <p className="choice">
        <input id={redactId} type="checkbox" checked={redact} onChange={(event) => setRedact(event.target.checked)} />
        <label htmlFor={redactId} className="inline-label">{t('report.redact')}</label>
      </p>
      <div className="actions">
        {formats.map((format) => (
          <button key={format} type="button" className="secondary" onClick={() => void exportReport(format)} disabled={saved.status === 'loading'}>
            {t(`report.save.${format}`)}
          </button>
        ))}
        <button type="button" onClick={() => void copyMarkdown((text) => navigator.clipboard.writeText(text))} disabled={saved.status === 'loading'}>
          {t('report.copyMarkdown')}
        </button>
      </div>
      <div aria-live="polite">
        {saved.status === 'failed' && <ErrorNotice {...saved} />}
        {saved.status === 'ready' && (
          <div className="notice notice-ok" role="status" aria-label={t('report.savedLabel')}>
            <p className="notice-message"><Icon name="ok" /> {copied ? t('report.copiedAndSaved') : t('report.saved')} {saved.value.redacted ? t('report.redacted') : t('report.complete')}</p>
            <p><PathText path={saved.value.path} /></p>
            <button type="button" className="secondary" onClick={() => void reveal()}>{t('report.showInFolder')}</button>
          </div>
        )}
      </div>
    </section>
  );
}
