import { useId } from 'react';
import type { RepairPlan, VersionOffers } from '../../../app/repair/types';
import { remedyTarget } from '../../store/fix-slice';
import { useDoctor } from '../../store/store-context';
import { ErrorNotice } from '../error-notice';

const mixingCost = 'Installing a package with a different manager than the one that installed it leaves two sets of records and files that can disagree: that is a common cause of this very error.';

/** Step 4: the fix, chosen and previewed: manager, version, dependents, and the exact commands. */
export function FixStep() {
  const chosen = useDoctor((s) => s.chosen);
  const manager = useDoctor((s) => s.manager);
  const setManager = useDoctor((s) => s.setManager);
  const plan = useDoctor((s) => s.plan);
  const confirm = useDoctor((s) => s.confirmAndApply);
  const managerName = useId();
  // conda is offered only where it can act: a conda environment.
  const isConda = useDoctor((s) => s.diagnosis.status === 'ready' && s.diagnosis.value.environment.kind === 'conda');
  if (!chosen) {
    return (
      <section aria-labelledby="fix-title" className="screen">
        <h2 id="fix-title">Fix</h2>
        <p>Choose a fix on the diagnosis step first.</p>
      </section>
    );
  }
  const installed = chosen.cause.package?.managers ?? [];
  const target = remedyTarget(chosen.remedy);

  return (
    <section aria-labelledby="fix-title" className="screen">
      <h2 id="fix-title">{chosen.remedy.title}</h2>
      <p className="lead">{chosen.remedy.explanation}</p>
      {target && isConda && (
        <fieldset className="inline-choices">
          <legend>Install with</legend>
          {(['pip', 'conda'] as const).map((m) => (
            <label key={m} className="choice">
              <input type="radio" name={managerName} value={m} checked={manager === m} onChange={() => void setManager(m)} />
              {m}
              {installed.includes(m) && <span className="muted"> (installed it)</span>}
            </label>
          ))}
          {installed.length > 0 && !installed.includes(manager) && <p className="notice">{mixingCost}</p>}
          {installed.length === 0 && <p className="muted">{mixingCost}</p>}
        </fieldset>
      )}
      {target && <VersionPicker packageName={target.package} />}
      {plan.status === 'loading' && <p role="status">Working out the exact commands (a dry run, nothing changes)…</p>}
      {plan.status === 'failed' && <ErrorNotice {...plan} />}
      {plan.status === 'ready' && <PlanPreview plan={plan.value} />}
      <div className="actions">
        <button type="button" disabled={plan.status !== 'ready' || !plan.value.permission.writable || plan.value.runsHere === false} onClick={() => void confirm()}>
          Run these commands
        </button>
        <span className="muted">Nothing runs until you press this. A snapshot is taken first, so the change can be rolled back.</span>
      </div>
    </section>
  );
}

function VersionPicker({ packageName }: { readonly packageName: string }) {
  const offers = useDoctor((s) => s.offers);
  const version = useDoctor((s) => s.version);
  const setVersion = useDoctor((s) => s.setVersion);
  const selectId = useId();
  if (offers.status === 'loading') return <p role="status">Looking up the versions of {packageName} this Python can install…</p>;
  if (offers.status === 'failed') return <ErrorNotice {...offers} />;
  if (offers.status !== 'ready') return null;
  const usable = offers.value.versions.filter((v) => v.installable && !v.yanked);
  return (
    <div className="version-picker">
      <label htmlFor={selectId}>Version of {packageName}</label>
      <select id={selectId} value={version ?? ''} onChange={(event) => void setVersion(event.target.value)}>
        {version && !usable.some((v) => v.version === version) && <option value={version}>{version}</option>}
        {usable.map((v) => (
          <option key={v.version} value={v.version}>
            {v.version}
            {v.knownGood ? ' (suggested)' : ''}
            {v.installed ? ' (installed now)' : ''}
            {v.needsSourceBuild ? ' (would be compiled)' : ''}
          </option>
        ))}
      </select>
      <p className="muted">{describeOffers(offers.value)}</p>
    </div>
  );
}

function describeOffers(offers: VersionOffers): string {
  const hidden = offers.versions.filter((v) => !v.installable || v.yanked).length;
  return `Only versions with a build for this Python are listed${hidden > 0 ? ` (${hidden} others have none)` : ''}. Source: ${offers.source}.`;
}

function PlanPreview({ plan }: { readonly plan: RepairPlan }) {
  const reinstall = useDoctor((s) => s.reinstall);
  const toggle = useDoctor((s) => s.toggleReinstall);
  return (
    <div className="plan">
      {!plan.permission.writable && (
        <div className="notice notice-error" role="alert">
          <p className="notice-message">{plan.permission.message}</p>
          <ul>{plan.permission.choices.map((c) => <li key={c}>{c}</li>)}</ul>
        </div>
      )}
      {plan.dependents.length > 0 && plan.remedy.kind === 'switch-manager' && (
        <div className="dependents">
          <p><strong>Kept as they are</strong> (a plain conda remove would have taken them; only {plan.remedy.package} is removed):</p>
          <ul>{plan.dependents.map((d) => <li key={d.name}>{d.name} {d.version ?? ''}</li>)}</ul>
        </div>
      )}
      {plan.dependents.length > 0 && plan.remedy.kind !== 'switch-manager' && (
        <fieldset className="dependents">
          <legend>Also reinstall (they depend on it)</legend>
          {plan.dependents.map((d) => (
            <label key={d.name} className="choice">
              <input type="checkbox" checked={reinstall === null || reinstall.includes(d.name)} onChange={() => void toggle(d.name)} />
              {d.name} {d.version ?? ''} <span className="muted">: {d.reason}</span>
            </label>
          ))}
        </fieldset>
      )}
      {plan.changes.length > 0 && (
        <>
          <h3>What changes</h3>
          <ul aria-label="What changes">
            {plan.changes.map((c) => (
              <li key={c.package}>{c.package}: {c.from ?? 'not installed'} → {c.to ?? 'removed'}{c.from === c.to ? ' (reinstalled as it is)' : ''}</li>
            ))}
          </ul>
        </>
      )}
      {plan.elsewhere && (
        <>
          <h3>Run these on that machine</h3>
          <p>{plan.elsewhere.where}</p>
          <pre className="quote" aria-label="Commands for that machine">{plan.elsewhere.commands.join('\n')}</pre>
          {/* The commands stay selectable above when the clipboard is not available (the desktop app grants no permissions). */}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(plan.elsewhere?.commands.join('\r\n') ?? '').catch(() => undefined)}>
            Copy the commands
          </button>
        </>
      )}
      {plan.runsHere !== false && <h3>The exact commands</h3>}
      <ol className="commands" aria-label="Commands that will run" hidden={plan.runsHere === false}>
        {plan.steps.map((step) => (
          <li key={step.id}>
            <span>{step.title}</span>
            <pre className="quote">{step.kind === 'command' ? step.argv.map(quoteArg).join(' ') : `move ${step.from} → ${step.to}`}</pre>
          </li>
        ))}
      </ol>
      {plan.warnings.map((w) => <p key={w} className="notice">{w}</p>)}
    </div>
  );
}

/** Shows an argument the way a user would type it; commands still run as arrays, never a shell line. */
function quoteArg(arg: string): string {
  return /^[A-Za-z0-9_./:=@+,-]+$/.test(arg) ? arg : `"${arg.replace(/"/g, '\\"')}"`;
}
