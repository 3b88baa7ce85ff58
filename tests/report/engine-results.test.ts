import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../app/diagnosis/types';
import { repairOf, verificationOf } from '../../app/report/engine-results';
import { sampleDiagnosis } from './sample-diagnosis';

const pasted = 'ImportError: DLL load failed while importing _imaging: The specified procedure could not be found.';

/** The sample diagnosis made again after a repair: still failing, or healthy with the module importing. */
async function after(fixed: boolean): Promise<Diagnosis> {
  const diagnosis = await sampleDiagnosis({ home: '/home/alice', errorText: pasted });
  if (!fixed) return diagnosis;
  return { ...diagnosis, status: 'healthy', causes: [], modules: diagnosis.modules.map((m) => ({ ...m, ok: true, message: null })) };
}

describe('verificationOf', () => {
  it('fails while a module still fails, counting them with the right plural', async () => {
    const verification = verificationOf(await after(false));
    expect(verification.status).toBe('failed');
    expect(verification.detail).toBe('1 module still fails to import.');
    expect(verification.modules.some((m) => !m.ok)).toBe(true);
  });

  it('passes only when the diagnosis made after the repair counts as fixed', async () => {
    const verification = verificationOf(await after(true));
    expect(verification).toMatchObject({ status: 'passed', detail: 'Every module imports again, and the static check found no problem.' });
  });
});

describe('repairOf', () => {
  const fixed = { status: 'fixed', summary: 'Pillow 4.0.0 is installed and PIL._imaging imports.' } as const;

  it('states the repair in its own words', () => {
    expect(repairOf(fixed, null)).toEqual(fixed);
  });

  it('says a repair rolled back afterwards was undone, in the rollback\'s words', () => {
    expect(repairOf(fixed, { summary: 'Put back as it was before.' })).toEqual({ status: 'undone', summary: 'Put back as it was before.' });
  });
});
