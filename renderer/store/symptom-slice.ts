import type { StateCreator } from 'zustand';
import type { DoctorState } from './doctor-store';
import type { DoctorApi } from '../../app/contract/contract';
import type { ParsedError } from '../../app/diagnosis/types';

/** What the user told us failed: a pasted error, or "check every environment". */
export type Symptom =
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly text: string; readonly parsed: ParsedError }
  | { readonly kind: 'all' };

export interface SymptomSlice {
  readonly errorText: string;
  /** The reading of errorText, shown as the user types. */
  readonly recognition: { readonly status: 'empty' } | { readonly status: 'reading' } | { readonly status: 'read'; readonly parsed: ParsedError } | { readonly status: 'failed'; readonly message: string };
  readonly symptom: Symptom;
  readonly setErrorText: (text: string) => Promise<void>;
  /** Take the pasted error as the symptom (after it was read). */
  readonly useError: () => void;
  readonly checkAllEnvironments: () => void;
}

export function createSymptomSlice(api: DoctorApi): StateCreator<DoctorState, [], [], SymptomSlice> {
  let latest = 0;
  return (set, get) => ({
    errorText: '',
    recognition: { status: 'empty' },
    symptom: { kind: 'none' },
    setErrorText: async (text) => {
      const ticket = ++latest;
      if (text.trim() === '') {
        set({ errorText: text, recognition: { status: 'empty' } });
        return;
      }
      set({ errorText: text, recognition: { status: 'reading' } });
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
      if (recognition.status === 'read') set({ symptom: { kind: 'error', text: errorText, parsed: recognition.parsed } });
    },
    checkAllEnvironments: () => set({ symptom: { kind: 'all' } }),
  });
}
