import { useEffect, useId, useState } from 'react';
import type { EnvironmentChoice } from '../../../app/api/environment-choice';
import { useDoctor } from '../../store/store-context';
import { ErrorNotice } from '../error-notice';
import { PathText } from '../path-text';
import { matchingEnvironment } from '../../wizard/matching-environment';

const statusBadge: Readonly<Record<EnvironmentChoice['status'], { text: string; tone: string }>> = {
  ok: { text: 'Runs', tone: 'ok' },
  offline: { text: 'Examined from files', tone: 'medium' },
  failed: { text: 'Cannot run', tone: 'bad' },
};

/** Step 2: choose the Python environment to examine, or add one by path. */
export function EnvironmentStep() {
  const environments = useDoctor((s) => s.environments);
  const added = useDoctor((s) => s.addedEnvironments);
  const adding = useDoctor((s) => s.addingEnvironment);
  const loadMachine = useDoctor((s) => s.loadMachine);
  const addByPath = useDoctor((s) => s.addEnvironmentByPath);
  const selected = useDoctor((s) => s.selectedPython);
  const choose = useDoctor((s) => s.chooseEnvironment);
  const goTo = useDoctor((s) => s.goTo);
  const [newPath, setNewPath] = useState('');
  const isDesktop = useDoctor((s) => s.appInfo.status === 'ready' && s.appInfo.value.host === 'electron');
  const pickFolder = useDoctor((s) => s.pickEnvironmentFolder);
  const pathId = useId();

  const symptom = useDoctor((s) => s.symptom);
  const found = environments.status === 'ready' ? environments.value : [];
  const all = [...added, ...found.filter((f) => !added.some((a) => a.python === f.python))];
  const matching = symptom.kind === 'error' ? matchingEnvironment(symptom.text, all) : undefined;
  useEffect(() => {
    // Pre-select the environment the error came from, once, when nothing is chosen yet.
    if (!selected && matching) choose(matching.python);
  }, [selected, matching, choose]);

  return (
    <section aria-labelledby="environment-title" className="screen">
      <h2 id="environment-title">Which Python shows the error?</h2>
      <p className="lead">Choose the environment you run when the import fails, or add it by path.</p>
      {environments.status === 'loading' && <p role="status">Looking for Python environments…</p>}
      {environments.status === 'failed' && <ErrorNotice {...environments} />}
      {all.length > 0 && (
        <fieldset className="choices">
          <legend className="visually-hidden">Python environments</legend>
          <ul className="card-list" aria-label="Python environments">
            {all.map((item) => (
              <li key={item.python} className={`card ${selected === item.python ? 'card-selected' : ''}`}>
                <label className="choice">
                  <input type="radio" name="environment" value={item.python} checked={selected === item.python} disabled={item.status === 'failed'} onChange={() => choose(item.python)} />
                  <span className="card-title">
                    <strong>{item.label}</strong>
                    {item.architecture && <span className="badge">{item.architecture}</span>}
                    <span className={`badge badge-${statusBadge[item.status].tone}`}>{statusBadge[item.status].text}</span>
                    {matching?.python === item.python && <span className="badge badge-high">The error came from here</span>}
                  </span>
                </label>
                <PathText path={item.python} />
                <div className="muted">{item.kind} · found {item.sources.join('; ')}</div>
                {item.message && <p className="muted">{item.message}</p>}
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      {environments.status === 'ready' && all.length === 0 && (
        <p className="notice">No Python was found. If Python is installed, add it by path below.</p>
      )}
      <form
        className="add-path"
        onSubmit={(event) => {
          event.preventDefault();
          if (newPath.trim()) void addByPath(newPath);
        }}
      >
        <label htmlFor={pathId}>Add an environment by path (its folder or its python)</label>
        <div className="actions">
          <input id={pathId} type="text" value={newPath} onChange={(event) => setNewPath(event.target.value)} placeholder="C:\Users\you\Anaconda3 or /home/you/venv" spellCheck={false} />
          <button type="submit" className="secondary" disabled={adding.status === 'loading' || newPath.trim() === ''}>Add</button>
          {isDesktop && (
            <button type="button" className="secondary" onClick={() => void pickFolder()} disabled={adding.status === 'loading'}>
              Choose a folder…
            </button>
          )}
        </div>
        {adding.status === 'failed' && <ErrorNotice {...adding} />}
      </form>
      <div className="actions">
        <button type="button" disabled={!selected} onClick={() => goTo('diagnosis')}>Next: diagnose</button>
        <button type="button" className="secondary" onClick={() => void loadMachine()} disabled={environments.status === 'loading'}>Look again</button>
      </div>
    </section>
  );
}
