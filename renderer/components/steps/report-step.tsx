import { useId } from 'react';
import type { ReportFormat } from '../../../app/report/saved-report';
import { useDoctor } from '../../store/store-context';
import { ErrorNotice } from '../error-notice';
import { PathText } from '../path-text';

const formats: readonly { readonly format: ReportFormat; readonly label: string }[] = [
  { format: 'html', label: 'Save as HTML' },
  { format: 'markdown', label: 'Save as Markdown' },
  { format: 'json', label: 'Save as JSON' },
];

/** Step 7: export the diagnostic report, or copy it for a bug report. */
export function ReportStep() {
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
      <h2 id="report-title">Report</h2>
      <p className="lead">Save what was found and done, or copy it into a bug report for the package.</p>
      <p className="choice">
        <input id={redactId} type="checkbox" checked={redact} onChange={(event) => setRedact(event.target.checked)} />
        <label htmlFor={redactId} className="inline-label">
          Hide my user name, home folder and computer name (recommended before sharing)
        </label>
      </p>
      <div className="actions">
        {formats.map(({ format, label }) => (
          <button key={format} type="button" className="secondary" onClick={() => void exportReport(format)} disabled={saved.status === 'loading'}>
            {label}
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
            <p className="notice-message">{copied ? 'Copied to the clipboard and saved.' : 'Saved.'} {saved.value.redacted ? 'Your user name, home folder and computer name are hidden in it.' : 'This copy is complete: keep it on this computer.'}</p>
            <p><PathText path={saved.value.path} /></p>
            <button type="button" className="secondary" onClick={() => void reveal()}>Show in folder</button>
          </div>
        )}
      </div>
    </section>
  );
}
