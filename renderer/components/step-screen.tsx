import { assertNever } from '../wizard/assert-never';
import type { StepId } from '../wizard/wizard-steps';
import { InterpretersScreen } from './interpreters-screen';
import { SymptomStep } from './steps/symptom-step';

/** The screen of one step. */
export function StepScreen({ step }: { readonly step: StepId }) {
  switch (step) {
    case 'symptom':
      return <SymptomStep />;
    case 'environment':
      return <InterpretersScreen />;
    case 'diagnosis':
    case 'fix':
    case 'apply':
    case 'verify':
    case 'report':
      // Not reachable yet: reachableSteps opens them only once the engine can run them.
      return null;
    default:
      return assertNever(step);
  }
}
