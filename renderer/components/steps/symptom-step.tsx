import { useId, type ReactNode } from 'react';
import type { ParsedError } from '../../../app/diagnosis/types';
import { useDoctor } from '../../store/store-context';
import { failureClassWords } from '../../wizard/failure-words';
import { FoundPythons } from '../found-pythons';

/** Step 1: paste the error (or drop a log file), or check every environment. */
export function SymptomStep() {
  const errorText = useDoctor((s) => s.errorText);
  const recognition = useDoctor((s) => s.recognition);
  const setErrorText = useDoctor((s) => s.setErrorText);
  const takeError = useDoctor((s) => s.useError);
  const checkAll = useDoctor((s) => s.checkAllEnvironments);
  const goTo = useDoctor((s) => s.goTo);
  const textId = useId();
  const fileId = useId();

  const readFile = async (file: File | undefined) => {
    if (file) await setErrorText(await file.text());
  };

  return (
    <section aria-labelledby="symptom-title" className="screen">
      <h2 id="symptom-title">What went wrong?</h2>
      <p className="lead">Paste the error you saw, with its traceback if you have it. Nothing leaves this computer.</p>
      <FoundPythons />
      <label htmlFor={textId}>The error</label>
      <textarea
        id={textId}
        value={errorText}
        spellCheck={false}
        placeholder={'ImportError: DLL load failed while importing _imaging: The specified procedure could not be found.'}
        onChange={(event) => void setErrorText(event.target.value)}
        onDragOver={(event) => event.preventDefault()}
        onDrop={(event) => {
          event.preventDefault();
          void readFile(event.dataTransfer.files[0]);
        }}
      />
      <p className="muted">
        <label htmlFor={fileId} className="inline-label">Or open a log file:</label>{' '}
        <input id={fileId} type="file" accept=".txt,.log,text/plain" onChange={(event) => void readFile(event.target.files?.[0])} />
      </p>
      <div aria-live="polite">
        {recognition.status === 'reading' && <p className="muted">Reading…</p>}
        {recognition.status === 'failed' && <p className="notice notice-error">{recognition.message}</p>}
        {recognition.status === 'read' && <Recognition parsed={recognition.parsed} />}
      </div>
      <div className="actions">
        <button
          type="button"
          disabled={recognition.status !== 'read' || !recognition.parsed.recognized}
          onClick={() => {
            takeError();
            goTo('environment');
          }}
        >
          Next: choose the Python environment
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            checkAll();
            goTo('environment');
          }}
        >
          I have no error: check all environments
        </button>
      </div>
    </section>
  );
}

function Fact({ term, children }: { readonly term: string; readonly children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Recognition({ parsed }: { readonly parsed: ParsedError }) {
  if (!parsed.recognized) {
    return (
      <div className="notice" role="status">
        <p className="notice-message">This does not look like a load error we know.</p>
        <p>Paste the whole error with the lines around it, or check all environments instead.</p>
      </div>
    );
  }
  return (
    <div className="notice notice-ok" role="status" aria-label="What was recognised">
      <p className="notice-message">{failureClassWords[parsed.failureClass]}.</p>
      <dl className="facts">
        <Fact term="Module">{parsed.module ? <code>{parsed.module}</code> : 'not named in the error'}</Fact>
        <Fact term="Kind of failure">{parsed.failureClass}</Fact>
        {parsed.errorCode !== null && <Fact term="Windows error">{parsed.errorCode}</Fact>}
        {parsed.library && <Fact term="Library"><code>{parsed.library}</code></Fact>}
        {parsed.symbol && <Fact term="Missing name"><code>{parsed.symbol}</code></Fact>}
        {parsed.language && parsed.language !== 'en' && <Fact term="Message language">{parsed.language}</Fact>}
        {parsed.dyld?.need && <Fact term="Architectures">{`file has ${parsed.dyld.have.join(', ') || 'another'}, process needs ${parsed.dyld.need}`}</Fact>}
      </dl>
      {parsed.limitations?.map((text) => <p key={text}>{text}</p>)}
    </div>
  );
}
