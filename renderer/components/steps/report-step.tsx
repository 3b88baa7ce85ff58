import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportFormat, RenderedReport } from '../../../app/report/saved-report';
import { savesWithDialog, type ReportDelivery } from '../../store/report-slice';
import { useDoctor } from '../../store/store-context';
import { ErrorNotice } from '../error-notice';
import { Icon } from '../icon';
import { PathText } from '../path-text';

const formats: readonly ReportFormat[] = ['html', 'markdown', 'json'];

/** Browser mode: the engine rendered the report; the page hands it to the browser as a download. */
function downloadReport(report: RenderedReport): void {
  const url = URL.createObjectURL(new Blob([report.content], { type: report.mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = report.fileName;
  link.click();
  // The download has taken the data by the next task; the URL need not outlive it.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Step 7: save the diagnostic report, or copy it for a bug report. */
export function ReportStep() {
  const { t } = useTranslation();
  const redact = useDoctor((s) => s.redactReport);
  const setRedact = useDoctor((s) => s.setRedactReport);
  const saved = useDoctor((s) => s.savedReport);
  const withDialog = useDoctor(savesWithDialog);
  const saveReport = useDoctor((s) => s.saveReport);
  const copyMarkdown = useDoctor((s) => s.copyMarkdown);
  const reveal = useDoctor((s) => s.revealReport);
  const preview = useDoctor((s) => s.reportPreview);
  const previewReport = useDoctor((s) => s.previewReport);
  const redactId = useId();
  const inEnglish = useDoctor((s) => s.reportInEnglish);
  const setInEnglish = useDoctor((s) => s.setReportInEnglish);
  const { i18n } = useTranslation();
  const englishId = useId();
  // What will be shared is shown before it is saved or copied, and again when the privacy choice changes.
  useEffect(() => {
    if (preview.status === 'idle') void previewReport();
  }, [preview.status, previewReport]);

  const deliveryMessage = (delivery: ReportDelivery): string => {
    const privacy = delivery.redacted ? t('report.redacted') : t('report.complete');
    switch (delivery.kind) {
      case 'saved':
        return `${t('report.saved')} ${privacy}`;
      case 'downloaded':
        return `${t('report.downloaded', { fileName: delivery.fileName })} ${privacy}`;
      case 'copied':
        return `${t('report.copied')} ${privacy}`;
    }
  };

  return (
    <section aria-labelledby="report-title" className="screen">
      <h2 id="report-title">{t('report.title')}</h2>
      <p className="lead">{t('report.lead')}</p>
      <p className="choice">
        <input id={redactId} type="checkbox" checked={redact} onChange={(event) => setRedact(event.target.checked)} />
        <label htmlFor={redactId} className="inline-label">{t('report.redact')}</label>
      </p>
      {i18n.language !== 'en' && (
        <p className="choice">
          <input id={englishId} type="checkbox" checked={inEnglish} onChange={(event) => setInEnglish(event.target.checked)} />
          <label htmlFor={englishId} className="inline-label">{t('report.inEnglish')}</label>
        </p>
      )}
      <div className="actions">
        {formats.map((format) => (
          <button key={format} type="button" className="secondary" onClick={() => void saveReport(format, downloadReport)} disabled={saved.status === 'loading'}>
            {withDialog ? t(`report.save.${format}`) : t(`report.download.${format}`)}
          </button>
        ))}
        <button type="button" onClick={() => void copyMarkdown((text) => navigator.clipboard.writeText(text))} disabled={saved.status === 'loading'}>
          {t('report.copyMarkdown')}
        </button>
      </div>
      <details className="report-preview" open>
        <summary>{redact ? t('report.previewRedacted') : t('report.previewComplete')}</summary>
        {preview.status === 'loading' && <p className="muted" role="status">{t('report.previewLoading')}</p>}
        {preview.status === 'failed' && <ErrorNotice {...preview} />}
        {preview.status === 'ready' && (
          <pre className="quote" tabIndex={0} aria-label={t('report.previewLabel')}>
            {preview.value.content}
          </pre>
        )}
      </details>
      <div aria-live="polite">
        {saved.status === 'failed' && <ErrorNotice {...saved} />}
        {saved.status === 'ready' && (
          <div className="notice notice-ok" role="status" aria-label={t('report.savedLabel')}>
            <p className="notice-message">
              <Icon name="ok" /> {deliveryMessage(saved.value)}
            </p>
            {saved.value.kind === 'saved' && (
              <>
                <p>
                  <PathText path={saved.value.path} />
                </p>
                <button type="button" className="secondary" onClick={() => void reveal()}>
                  {t('report.showInFolder')}
                </button>
              </>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
