import { useTranslation } from 'react-i18next';
import { wizardSteps, type StepId } from '../wizard/wizard-steps';
import { Icon } from './icon';

/**
 * The steps as an ordered list: the current one marked for screen readers, the ones that can be
 * opened as buttons, the rest shown but not focusable.
 */
export function StepNav({ current, open, onOpen }: { readonly current: StepId; readonly open: ReadonlySet<StepId>; readonly onOpen: (step: StepId) => void }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('nav.label')} className="step-nav">
      <ol>
        {wizardSteps.map((step, index) => {
          const label = t('nav.step', { number: index + 1, title: t(`steps.${step}`) });
          const state = step === current ? 'current' : open.has(step) ? 'open' : 'locked';
          const content = (
            <>
              <Icon name={step} /> <span>{label}</span>
            </>
          );
          return (
            <li key={step} className={`step step-${state}`}>
              {state === 'locked' ? (
                <span className="step-locked-label" aria-disabled="true">{content}</span>
              ) : (
                <button type="button" className="step-button" aria-current={state === 'current' ? 'step' : undefined} onClick={() => onOpen(step)}>
                  {content}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
