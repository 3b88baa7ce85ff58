import { useEffect } from 'react';
import type { Diagnosis } from '../../../app/diagnosis/types';
import { useDoctor } from '../../store/store-context';
import { ErrorNotice } from '../error-notice';

/** Step 6: the import test again, beside the first one. */
export function VerifyStep() {
  const diagnosis = useDoctor((s) => s.diagnosis);
  const verification = useDoctor((s) => s.verification);
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
      <h2 id="verify-title">Did it work?</h2>
      {verification.status === 'loading' && <p role="status">Importing again in a fresh interpreter…</p>}
      {verification.status === 'failed' && <ErrorNotice {...verification} />}
      {after && (
        <div className={`notice ${fixed ? 'notice-ok' : 'notice-error'}`} role="status" aria-label="Verification">
          <p className="notice-message">{fixed ? 'Fixed: the import works now.' : 'Not fixed yet: the import still fails.'}</p>
          {!fixed && <p>Go back to the fix step to try another remedy, or roll back the change from the apply step.</p>}
        </div>
      )}
      <div className="side-by-side">
        <ImportColumn title="Before" diagnosis={diagnosis.value} />
        {after ? <ImportColumn title="Now" diagnosis={after} /> : <div />}
      </div>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void runVerification()} disabled={verification.status === 'loading'}>Check again</button>
        <button type="button" onClick={() => goTo('report')}>Next: the report</button>
      </div>
    </section>
  );
}

function ImportColumn({ title, diagnosis }: { readonly title: string; readonly diagnosis: Diagnosis }) {
  return (
    <section className="card" aria-label={`Import test: ${title.toLowerCase()}`}>
      <h3>{title}</h3>
      <ul className="import-results">
        {diagnosis.modules.map((m) => (
          <li key={m.module}>
            <code>import {m.module}</code> <span className={`badge badge-${m.ok ? 'ok' : 'bad'}`}>{m.ok ? 'works' : 'fails'}</span>
            {m.message && <pre className="quote">{m.message}</pre>}
          </li>
        ))}
      </ul>
      <p className="muted">{diagnosis.status === 'healthy' ? 'No problem found.' : diagnosis.causes[0]?.title ?? 'Failure not explained.'}</p>
    </section>
  );
}
