import { useDoctor } from '../../store/store-context';
import { ErrorNotice } from '../error-notice';
import { PathText } from '../path-text';

/** Step 2: choose the Python environment to examine. */
export function EnvironmentStep() {
  const interpreters = useDoctor((s) => s.interpreters);
  const loadMachine = useDoctor((s) => s.loadMachine);
  const selected = useDoctor((s) => s.selectedPython);
  const choose = useDoctor((s) => s.chooseEnvironment);
  const goTo = useDoctor((s) => s.goTo);

  return (
    <section aria-labelledby="environment-title" className="screen">
      <h2 id="environment-title">Which Python shows the error?</h2>
      <p className="lead">Choose the interpreter you run when the import fails.</p>
      {interpreters.status === 'loading' && <p role="status">Looking for Python interpreters…</p>}
      {interpreters.status === 'failed' && <ErrorNotice {...interpreters} />}
      {interpreters.status === 'ready' && (
        <fieldset className="choices">
          <legend className="visually-hidden">Python interpreters</legend>
          <ul className="card-list" aria-label="Python interpreters">
            {interpreters.value.map((item) => (
              <li key={item.realPath} className={`card ${selected === item.path ? 'card-selected' : ''}`}>
                <label className="choice">
                  <input type="radio" name="environment" value={item.path} checked={selected === item.path} disabled={item.status !== 'ok'} onChange={() => choose(item.path)} />
                  <span className="card-title">
                    <strong>{item.status === 'ok' ? `${item.implementation} ${item.version}` : item.names.join(', ')}</strong>
                    {item.status === 'ok' ? <span className="badge badge-ok">{item.bits}-bit</span> : <span className="badge badge-bad">Cannot run</span>}
                  </span>
                </label>
                <PathText path={item.path} />
                <div className="muted">Found on PATH as {item.names.join(', ')}</div>
                {item.message && <p className="muted">{item.message}</p>}
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <div className="actions">
        <button type="button" disabled={!selected} onClick={() => goTo('diagnosis')}>Next: diagnose</button>
        <button type="button" className="secondary" onClick={() => void loadMachine()} disabled={interpreters.status === 'loading'}>Look again</button>
      </div>
    </section>
  );
}
