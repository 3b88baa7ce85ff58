import { describe, expect, it } from 'vitest';
import type { DiagnosisResult } from '../../app/contract/contract';
import type { Cause, ParsedError, Remedy } from '../../app/diagnosis/types';
import type { RepairOutcome, RepairPlan } from '../../app/repair/types';
import { changeAt, clampStep, emptyOutputs, initialSession, lossAfter, stepFacts, withEnvironment, withRemedy, withSymptom, type Session, type Symptom } from '../../renderer/wizard/session';
import { reachableSteps, wizardSteps, type StepId } from '../../renderer/wizard/wizard-steps';

// Shapes as the engine returns them, reduced to what the session reads.
const remedy = { id: 'r1', kind: 'pip-install-version', package: 'pillow', version: '4.0.0', automatic: true } as unknown as Remedy;
const cause = { id: 'c1', remedies: [remedy] } as unknown as Cause;
const diagnosis = (id: string) => ({ id, causes: [cause], modules: [], checks: [] }) as unknown as DiagnosisResult;
const linuxError: Symptom = { kind: 'error', text: 'ImportError: libfoo.so.1: cannot open shared object file', parsed: { recognized: true } as ParsedError };
const windowsError: Symptom = { kind: 'error', text: 'ImportError: DLL load failed while importing _imaging', parsed: { recognized: true } as ParsedError };
const outcome = (snapshotId: string | null): RepairOutcome => ({ status: 'fixed', summary: '', snapshotId, actions: [], importWorks: true }) as unknown as RepairOutcome;

/** A session walked to the end: symptom, environment, diagnosis, fix, a repair, its verification, a saved report. */
function walkedToReport(snapshotId: string | null = 'snap-1'): Session {
  let s = withSymptom(initialSession(), linuxError);
  s = withEnvironment(s, '/venv/bin/python');
  s = changeAt(s, 'environment', { diagnosis: { status: 'ready', value: diagnosis('d1'), python: '/venv/bin/python' } });
  s = withRemedy(s, { cause, remedy }, 'pip', '4.0.0');
  s = changeAt(s, 'fix', { plan: { status: 'ready', value: { id: 'p1' } as RepairPlan } });
  s = changeAt(s, 'fix', { apply: { status: 'finished', jobId: 'job-apply-1', outcome: outcome(snapshotId), rolledBack: null, rollbackJobId: null } });
  s = changeAt(s, 'apply', { verification: { status: 'ready', value: diagnosis('d2') } });
  s = changeAt(s, 'verify', { savedReport: { status: 'ready', value: { kind: 'copied', redacted: true } } });
  return { ...s, step: 'report' };
}

/** The outputs of every step after `step`, as they must be after a change there. */
function expectClearedAfter(s: Session, step: StepId) {
  for (const later of wizardSteps.slice(wizardSteps.indexOf(step) + 1)) {
    if (later === 'environment' && step === 'symptom') continue; // the new symptom's own environment output is set with it
    for (const [key, value] of Object.entries(emptyOutputs[later])) expect(s[key as keyof Session], `${later}.${key}`).toEqual(value);
  }
}

