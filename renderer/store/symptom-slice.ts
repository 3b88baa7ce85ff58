import type { StateCreator } from 'zustand';
import type { DoctorState } from './doctor-store';
import type { DoctorApi } from '../../app/contract/contract';
import type { ParsedError } from '../../app/diagnosis/types';
import { logTail, type LogTail } from '../wizard/log-tail';

/** What the user told us failed: a pasted error, or "check every environment". */
export type Symptom =
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly text: string; readonly parsed: ParsedError }
  | { readonly kind: 'all' };

export interface SymptomSlice {
  /** What the engine reads: the pasted text, or the end of a log too long to send whole. */
  readonly errorText: string;
  /** The size of the whole log when only its end is kept (null: nothing was cut). */
  readonly errorTextCutFrom: number | null;
  /** The reading of errorText, shown as the user types. */
  readonly recognition: { readonly status: 'empty' } | { readonly status: 'reading' } | { readonly status: 'read'; readonly parsed: ParsedError } | { readonly status: 'failed'; readonly message: string };
  readonly symptom: Symptom;
  /** Pasted text (kept to its end when too long), or a file's tail read with readLogTail. */
  readonly setErrorText: (text: string | LogTail) => Promise<void>;
  /** Take the pasted error as the symptom (after it was read), and find the environment it names. */
  readonly useError: () => void;
  readonly checkAllEnvironments: () => void;
}

export function createSymptomSlice(api: DoctorApi): StateCreator<DoctorState, [], [], SymptomSlice> {
  let latest = 0;
  return (set, get) => ({
    errorText: '',
    errorTextCutFrom: null,
    recognition: { status: 'empty' },
    symptom: { kind: 'none' },
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
      const { recognition, errorText } = get();
      if (recognition.status !== 'read') return;
      const previous = get().symptom;
      set({ symptom: { kind: 'error', text: errorText, parsed: recognition.parsed } });
      if (previous.kind !== 'error' || previous.text !== errorText) void get().locateFromError(errorText);
    },
    checkAllEnvironments: () => set({ symptom: { kind: 'all' } }),
  });
}
