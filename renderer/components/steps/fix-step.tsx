import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RepairPlan, VersionOffers } from '../../../app/repair/types';
import { diagnosedOffline, planHome, remedyTarget } from '../../store/fix-slice';
import { useDoctor } from '../../store/store-context';
import { ErrorNotice } from '../error-notice';
import { Icon } from '../icon';
import { StepFooter } from '../step-footer';
import { useEngineText } from '../../i18n/engine-text';
import { localList } from '../../../app/messages';

/** Step 4: the fix, chosen and previewed: manager, version, dependents, and the exact commands. */
export function FixStep() {
  const { t } = useTranslation();
  const { said } = useEngineText();
  const chosen = useDoctor((s) => s.chosen);
  const manager = useDoctor((s) => s.manager);
  const setManager = useDoctor((s) => s.setManager);
  const plan = useDoctor((s) => s.plan);
  const confirm = useDoctor((s) => s.confirmAndApply);
  const goTo = useDoctor((s) => s.goTo);
  const managerName = useId();
  const hintId = useId();
  // conda is offered only where it can act: a conda environment.
  const isConda = useDoctor((s) => s.diagnosis.status === 'ready' && s.diagnosis.value.environment.kind === 'conda');
  // A copied environment: its folder on its own machine, which the commands for there use (editable even when a plan failed).
  const offline = useDoctor(diagnosedOffline);
  const home = useDoctor((s) => planHome(s) ?? null);
  if (!chosen) {
    return (
      <section aria-labelledby="fix-title" className="screen">
        <h2 id="fix-title">{t('steps.fix')}</h2>
        <p>{t('fix.chooseFirst')}</p>
      </section>
    );
  }
  const installed = chosen.cause.package?.managers ?? [];
  // The module the fix is for: on a copied environment the user imports it there to check.
  const module = chosen.cause.module;
  const target = remedyTarget(chosen.remedy);
  // A copied environment (examined from its files): the commands are for its own machine, so there
  // is nothing to run, roll back or verify here, and the footer says so instead of offering Run.
  const elsewhere = plan.status === 'ready' && plan.value.runsHere === false;
  const hint =
    plan.status === 'loading'
      ? t('fix.waitForPlan')
      : plan.status === 'failed'
        ? t('fix.noPlan')
        : elsewhere
          ? `${t('fix.runsElsewhere')} ${module ? t('fix.checkThere', { module }) : t('fix.checkThereAny')}`
          : plan.status === 'ready' && plan.value.blocked
            ? said({ blocked: plan.value.blocked, ...(plan.value.messages ? { messages: plan.value.messages } : {}) }, 'blocked')
            : plan.status === 'ready' && !plan.value.permission.writable
              ? t('fix.notWritable')
              : null;

  return (
    <section aria-labelledby="fix-title" className="screen">
      <h2 id="fix-title">{said(chosen.remedy, 'title')}</h2>
      <p className="lead">{said(chosen.remedy, 'explanation')}</p>
      {target && isConda && (
        <fieldset className="inline-choices">
          <legend>{t('fix.installWith')}</legend>
          {(['pip', 'conda'] as const).map((m) => (
            <label key={m} className="choice">
              <input type="radio" name={managerName} value={m} checked={manager === m} onChange={() => void setManager(m)} />
              {m}
              {installed.includes(m) && <span className="muted"> {t('fix.installedIt')}</span>}
            </label>
          ))}
          {installed.length > 0 && !installed.includes(manager) && <p className="notice">{t('fix.mixingCost')}</p>}
          {installed.length === 0 && <p className="muted">{t('fix.mixingCost')}</p>}
        </fieldset>
      )}
      {target && <VersionPicker packageName={target.package} />}
      {offline && <HomeFolderField key={home ?? ''} current={home} />}
      {plan.status === 'loading' && <p role="status">{t('fix.planning')}</p>}
      {plan.status === 'failed' && <ErrorNotice {...plan} />}
      {plan.status === 'ready' && <PlanPreview plan={plan.value} mainPackage={target?.package ?? null} />}
      <StepFooter hint={hint} hintId={hintId}>
        {elsewhere ? (
          <button type="button" aria-describedby={hintId} onClick={() => goTo('report')}>
            {t('fix.toReport')}
          </button>
        ) : (
          <>
            <button type="button" disabled={plan.status !== 'ready' || !plan.value.permission.writable || Boolean(plan.value.blocked)} aria-describedby={hint ? hintId : undefined} onClick={() => void confirm()}>
              {t('fix.run')}
            </button>
            <span className="muted">{t('fix.runNote')}</span>
          </>
        )}
      </StepFooter>
    </section>
  );
}