describe('the wizard session', () => {
  it('starts on the symptom step with nothing done', () => {
    const s = initialSession();
    expect(s.step).toBe('symptom');
    expect([...reachableSteps(stepFacts(s))]).toEqual(['symptom']);
  });

  it('opens every step once the walk reached the report', () => {
    expect([...reachableSteps(stepFacts(walkedToReport()))].sort()).toEqual([...wizardSteps].sort());
  });

  describe('going back and changing', () => {
    it('a new error clears the environment, diagnosis, fix, repair, verification and report made for the old one', () => {
      const s = withSymptom(walkedToReport(null), windowsError);
      expect(s.symptom).toBe(windowsError);
      expect(s.selectedPython).toBeNull();
      expect(s.errorEnvironment).toEqual({ status: 'idle' });
      expectClearedAfter(s, 'symptom');
      expect([...reachableSteps(stepFacts(s))]).toEqual(['symptom', 'environment']);
      expect(s.step).toBe('environment');
    });

    it('a new error clears what the user said the old program imports first', () => {
      const s = withSymptom({ ...walkedToReport(), programContext: { after: 'PyQt5.QtCore', program: '' } }, windowsError);
      expect(s.programContext).toEqual({ after: '', program: '' });
    });

    it('"check every environment" after an error clears what the error led to', () => {
      const s = withSymptom(walkedToReport(null), { kind: 'all' });
      expect(s.selectedPython).toBeNull();
      expect(s.diagnosis.status).toBe('idle');
    });

    it('the same error taken again changes nothing', () => {
      const before = walkedToReport(null);
      expect(withSymptom(before, { ...linuxError })).toBe(before);
    });

    it('another environment clears the diagnosis and everything after it, and keeps the symptom', () => {
      const s = withEnvironment(walkedToReport(null), '/other/bin/python');
      expect(s.symptom).toBe(linuxError);
      expect(s.selectedPython).toBe('/other/bin/python');
      expectClearedAfter(s, 'environment');
      expect(s.step).toBe('diagnosis');
    });

    it('the same environment chosen again changes nothing', () => {
      const before = walkedToReport(null);
      expect(withEnvironment(before, '/venv/bin/python')).toBe(before);
    });

    it('unchoosing the environment closes the diagnosis step', () => {
      const s = withEnvironment(walkedToReport(null), null);
      expect([...reachableSteps(stepFacts(s))]).toEqual(['symptom', 'environment']);
      expect(s.step).toBe('environment');
    });

    it('a new diagnosis clears the fix, the repair, the verification and the report', () => {
      const s = changeAt(walkedToReport(null), 'environment', { diagnosis: { status: 'running', jobId: 'j2', phases: {} as never, fraction: 0, message: '' } });
      expect(s.chosen).toBeNull();
      expect(s.plan).toEqual({ status: 'idle' });
      expect(s.apply).toEqual({ status: 'idle' });
      expect(stepFacts(s).planConfirmed).toBe(false);
      expect(s.step).toBe('diagnosis');
    });

    it('another remedy clears the plan and the repair of the old one: Apply and Verify close', () => {
      const s = withRemedy(walkedToReport(null), { cause, remedy }, 'pip', '3.4.2');
      expect(s.version).toBe('3.4.2');
      expect(s.plan).toEqual({ status: 'idle' });
      const open = reachableSteps(stepFacts(s));
      expect(open.has('apply')).toBe(false);
      expect(open.has('verify')).toBe(false);
      expect(s.step).toBe('report');
    });

    it('another version on the fix step clears the repair, verification and report', () => {
      const s = changeAt(walkedToReport(null), 'fix', { version: '3.4.2' });
      expect(s.plan.status).toBe('ready');
      expectClearedAfter(s, 'fix');
    });

    it('a rollback clears the verification and the report of the repair it undoes', () => {
      const s = changeAt(walkedToReport(null), 'apply', { apply: { status: 'running', jobId: 'j3', fraction: 0, message: '', cancelling: false, rollingBack: true } });
      expectClearedAfter(s, 'apply');
      expect(s.step).toBe('report');
    });

    it('counts up the epochs of exactly the steps it clears', () => {
      const before = walkedToReport(null);
      const s = withEnvironment(before, '/other/bin/python');
      for (const step of wizardSteps) expect(s.epochs[step] - before.epochs[step], step).toBe(wizardSteps.indexOf(step) > wizardSteps.indexOf('environment') ? 1 : 0);
    });
  });

  describe('what a change would lose', () => {
    it('refuses to forget a repair that is still running', () => {
      const s = { ...walkedToReport(), apply: { status: 'running', jobId: 'j', fraction: 0.5, message: '', cancelling: false, rollingBack: false } } as Session;
      expect(lossAfter(s, 'symptom')).toBe('running-repair');
      expect(lossAfter(s, 'fix')).toBe('running-repair');
    });

    it('asks before forgetting a repair that can still be rolled back', () => {
      expect(lossAfter(walkedToReport('snap-1'), 'environment')).toBe('repair');
    });

    it('loses nothing when the repair left no snapshot, was rolled back, or the change comes after it', () => {
      expect(lossAfter(walkedToReport(null), 'symptom')).toBeNull();
      const rolledBack = { ...walkedToReport('snap-1'), apply: { status: 'finished', jobId: 'job-apply-1', outcome: outcome('snap-1'), rolledBack: outcome(null), rollbackJobId: 'job-rollback-1' } } as Session;
      expect(lossAfter(rolledBack, 'symptom')).toBeNull();
      expect(lossAfter(walkedToReport('snap-1'), 'apply')).toBeNull();
    });
  });

  it('moves the current step back to the last open one before it', () => {
    expect(clampStep({ ...initialSession(), step: 'fix' })).toBe('symptom');
    expect(clampStep({ ...withSymptom(initialSession(), linuxError), step: 'verify' })).toBe('environment');
  });
});
