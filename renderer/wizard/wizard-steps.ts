/** The wizard's steps, in order. */
export const wizardSteps = ['symptom', 'environment', 'diagnosis', 'fix', 'apply', 'verify', 'report'] as const;
export type StepId = (typeof wizardSteps)[number];

/** What decides which steps can be entered: facts about the work done so far, nothing else. */
export interface StepFacts {
  /** An error was pasted and read, or "check all environments" was chosen. */
  readonly symptomGiven: boolean;
  readonly environmentChosen: boolean;
  readonly diagnosisDone: boolean;
  /** The diagnosis offers at least one remedy the engine can carry out. */
  readonly hasAutomaticRemedy: boolean;
  /** A repair of the plan on screen was started (it runs or has run). */
  readonly planConfirmed: boolean;
  /** The repair finished, successfully or not (verify shows either way). */
  readonly repairFinished: boolean;
}

/**
 * The steps the user may open now. Going back to look loses nothing: earlier steps stay reachable
 * and keep their data; later steps open once what they need exists. Changing an earlier step
 * clears what was made from it (wizard/session.ts), which closes the later steps again.
 */
export function reachableSteps(facts: StepFacts): ReadonlySet<StepId> {
  const open = new Set<StepId>(['symptom']);
  if (!facts.symptomGiven) return open;
  open.add('environment');
  if (!facts.environmentChosen) return open;
  open.add('diagnosis');
  if (!facts.diagnosisDone) return open;
  open.add('report');
  if (facts.hasAutomaticRemedy) open.add('fix');
  if (facts.planConfirmed) open.add('apply');
  if (facts.repairFinished) open.add('verify');
  return open;
}

/** The step after `step` that is open, if any. */
export function nextStep(step: StepId, open: ReadonlySet<StepId>): StepId | undefined {
  return wizardSteps.slice(wizardSteps.indexOf(step) + 1).find((s) => open.has(s));
}

/** The open step before `step`, if any. */
export function previousStep(step: StepId, open: ReadonlySet<StepId>): StepId | undefined {
  return wizardSteps.slice(0, wizardSteps.indexOf(step)).reverse().find((s) => open.has(s));
}
