import { describe, expect, it } from 'vitest';
import type { DoctorApi, RequestOf } from '../../app/contract/contract';
import type { DiagnosisResult } from '../../app/contract/contract';
import { contextRequest, invalidModules } from '../../renderer/store/context-slice';
import { createDoctorStore } from '../../renderer/store/doctor-store';

describe('contextRequest', () => {
  it('sends the modules typed, in order, comma or space separated', () => {
    expect(contextRequest({ after: 'PyQt5.QtCore, numpy  pyarrow', program: '/home/u/app.py' })).toEqual({ after: ['PyQt5.QtCore', 'numpy', 'pyarrow'] });
  });

  it('sends the program file when no module is typed, only as an absolute path', () => {
    expect(contextRequest({ after: '', program: ' /home/u/app.py ' })).toEqual({ program: '/home/u/app.py' });
    expect(contextRequest({ after: '', program: 'C:\\work\\train.py' })).toEqual({ program: 'C:\\work\\train.py' });
    expect(contextRequest({ after: '', program: 'app.py' })).toBeUndefined();
  });

  it('sends nothing while a typed name is not a module name, and names it', () => {
    const typed = { after: 'numpy, import torch;', program: '' };
    expect(contextRequest(typed)).toBeUndefined();
    expect(invalidModules(typed)).toEqual(['torch;']);
  });
});

describe('the diagnosis in the program\'s context', () => {
  it('carries the context to the engine, for the diagnosis and for the verification', async () => {
    const requests: RequestOf<'diagnose'>[] = [];
    const result = { id: 'd-1', fixed: false, status: 'problem-found', modules: [{ module: 'scipy.linalg._fblas', ok: true, message: null, package: 'scipy' }], causes: [], checks: [], target: { kind: 'module', module: 'scipy.linalg._fblas' } } as unknown as DiagnosisResult;
    const api = { on: () => () => undefined, diagnose: async (r: RequestOf<'diagnose'>) => (requests.push(r), result) } as unknown as DoctorApi;
    const store = createDoctorStore(api, { newJobId: () => 'job-12345678' });
    store.setState({ selectedPython: '/v/bin/python', symptom: { kind: 'module', module: 'scipy.linalg._fblas' } as never });
    store.getState().setProgramContext({ after: 'PyQt5.QtCore' });
    await store.getState().runDiagnosis();
    await store.getState().runVerification();
    expect(requests.map((r) => r.context)).toEqual([{ after: ['PyQt5.QtCore'] }, { after: ['PyQt5.QtCore'] }]);
  });
});
