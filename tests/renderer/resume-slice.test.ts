import { describe, expect, it } from 'vitest';
import type { DoctorApi } from '../../app/contract/contract';
import type { RepairOutcome, UnfinishedRepair } from '../../app/repair/types';
import { createDoctorStore } from '../../renderer/store/doctor-store';

const interrupted: UnfinishedRepair = { python: '/envs/work/bin/python', snapshotId: 'snap-1', remedyTitle: 'Install imagelib 4.0.0 with pip', startedAt: '2026-11-24T10:00:00.000Z' };

function api(calls: string[]): DoctorApi {
  const outcome: RepairOutcome = { status: 'not-fixed', summary: 'Put back as it was before.', snapshotId: 'snap-1', actions: [], importWorks: null };
  return {
    findUnfinishedRepairs: async () => [interrupted],
    rollbackRepair: async (request: { python: string; snapshotId: string }) => {
      calls.push(`rollback ${request.python} ${request.snapshotId}`);
      return outcome;
    },
    on: () => () => undefined,
  } as unknown as DoctorApi;
}

describe('resuming an interrupted repair', () => {
  it('offers what was interrupted, and rolls it back to its snapshot on request', async () => {
    const calls: string[] = [];
    const store = createDoctorStore(api(calls), { newJobId: () => 'job-00000001' });
    await store.getState().loadUnfinished();
    expect(store.getState().unfinished).toEqual([interrupted]);
    await store.getState().rollbackUnfinished(interrupted);
    expect(calls).toEqual(['rollback /envs/work/bin/python snap-1']);
    expect(store.getState().unfinished).toEqual([]);
    expect(store.getState().resumeRollback).toMatchObject({ status: 'ready', value: { summary: 'Put back as it was before.' } });
  });

  it('opens the interrupted environment for a fresh diagnosis', async () => {
    const store = createDoctorStore(api([]));
    await store.getState().loadUnfinished();
    store.getState().checkUnfinished(interrupted);
    expect(store.getState().selectedPython).toBe(interrupted.python);
    expect(store.getState().step).toBe('diagnosis');
  });
});