function VersionPicker({ packageName }: { readonly packageName: string }) {
  const { t } = useTranslation();
  const offers = useDoctor((s) => s.offers);
  const version = useDoctor((s) => s.version);
  const setVersion = useDoctor((s) => s.setVersion);
  const selectId = useId();
  if (offers.status === 'loading') return <p role="status">{t('fix.lookingUpVersions', { package: packageName })}</p>;
  if (offers.status === 'failed') return <ErrorNotice {...offers} />;
  if (offers.status !== 'ready') return null;
  const usable = offers.value.versions.filter((v) => v.installable && !v.yanked);
  return (
    <div className="version-picker">
      <label htmlFor={selectId}>{t('fix.versionOf', { package: packageName })}</label>
      <select id={selectId} value={version ?? ''} onChange={(event) => void setVersion(event.target.value)}>
        {version && !usable.some((v) => v.version === version) && <option value={version}>{version}</option>}
        {usable.map((v) => (
          <option key={v.version} value={v.version}>
            {[v.version, v.knownGood && t('fix.suggested'), v.installed && t('fix.installedNow'), v.needsSourceBuild && t('fix.wouldCompile')].filter(Boolean).join(' ')}
          </option>
        ))}
      </select>
      <p className="muted">{describeOffers(offers.value, t)}</p>
    </div>
  );
}

function describeOffers(offers: VersionOffers, t: ReturnType<typeof useTranslation>['t']): string {
  const hidden = offers.versions.filter((v) => !v.installable || v.yanked).length;
  return `${hidden > 0 ? t('fix.onlyInstallableHidden', { count: hidden }) : t('fix.onlyInstallable')} ${t('fix.source', { source: offers.source })}`;
}

