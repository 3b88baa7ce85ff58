import { useId } from 'react';
import type { ReportFormat, RenderedReport } from '../../../app/report/saved-report';
import { savesWithDialog, type ReportDelivery } from '../../store/report-slice';
import { useDoctor } from '../../store/store-context';
import { ErrorNotice } from '../error-notice';
import { PathText } from '../path-text';

const formats: readonly { readonly format: ReportFormat; readonly name: string }[] = [
  { format: 'html', name: 'HTML' },
  { format: 'markdown', name: 'Markdown' },
  { format: 'json', name: 'JSON' },
];

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

function deliveryMessage(delivery: ReportDelivery): string {
  const privacy = delivery.redacted ? 'Your user name, home folder and computer name are hidden in it.' : 'This copy is complete: keep it on this computer.';
  switch (delivery.kind) {
    case 'saved':
      return `Saved. ${privacy}`;
    case 'downloaded':
      return `Downloaded as ${delivery.fileName}. ${privacy}`;
    case 'copied':
      return `Copied to the clipboard. ${privacy}`;
  }
}

/** Step 7: save the diagnostic report, or copy it for a bug report. */
export function ReportStep() {
  const redact = useDoctor((s) => s.redactReport);
  const setRedact = useDoctor((s) => s.setRedactReport);
  const saved = useDoctor((s) => s.savedReport);
  const withDialog = useDoctor(savesWithDialog);
  const saveReport = useDoctor((s) => s.saveReport);
  const copyMarkdown = useDoctor((s) => s.copyMarkdown);
  const reveal = useDoctor((s) => s.revealReport);
  const redactId = useId();

  return (
    <section aria-labelledby="report-title" className="screen">
      <h2 id="report-title">Report</h2>
      <p className="lead">Save what was found and done, or copy it into a bug report for the package.</p>
      <p className="choice">
        <input id={redactId} type="checkbox" checked={redact} onChange={(event) => setRedact(event.target.checked)} />
        <label htmlFor={redactId} className="inline-label">
          Hide my user name, home folder and computer name (recommended before sharing)
        </label>
      </p>
      <div className="actions">
        {formats.map(({ format, name }) => (
          <button key={format} type="button" className="secondary" onClick={() => void saveReport(format, downloadReport)} disabled={saved.status === 'loading'}>
            {withDialog ? `Save as ${name}…` : `Download ${name}`}
          </button>
        ))}
        <button type="button" onClick={() => void copyMarkdown((text) => navigator.clipboard.writeText(text))} disabled={saved.status === 'loading'}>
          Copy Markdown for a bug report
        </button>
      </div>
      <div aria-live="polite">
        {saved.status === 'failed' && <ErrorNotice {...saved} />}
        {saved.status === 'ready' && (
          <div className="notice notice-ok" role="status" aria-label="Saved report">
            <p className="notice-message">{deliveryMessage(saved.value)}</p>
            {saved.value.kind === 'saved' && (
              <>
                <p>
                  <PathText path={saved.value.path} />
                </p>
                <button type="button" className="secondary" onClick={() => void reveal()}>
                  Show in folder
                </button>
              </>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
