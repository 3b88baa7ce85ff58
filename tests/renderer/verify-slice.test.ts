import { describe, expect, it } from 'vitest';
import type { DoctorApi } from '../../app/contract/contract';
import type { DiagnosisResult } from '../../app/contract/contract';
import type { RepairPlan } from '../../app/repair/types';
import { createDoctorStore } from '../../renderer/store/doctor-store';

const diagnosis = (ok: boolean) => ({ id: `diagnosis-${String(ok)}`, fixed: ok, status: ok ? 'healthy' : 'problem-found', modules: [{ module: 'imagelib', ok, message: ok ? null : 'undefined symbol', package: 'imagelib' }], causes: [], target: { kind: 'module', module: 'imagelib' } }) as unknown as DiagnosisResult;
const plan = { id: 'plan-1234', python: '/v/bin/python', manager: 'pip', changes: [{ package: 'imagelib', from: '4.1.0', to: '4.0.0' }] } as unknown as RepairPlan;

describe('verify slice', () => {
  it('reads the versions installed now from the environment, beside the versions before', async () => {
    const api = {
      on: () => () => undefined,
      diagnose: async () => diagnosis(true),
      // What is installed is read from the environment; the index is never asked (issue 26, finding 4).
      installedVersions: async ({ packages }: { packages: string[] }) => packages.map((p) => ({ package: p, version: '4.0.0' })),
      listVersionOffers: async () => {
        throw new Error('the index was asked what is installed');
      },
    } as unknown as DoctorApi;
    const store = createDoctorStore(api, { newJobId: () => 'job-12345678' });
    store.setState({ diagnosis: { status: 'ready', value: diagnosis(false), python: '/v/bin/python' }, plan: { status: 'ready', value: plan }, apply: { status: 'finished', jobId: 'job-apply-1', outcome: { status: 'fixed', summary: '', snapshotId: null, actions: [], importWorks: true }, rolledBack: null, rollbackJobId: null } });
    await store.getState().runVerification();
    await expect.poll(() => store.getState().versionChanges).toEqual({ status: 'ready', value: [{ package: 'imagelib', before: '4.1.0', now: '4.0.0' }] });
    expect(store.getState().verification.status).toBe('ready');
  });
});
