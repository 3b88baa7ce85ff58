import { assertNever } from '../wizard/assert-never';
import type { StepId } from '../wizard/wizard-steps';
import { ApplyStep } from './steps/apply-step';
import { DiagnosisStep } from './steps/diagnosis-step';
import { FixStep } from './steps/fix-step';
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
      return <FixStep />;
    case 'apply':
      return <ApplyStep />;
    case 'verify':
      return <VerifyStep />;
    case 'report':
      return <ReportStep />;
    default:
      return assertNever(step);
  }
}
