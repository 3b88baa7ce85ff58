import type { StateCreator } from 'zustand';
import type { DoctorState } from './doctor-store';
import type { DoctorApi } from '../../app/contract/contract';
import type { ParsedError } from '../../app/diagnosis/types';
import { logTail, type LogTail } from '../wizard/log-tail';
import { withSymptom } from '../wizard/session';
import { commitChange, type ConfirmLoss } from './session-commit';

export type { Symptom } from '../wizard/session';

export interface SymptomSlice {
  /** What the engine reads: the pasted text, or the end of a log too long to send whole. */
  readonly errorText: string;
  /** The size of the whole log when only its end is kept (null: nothing was cut). */
  readonly errorTextCutFrom: number | null;
  /** The reading of errorText, shown as the user types. */
  readonly recognition: { readonly status: 'empty' } | { readonly status: 'reading' } | { readonly status: 'read'; readonly parsed: ParsedError } | { readonly status: 'failed'; readonly message: string };
  /** Pasted text (kept to its end when too long), or a file's tail read with readLogTail. */
  readonly setErrorText: (text: string | LogTail) => Promise<void>;
  /**
   * Takes the pasted error as the symptom (after it was read) and finds the environment it names.
   * A different error clears the environment, diagnosis and fix made for the old one. Returns
   * whether the symptom is the pasted error now.
   */
  readonly useError: () => boolean;
  /** Checks every environment instead of one error; returns whether that is the symptom now. */
  readonly checkAllEnvironments: () => boolean;
}

export function createSymptomSlice(api: DoctorApi, confirmLoss: ConfirmLoss): StateCreator<DoctorState, [], [], SymptomSlice> {
  let latest = 0;
  return (set, get) => ({
    errorText: '',
    errorTextCutFrom: null,
    recognition: { status: 'empty' },
    setErrorText: async (given) => {
      const ticket = ++latest;
      const { text, cutFrom } = typeof given === 'string' ? logTail(given) : given;
      if (text.trim() === '') {
        set({ errorText: text, errorTextCutFrom: cutFrom, recognition: { status: 'empty' } });
        return;
      }
      set({ errorText: text, errorTextCutFrom: cutFrom, recognition: { status: 'reading' } });
      try {
        const parsed = await api.parseError({ text });
        // A reading of older text must not replace the reading of what is in the box now.
        if (ticket === latest) set({ recognition: { status: 'read', parsed } });
      } catch (error) {
        if (ticket === latest) set({ recognition: { status: 'failed', message: (error as Error).message } });
      }
    },
    useError: () => {
      const { recognition, errorText, symptom: before } = get();
      if (recognition.status !== 'read') return false;
      const taken = commitChange(set, get, confirmLoss, 'symptom', (session) => withSymptom(session, { kind: 'error', text: errorText, parsed: recognition.parsed }));
      if (taken && get().symptom !== before) void get().locateFromError(errorText);
      return taken;
    },
    checkAllEnvironments: () => commitChange(set, get, confirmLoss, 'symptom', (session) => withSymptom(session, { kind: 'all' })),
  });
}
