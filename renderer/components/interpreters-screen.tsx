import { useEffect } from 'react';
import type { PathInterpreter } from '../../app/interpreters/types';
import { useDoctor } from '../store/store-context';
import { ErrorNotice } from './error-notice';
import { PathText } from './path-text';

/** The Pythons found on PATH, each with its version or why it could not be run. */
export function InterpretersScreen() {
  const interpreters = useDoctor((s) => s.interpreters);
  const loadMachine = useDoctor((s) => s.loadMachine);
  useEffect(() => {
    if (interpreters.status === 'idle') void loadMachine();
  }, [interpreters.status, loadMachine]);

  return (
    <section aria-labelledby="interpreters-title" className="screen">
      <h2 id="interpreters-title">Python on this computer</h2>
      <p className="lead">These are the Python interpreters found on your PATH.</p>
      {interpreters.status === 'loading' && <p role="status">Looking for Python interpreters…</p>}
      {interpreters.status === 'failed' && <ErrorNotice {...interpreters} />}
      {interpreters.status === 'ready' && <InterpreterList items={interpreters.value} />}
      <button type="button" onClick={() => void loadMachine()} disabled={interpreters.status === 'loading'}>
        Look again
      </button>
    </section>
  );
}

function InterpreterList({ items }: { readonly items: readonly PathInterpreter[] }) {
  if (items.length === 0) {
    return <p className="notice">No Python interpreter was found on PATH. If Python is installed, its folder may be missing from PATH.</p>;
  }
  return (
    <ul className="card-list" aria-label="Python interpreters">
      {items.map((item) => (
        <li key={item.realPath} className="card">
          <div className="card-title">
            <strong>{item.status === 'ok' ? `${item.implementation} ${item.version}` : item.names.join(', ')}</strong>
            {item.status === 'ok' ? <span className="badge badge-ok">{item.bits}-bit</span> : <span className="badge badge-bad">Cannot run</span>}
          </div>
          <PathText path={item.path} />
          <div className="muted">Found as {item.names.join(', ')}</div>
          {item.message && <p className="muted">{item.message}</p>}
        </li>
      ))}
    </ul>
  );
}
