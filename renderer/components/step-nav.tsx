import { stepTitles, wizardSteps, type StepId } from '../wizard/wizard-steps';

/**
 * The steps as an ordered list: the current one marked for screen readers, the ones that can be
 * opened as buttons, the rest shown but not focusable.
 */
export function StepNav({ current, open, onOpen }: { readonly current: StepId; readonly open: ReadonlySet<StepId>; readonly onOpen: (step: StepId) => void }) {
  return (
    <nav aria-label="Steps" className="step-nav">
      <ol>
        {wizardSteps.map((step, index) => {
          const label = `${index + 1}. ${stepTitles[step]}`;
          const state = step === current ? 'current' : open.has(step) ? 'open' : 'locked';
          return (
            <li key={step} className={`step step-${state}`}>
              {state === 'locked' ? (
                <span aria-disabled="true">{label}</span>
              ) : (
                <button type="button" className="step-button" aria-current={state === 'current' ? 'step' : undefined} onClick={() => onOpen(step)}>
                  {label}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
