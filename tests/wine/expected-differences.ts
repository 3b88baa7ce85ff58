import type { CaseSpec } from './case-generator';
import type { Verdict } from './differential';

/**
 * Where Wine's loader is known to differ from Windows', and the simulation follows Windows: each
 * entry names the rule, the Microsoft documentation that states Windows' behaviour, and which
 * cases it covers. A disagreement not matched here fails the suite.
 */
export interface ExpectedDifference {
  readonly id: string;
  readonly why: string;
  readonly citation: string;
  applies(c: CaseSpec, wine: Verdict, simulated: Verdict): boolean;
}

export const EXPECTED_DIFFERENCES: readonly ExpectedDifference[] = [];
