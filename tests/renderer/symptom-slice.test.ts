import { describe, expect, it } from 'vitest';
import type { DoctorApi } from '../../app/contract/contract';
import { parseErrorText } from '../../app/diagnosis/error-text/error-text';
import { createDoctorStore } from '../../renderer/store/doctor-store';

function apiWithParser(parse: (text: string) => Promise<ReturnType<typeof parseErrorText>>): DoctorApi {
  return { getAppInfo: async () => ({}), listEnvironments: async () => [], parseError: ({ text }: { text: string }) => parse(text), on: () => () => undefined } as unknown as DoctorApi;
}

describe('symptom slice', () => {
  it('reads the pasted error and takes it as the symptom, opening the environment step', async () => {
    const store = createDoctorStore(apiWithParser(async (t) => parseErrorText(t)));
    await store.getState().setErrorText('ImportError: DLL load failed: The specified procedure could not be found.');
    expect(store.getState().recognition).toMatchObject({ status: 'read', parsed: { failureClass: 'procedure-not-found' } });
    expect(store.getState().goTo('environment')).toBe(false);
    store.getState().useError();
    expect(store.getState().symptom.kind).toBe('error');
    expect(store.getState().goTo('environment')).toBe(true);
    expect(store.getState().step).toBe('environment');
  });

  it('keeps the reading of the latest text when an older reading answers last', async () => {
    const answers: ((v: ReturnType<typeof parseErrorText>) => void)[] = [];
    const store = createDoctorStore(apiWithParser((t) => new Promise((resolve) => answers.push(() => resolve(parseErrorText(t))))));
    const first = store.getState().setErrorText('undefined symbol: foo');
    const second = store.getState().setErrorText('ImportError: DLL load failed: %1 is not a valid Win32 application.');
    answers[1]?.(undefined as never);
    await second;
    answers[0]?.(undefined as never);
    await first;
    expect(store.getState().recognition).toMatchObject({ status: 'read', parsed: { failureClass: 'bad-exe-format' } });
  });

  it('lets the user check every environment without an error', () => {
    const store = createDoctorStore(apiWithParser(async (t) => parseErrorText(t)));
    store.getState().checkAllEnvironments();
    expect(store.getState().goTo('environment')).toBe(true);
  });
});
