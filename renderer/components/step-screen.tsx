import { assertNever } from '../wizard/assert-never';
import type { StepId } from '../wizard/wizard-steps';
import { DiagnosisStep } from './steps/diagnosis-step';
import { EnvironmentStep } from './steps/environment-step';
import { ReportStep } from './steps/report-step';
import { VerifyStep } from './steps/verify-step';
import { SymptomStep } from './steps/symptom-step';

/** The screen of one step. */
export function StepScreen({ step }: { readonly step: StepId }) {
  switch (step) {
    case 'symptom':
      return <SymptomStep />;
    case 'environment':
      return <EnvironmentStep />;
    case 'diagnosis':
      return <DiagnosisStep />;
    case 'fix':
    case 'apply':
      // Not reachable yet: reachableSteps opens them only once the engine can run them.
      return null;
    case 'verify':
      return <VerifyStep />;
    case 'report':
      return <ReportStep />;
    default:
      return assertNever(step);
  }
}
