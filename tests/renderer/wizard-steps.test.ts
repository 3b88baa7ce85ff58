import { describe, expect, it } from 'vitest';
import { nextStep, previousStep, reachableSteps, type StepFacts } from '../../renderer/wizard/wizard-steps';

const nothing: StepFacts = { symptomGiven: false, environmentChosen: false, diagnosisDone: false, hasAutomaticRemedy: false, planConfirmed: false, repairFinished: false };

describe('reachableSteps', () => {
  it('opens only the symptom step at first', () => {
    expect([...reachableSteps(nothing)]).toEqual(['symptom']);
  });

  it('opens steps in order as their inputs exist', () => {
    const facts = { ...nothing, symptomGiven: true, environmentChosen: true };
    expect([...reachableSteps(facts)]).toEqual(['symptom', 'environment', 'diagnosis']);
  });

  it('opens the report but not the fix when a diagnosis has nothing the engine can carry out', () => {
    const open = reachableSteps({ ...nothing, symptomGiven: true, environmentChosen: true, diagnosisDone: true });
    expect(open.has('report')).toBe(true);
    expect(open.has('fix')).toBe(false);
  });

  it('keeps every earlier step open once later ones are reached', () => {
    const all = reachableSteps({ symptomGiven: true, environmentChosen: true, diagnosisDone: true, hasAutomaticRemedy: true, planConfirmed: true, repairFinished: true });
    expect([...all].sort()).toEqual(['apply', 'diagnosis', 'environment', 'fix', 'report', 'symptom', 'verify']);
  });
});

describe('nextStep and previousStep', () => {
  const open = reachableSteps({ ...nothing, symptomGiven: true, environmentChosen: true, diagnosisDone: true });
  it('skips steps that are not open', () => {
    expect(nextStep('diagnosis', open)).toBe('report');
    expect(previousStep('report', open)).toBe('diagnosis');
  });
  it('has no step before the first', () => {
    expect(previousStep('symptom', open)).toBeUndefined();
  });
});
