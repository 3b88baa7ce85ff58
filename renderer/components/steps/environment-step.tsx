import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnvironmentChoice } from '../../../app/contract/environment-choice';
import { useDoctor } from '../../store/store-context';
import { groupEnvironments, groupOf } from '../../wizard/environment-groups';
import { matchingEnvironment } from '../../wizard/matching-environment';
import { ErrorNotice } from '../error-notice';
import { Icon, type StatusTone } from '../icon';
import { PathText } from '../path-text';
import { StepFooter } from '../step-footer';

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
  const found = environments.status === 'ready' ? environments.value : [];
  const all = [...added, ...found.filter((f) => !added.some((a) => a.python === f.python))].filter((e) => !hidden.includes(e.python));
  const groups = groupEnvironments(all, filter);
  const named = fromError.status === 'ready' ? fromError.value : null;
  const matching = symptom.kind === 'error' ? (named?.environment ? all.find((e) => e.python === named.environment?.python) : undefined) ?? matchingEnvironment(symptom.text, all) : undefined;
  useEffect(() => {
    // Pre-select the environment the error came from, once, when nothing is chosen yet.
    if (!selected && matching) choose(matching.python);
  }, [selected, matching, choose]);

  // After "Add": bring the new card into view and say what happened, for eyes and screen readers.
  const addedPython = adding.status === 'ready' ? adding.value.python : null;
  const announcement = adding.status !== 'ready' ? '' : adding.value.status === 'failed' ? t('environment.addedFailing', { label: adding.value.label }) : t('environment.addedAndSelected', { label: adding.value.label });
  useEffect(() => {
    if (!addedPython) return;
    requestAnimationFrame(() => {
      const card = listRef.current?.querySelector<HTMLElement>(`[data-python="${CSS.escape(addedPython)}"]`);
      card?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      card?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus({ preventScroll: true });
    });
  }, [addedPython, adding]);

  return (
    <section aria-labelledby="environment-title" className="screen">
      <h2 id="environment-title">{symptom.kind === 'error' ? t('environment.title') : t('environment.titleAll')}</h2>
      <p className="lead">{t('environment.lead')}</p>
      <div aria-live="polite">
        {fromError.status === 'loading' && <p className="muted" role="status">{t('environment.lookingForNamed')}</p>}
        {named?.environment && (
          <p className="notice notice-ok" role="status">
            <Icon name="ok" /> {t('environment.namedFound', { label: named.environment.label })} <PathText path={named.environment.prefix ?? named.environment.python} />
          </p>
        )}
        {named && !named.environment && named.named.length > 0 && (
          <div className="notice" role="status">
            <p className="notice-message"><Icon name="info" /> {t('environment.namedElsewhere', { count: named.named.length })}</p>
            <ul>{named.named.map((p) => <li key={p}><PathText path={p} /></li>)}</ul>
            <p>{t('environment.namedElsewhereWhatToDo')}</p>
          </div>
        )}
      </div>
      {environments.status === 'loading' && <p role="status">{t('environment.looking')}</p>}
      {environments.status === 'failed' && <ErrorNotice {...environments} />}
      {all.length > 3 && (
        <div className="filter">
          <label htmlFor={filterId}>{t('environment.filterLabel')}</label>
          <input id={filterId} type="search" value={filter} onChange={(event) => setFilter(event.target.value)} placeholder={t('environment.filterPlaceholder')} spellCheck={false} />
        </div>
      )}
      {all.length > 0 && (
        <fieldset className="choices" ref={listRef}>
          <legend className="visually-hidden">{t('environment.listLabel')}</legend>
          {groups.length === 0 && <p className="muted">{t('environment.filterNoMatch')}</p>}
          {groups.map(({ group, items }) => (
            <div key={group} className="env-group">
              <h3>{t(`environment.group.${group}`)} <span className="muted">· {items.length}</span></h3>
              <ul className="card-list" aria-label={t(`environment.group.${group}`)}>
                {items.map((item) => (
                  <EnvironmentCard key={item.python} item={item} selected={selected === item.python} fromError={matching?.python === item.python} onChoose={() => choose(item.python)} onRemove={() => remove(item.python)} />
                ))}
              </ul>
            </div>
          ))}
        </fieldset>
      )}
      <p className="visually-hidden" role="status">{announcement}</p>
      {environments.status === 'ready' && all.length === 0 && <p className="notice">{t('environment.noneFound')}</p>}
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
      <StepFooter hint={selected ? null : t('environment.nextNeedsChoice')} hintId={hintId}>
        <button type="button" disabled={!selected} aria-describedby={selected ? undefined : hintId} onClick={() => goTo('diagnosis')}>{t('environment.next')}</button>
        <button type="button" className="secondary" onClick={() => void loadMachine()} disabled={environments.status === 'loading'}>{t('environment.lookAgain')}</button>
      </StepFooter>
    </section>
  );
}

function EnvironmentCard({ item, selected, fromError, onChoose, onRemove }: { readonly item: EnvironmentChoice; readonly selected: boolean; readonly fromError: boolean; readonly onChoose: () => void; readonly onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <li className={`card env-card ${selected ? 'card-selected' : ''}`} data-python={item.python}>
      <div className="env-card-head">
        <label className="choice">
          <input type="radio" name="environment" value={item.python} checked={selected} disabled={item.status === 'failed'} onChange={onChoose} />
          <span className="card-title">
            <strong>{item.label}</strong>
            {item.architecture && <span className="badge">{item.architecture}</span>}
            <span className={`badge badge-${statusTone[item.status]}`}><Icon name={statusTone[item.status]} /> {t(`environment.status.${item.status}`)}</span>
            {fromError && <span className="badge badge-ok">{t('environment.fromError')}</span>}
          </span>
        </label>
        <button type="button" className="icon-button" onClick={onRemove} aria-label={t('environment.remove', { label: item.label, path: item.python })} title={t('environment.removeShort')}>
          <Icon name="remove" />
        </button>
      </div>
      <PathText path={item.python} />
      <div className="muted">{[t(`environment.kind.${groupOf(item)}`), ...item.sources].join(' · ')}</div>
      {item.message && <p className="muted">{item.message}</p>}
    </li>
  );
}
