import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnvironmentChoice } from '../../../app/contract/environment-choice';
import { useDoctor } from '../../store/store-context';
import { environmentSortKeys, groupOf, sortEnvironments, type EnvironmentSortKey } from '../../wizard/environment-groups';
import { matchingEnvironment } from '../../wizard/matching-environment';
import { ErrorNotice } from '../error-notice';
import { Icon, type StatusTone } from '../icon';
import { PathText } from '../path-text';
import { StepFooter } from '../step-footer';
import { useEngineText } from '../../i18n/engine-text';

const statusTone: Readonly<Record<EnvironmentChoice['status'], StatusTone>> = { ok: 'ok', offline: 'info', failed: 'problem' };

/** Step 2: choose the Python environment to examine (the one the error names is chosen already), or add one by path. */
export function EnvironmentStep() {
  const { t } = useTranslation();
  const environments = useDoctor((s) => s.environments);
  const added = useDoctor((s) => s.addedEnvironments);
  const hidden = useDoctor((s) => s.hiddenEnvironments);
  const adding = useDoctor((s) => s.addingEnvironment);
  const fromError = useDoctor((s) => s.errorEnvironment);
  const loadMachine = useDoctor((s) => s.loadMachine);
  const addByPath = useDoctor((s) => s.addEnvironmentByPath);
  const remove = useDoctor((s) => s.removeEnvironment);
  const selected = useDoctor((s) => s.selectedPython);
  const choose = useDoctor((s) => s.chooseEnvironment);
  const goTo = useDoctor((s) => s.goTo);
  const [newPath, setNewPath] = useState('');
  const [filter, setFilter] = useState('');
  const isDesktop = useDoctor((s) => s.appInfo.status === 'ready' && s.appInfo.value.host === 'electron');
  const pickFolder = useDoctor((s) => s.pickEnvironmentFolder);
  const pathId = useId();
  const filterId = useId();
  const hintId = useId();
  const listRef = useRef<HTMLFieldSetElement>(null);

  const symptom = useDoctor((s) => s.symptom);
  const [sortKey, setSortKey] = useState<EnvironmentSortKey>('kind');
  const sortId = useId();
  const found = environments.status === 'ready' ? environments.value : [];
  const all = [...added, ...found.filter((f) => !added.some((a) => a.python === f.python))].filter((e) => !hidden.includes(e.python));
  const shown = sortEnvironments(all, sortKey, filter);
  const named = fromError.status === 'ready' ? fromError.value : null;
  // The environment the error came from, among those listed: found by the engine, or one the user added whose folder the error names.
  const matching = symptom.kind === 'error' ? (named?.environment ? all.find((e) => e.python === named.environment?.python) : undefined) ?? matchingEnvironment(symptom.text, all) : undefined;
  const chosen = all.find((e) => e.python === selected);
  useEffect(() => {
    // Pre-select the environment the error came from, once, when nothing is chosen yet.
    if (!selected && matching) choose(matching.python);
  }, [selected, matching, choose]);

  // After "Add": bring the new row into view and say what happened, for eyes and screen readers.
  const addedPython = adding.status === 'ready' ? adding.value.python : null;
  const announcement = adding.status !== 'ready' ? '' : adding.value.status === 'failed' ? t('environment.addedFailing', { label: adding.value.label }) : t('environment.addedAndSelected', { label: adding.value.label });
  useEffect(() => {
    if (!addedPython) return;
    // After the list has been laid out with the new row and its selection (two frames), and again
    // while the row is not there yet; at once, not smoothly: a smooth scroll is cut short by a re-layout.
    let frame = 0;
    let tries = 0;
    const bring = () => {
      const row = listRef.current?.querySelector<HTMLElement>(`[data-python="${CSS.escape(addedPython)}"]`);
      if (!row && tries++ < 30) {
        frame = requestAnimationFrame(bring);
        return;
      }
      row?.scrollIntoView({ block: 'center' });
      row?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus({ preventScroll: true });
    };
    frame = requestAnimationFrame(() => (frame = requestAnimationFrame(bring)));
    return () => cancelAnimationFrame(frame);
    // Again when the scan's list arrives after the add: its rows re-sort the list and move the new row away.
  }, [addedPython, adding, environments.status, found.length]);

  // The error names a folder that is not listed: the field to add it goes where the user is asked for it.
  const askForFolder = !matching && named !== null && !named.environment && named.named.length > 0;
  const addForm = (
    <form
      className="add-path"
      onSubmit={(event) => {
        event.preventDefault();
        if (!newPath.trim()) return;
        setFilter('');
        void addByPath(newPath);
      }}
    >
      <label htmlFor={pathId}>{t('environment.addLabel')}</label>
      <div className="actions">
        <input id={pathId} type="text" value={newPath} onChange={(event) => setNewPath(event.target.value)} placeholder={t('environment.addPlaceholder')} spellCheck={false} />
        <button type="submit" className="secondary" disabled={adding.status === 'loading' || newPath.trim() === ''}>{t('environment.add')}</button>
        {isDesktop && (
          <button type="button" className="secondary" onClick={() => void pickFolder()} disabled={adding.status === 'loading'}>
            {t('environment.chooseFolder')}
          </button>
        )}
      </div>
      {adding.status === 'loading' && <p className="muted" role="status">{t('environment.adding')}</p>}
      {adding.status === 'failed' && <ErrorNotice {...adding} />}
    </form>
  );

  return (
    <section aria-labelledby="environment-title" className="screen">
      <h2 id="environment-title">{symptom.kind === 'error' ? t('environment.title') : t('environment.titleAll')}</h2>
      <p className="lead">{t('environment.lead')}</p>
      <div aria-live="polite">
        {fromError.status === 'loading' && <p className="muted" role="status">{t('environment.lookingForNamed')}</p>}
        {matching && selected === matching.python && (
          <p className="notice notice-ok" role="status">
            <Icon name="ok" /> {t('environment.namedFound', { label: matching.label })} <PathText path={matching.prefix ?? matching.python} />
          </p>
        )}
        {matching && chosen && selected !== matching.python && (
          <p className="notice notice-info" role="status">
            <Icon name="info" /> {t('environment.namedOther', { named: matching.label, chosen: chosen.label })}
          </p>
        )}
        {askForFolder && (
          <div className="notice" role="status">
            <p className="notice-message"><Icon name="info" /> {t('environment.namedElsewhere', { count: named.named.length })}</p>
            <ul>{named.named.map((p) => <li key={p}><PathText path={p} /></li>)}</ul>
            <p>{t('environment.namedElsewhereWhatToDo')}</p>
          </div>
        )}
      </div>
      {askForFolder && addForm}
      {environments.status === 'loading' && <p role="status">{t('environment.looking')}</p>}
      {environments.status === 'failed' && <ErrorNotice {...environments} />}
      {all.length > 0 && (
        <div className="filter">
          {all.length > 3 && (
            <>
              <label htmlFor={filterId}>{t('environment.filterLabel')}</label>
              <input id={filterId} type="search" value={filter} onChange={(event) => setFilter(event.target.value)} placeholder={t('environment.filterPlaceholder')} spellCheck={false} />
            </>
          )}
          <label htmlFor={sortId}>{t('environment.sortLabel')}</label>
          <select id={sortId} value={sortKey} onChange={(event) => setSortKey(event.target.value as EnvironmentSortKey)}>
            {environmentSortKeys.map((key) => <option key={key} value={key}>{t(`environment.sort.${key}`)}</option>)}
          </select>
        </div>
      )}
      {all.length > 0 && (
        // One group of radios: one tab stop, the arrow keys move the choice (no button per row).
        <fieldset className="choices" ref={listRef}>
          <legend className="visually-hidden">{t('environment.listLabel')}</legend>
          {shown.length === 0 && <p className="muted">{t('environment.filterNoMatch')}</p>}
          <ul className="env-list" aria-label={t('environment.listLabel')}>
            {shown.map((item) => (
              <EnvironmentRow key={item.python} item={item} selected={selected === item.python} fromError={matching?.python === item.python} onChoose={() => choose(item.python)} />
            ))}
          </ul>
          {chosen && (
            <button type="button" className="secondary" onClick={() => remove(chosen.python)} title={chosen.python}>
              <Icon name="remove" /> {t('environment.removeChosen', { label: chosen.label })}
            </button>
          )}
        </fieldset>
      )}
      <p className="visually-hidden" role="status">{announcement}</p>
      {environments.status === 'ready' && all.length === 0 && <p className="notice">{t('environment.noneFound')}</p>}
      {!askForFolder && addForm}
      <StepFooter hint={selected ? null : t('environment.nextNeedsChoice')} hintId={hintId}>
        <button type="button" disabled={!selected} aria-describedby={selected ? undefined : hintId} onClick={() => goTo('diagnosis')}>{t('environment.next')}</button>
        <button type="button" className="secondary" onClick={() => void loadMachine()} disabled={environments.status === 'loading'}>{t('environment.lookAgain')}</button>
      </StepFooter>
    </section>
  );
}