function PlanPreview({ plan, mainPackage }: { readonly plan: RepairPlan; readonly mainPackage: string | null }) {
  const { t, i18n } = useTranslation();
  const { said } = useEngineText();
  const reinstall = useDoctor((s) => s.reinstall);
  const toggle = useDoctor((s) => s.toggleReinstall);
  const unchangedId = useId();
  const isMain = (name: string) => mainPackage !== null && name.toLowerCase().replace(/[-_.]+/g, '-') === mainPackage.toLowerCase().replace(/[-_.]+/g, '-');
  return (
    <div className="plan">
      {!plan.permission.writable && (
        <div className="notice notice-error" role="alert">
          <p className="notice-message">{said(plan.permission, 'message')}</p>
          <ul>{localList(plan.permission.choices, plan.permission.choiceMessages, i18n.language).map((c) => <li key={c}>{c}</li>)}</ul>
        </div>
      )}
      {plan.dependents.length > 0 && plan.remedy.kind === 'switch-manager' && (
        <div className="dependents">
          <p><strong>{t('fix.keptTitle')}</strong> {t('fix.keptWhy', { package: plan.remedy.package })}</p>
          <ul>{plan.dependents.map((d) => <li key={d.name}>{d.name} {d.version ?? ''}</li>)}</ul>
        </div>
      )}
      {plan.dependents.length > 0 && plan.remedy.kind !== 'switch-manager' && (
        <fieldset className="dependents">
          <legend>{t('fix.alsoReinstall')}</legend>
          {plan.dependents.map((d) => (
            <label key={d.name} className="choice">
              <input type="checkbox" checked={reinstall === null || reinstall.includes(d.name)} onChange={() => void toggle(d.name)} />
              {d.name} {d.version ?? ''} <span className="muted">: {said(d, 'reason')}</span>
            </label>
          ))}
        </fieldset>
      )}
      {plan.unchangedDependents && plan.unchangedDependents.length > 0 && plan.remedy.kind === 'pip-force-reinstall' && (
        <section className="dependents" aria-labelledby={unchangedId}>
          <p><strong id={unchangedId}>{t('fix.unchangedTitle', { package: plan.remedy.package })}</strong> {t('fix.unchangedWhy', { package: plan.remedy.package })}</p>
          <ul>{plan.unchangedDependents.map((d) => <li key={d.name}>{d.name} {d.version ?? ''} <span className="muted">: {said(d, 'reason')}</span></li>)}</ul>
        </section>
      )}
      {plan.changes.length > 0 && (
        <>
          <h3>{t('fix.changesTitle')}</h3>
          <p className="muted">{plan.runsHere === false ? t('fix.changesFromRecords') : t('fix.changesFromDryRun')}</p>
          <ul aria-label={t('fix.changesTitle')} className="changes">
            {plan.changes.map((c) => (
              <li key={c.package} className={isMain(c.package) ? undefined : 'change-collateral'}>
                {c.package}: {c.from ?? t('fix.notInstalled')} → {c.to ?? t('fix.removed')}
                {c.from === c.to && ` ${t('fix.reinstalledAsIs')}`}
                {!isMain(c.package) && <span className="badge badge-warning"><Icon name="warning" /> {t('fix.alsoChanges')}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {plan.elsewhere && (
        <>
          <h3>{t('fix.elsewhereTitle')}</h3>
          <p>{said(plan.elsewhere, 'where')}</p>
          <pre className="quote" aria-label={t('fix.elsewhereLabel')}>{plan.elsewhere.commands.join('\n')}</pre>
          <CopyCommandsButton text={plan.elsewhere.commands.join('\r\n')} />
          {plan.elsewhere.check && (
            <>
              <p>{t('fix.checkCommand')}</p>
              <pre className="quote" aria-label={t('fix.checkCommandLabel')}>{plan.elsewhere.check}</pre>
              <CopyCommandsButton text={plan.elsewhere.check} label={t('fix.copyCheck')} />
            </>
          )}
        </>
      )}
      {plan.runsHere !== false && <h3>{t('fix.commandsTitle')}</h3>}
      <ol className="commands" aria-label={t('fix.commandsLabel')} hidden={plan.runsHere === false}>
        {plan.steps.map((step) => (
          <li key={step.id}>
            <span>{said(step, 'title')}</span>
            <pre className="quote">{step.kind === 'command' ? step.argv.map(quoteArg).join(' ') : t('fix.move', { from: step.from, to: step.to })}</pre>
          </li>
        ))}
      </ol>
      {localList(plan.warnings, plan.warningMessages, i18n.language).map((w) => <p key={w} className="notice">{w}</p>)}
    </div>
  );
}

/**
 * The environment's folder on the machine it came from, which the commands for there use: taken
 * from the pasted error, confirmed or corrected here (the engine checks what a shell could expand).
 */
function HomeFolderField({ current }: { readonly current: string | null }) {
  const { t } = useTranslation();
  const setHome = useDoctor((s) => s.setHome);
  const [draft, setDraft] = useState(current ?? '');
  const inputId = useId();
  const hintId = useId();
  return (
    <form className="home-folder" onSubmit={(event) => { event.preventDefault(); void setHome(draft); }}>
      <label htmlFor={inputId}>{t('fix.homeLabel')}</label>
      <input id={inputId} type="text" spellCheck={false} value={draft} placeholder={t('fix.homePlaceholder')} aria-describedby={hintId} onChange={(event) => setDraft(event.target.value)} />
      <button type="submit" className="secondary" disabled={draft.trim() === (current ?? '')}>{t('fix.homeApply')}</button>
      <p id={hintId} className="muted">{current ? t('fix.homeHint') : t('fix.homeHintNone')}</p>
    </form>
  );
}

/** Shows an argument the way a user would type it; commands still run as arrays, never a shell line. */
function quoteArg(arg: string): string {
  return /^[A-Za-z0-9_./:=@+,-]+$/.test(arg) ? arg : `"${arg.replace(/"/g, '\\"')}"`;
}

/**
 * Copies the commands for the other machine and says so; the commands stay selectable above when
 * the clipboard is not available (the desktop app grants no permissions), and then it says that.
 */
function CopyCommandsButton({ text, label }: { readonly text: string; readonly label?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <p className="actions">
      <button type="button" onClick={() => void (navigator.clipboard?.writeText(text) ?? Promise.reject(new Error('no clipboard'))).then(() => setCopied('copied'), () => setCopied('failed'))}>
        {label ?? t('fix.copyCommands')}
      </button>
      <span role="status" className={copied === 'copied' ? 'tone-ok' : 'muted'}>
        {copied === 'copied' && <><Icon name="ok" /> {t('common.copied')}</>}
        {copied === 'failed' && t('fix.copyFailed')}
      </span>
    </p>
  );
}
