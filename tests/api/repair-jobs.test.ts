import { describe, expect, it } from 'vitest';
import { RepairJobs } from '../../app/api/repair-jobs';
import { DoctorError } from '../../app/base/errors';
import type { RepairOutcome } from '../../app/repair/types';

const outcome = (summary: string): RepairOutcome => ({ status: 'fixed', summary, snapshotId: 'snap-1', actions: [], importWorks: true });

describe('RepairJobs outcomes', () => {
  it('keeps how a job ended, by its id', () => {
    const jobs = new RepairJobs();
    const kept = jobs.ended('job-apply-1', outcome('Fixed.'));
    expect(jobs.outcome('job-apply-1')).toBe(kept);
  });

  it('says with a worded error that a job it never saw end is not known', () => {
    const jobs = new RepairJobs();
    let thrown: unknown;
    try {
      jobs.outcome('job-never-ran');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DoctorError);
    expect(thrown).toMatchObject({ code: 'unknown-repair', message: expect.stringContaining('no longer known') });
  });

  it('forgets the oldest outcomes beyond fifty', () => {
    const jobs = new RepairJobs();
    for (let i = 0; i < 51; i++) jobs.ended(`job-apply-${String(i).padStart(3, '0')}`, outcome(`Run ${i}.`));
    expect(() => jobs.outcome('job-apply-000')).toThrow();
    expect(jobs.outcome('job-apply-050').summary).toBe('Run 50.');
  });
});