/** One environment as a dense row: name and architecture, version, kind, path, status. */
function EnvironmentRow({ item, selected, fromError, onChoose }: { readonly item: EnvironmentChoice; readonly selected: boolean; readonly fromError: boolean; readonly onChoose: () => void }) {
  const { t } = useTranslation();
  const { say, said } = useEngineText();
  const sources = item.sourceMessages?.map(say) ?? item.sources;
  return (
    <li className={`env-row ${selected ? 'env-row-selected' : ''}`} data-python={item.python}>
      <label className="choice env-name">
        <input type="radio" name="environment" value={item.python} checked={selected} disabled={item.status === 'failed'} onChange={onChoose} />
        <strong>{item.label}</strong>
      </label>
      <span className="env-version">{item.version ?? '—'}</span>
      <span className="env-kind">{t(`environment.kind.${groupOf(item)}`)}{item.architecture && <span className="muted"> · {item.architecture}</span>}</span>
      <span className="env-path"><PathText path={item.prefix ?? item.python} /></span>
      <span className="env-status">
        <span className={`badge badge-${statusTone[item.status]}`}><Icon name={statusTone[item.status]} /> {t(`environment.status.${item.status}`)}</span>
        {fromError && <span className="badge badge-ok">{t('environment.fromError')}</span>}
      </span>
      {(item.message || sources.length > 0) && <span className="env-note muted">{[...sources, item.message && said({ message: item.message, messages: item.messages }, 'message')].filter(Boolean).join(' · ')}</span>}
    </li>
  );
}
