import type { StateCreator } from 'zustand';
import type { DoctorApi } from '../../app/contract/contract';
import type { ReportFormat, SavedReport } from '../../app/report/saved-report';
import type { DoctorState } from './doctor-store';
import { failed, type LoadState } from './load-state';

export interface ReportSlice {
  /** Share a redacted copy (the default) or the full one that stays on this machine. */
  readonly redactReport: boolean;
  readonly savedReport: LoadState<SavedReport>;
  readonly copied: boolean;
  readonly setRedactReport: (redact: boolean) => void;
  readonly exportReport: (format: ReportFormat) => Promise<SavedReport | undefined>;
  /** Saves the Markdown report and puts it on the clipboard, ready for a bug report. */
  readonly copyMarkdown: (writeClipboard: (text: string) => Promise<void>) => Promise<void>;
  readonly revealReport: () => Promise<void>;
}

export function createReportSlice(api: DoctorApi): StateCreator<DoctorState, [], [], ReportSlice> {
  return (set, get) => ({
    redactReport: true,
    savedReport: { status: 'idle' },
    copied: false,
    setRedactReport: (redact) => set({ redactReport: redact }),
    exportReport: async (format) => {
      const state = get();
      if (state.diagnosis.status !== 'ready') return undefined;
      set({ savedReport: { status: 'loading' }, copied: false });
      try {
        const saved = await api.exportReport({
          format,
          redact: state.redactReport,
          diagnosis: state.diagnosis.value,
          errorText: state.symptom.kind === 'error' ? state.symptom.text : null,
          actions: state.reportActions(),
          verification: state.reportVerification(),
        });
        set({ savedReport: { status: 'ready', value: saved } });
        return saved;
      } catch (error) {
        set({ savedReport: failed(error) });
        return undefined;
      }
    },
    copyMarkdown: async (writeClipboard) => {
      const saved = await get().exportReport('markdown');
      if (!saved) return;
      try {
        await writeClipboard(saved.content);
        set({ copied: true });
      } catch {
        set({ savedReport: { status: 'failed', message: 'The report was saved, but it could not be put on the clipboard.', whatToDo: `Open ${saved.path} and copy it from there.` } });
      }
    },
    revealReport: async () => {
      const saved = get().savedReport;
      if (saved.status === 'ready') await api.revealInFolder({ path: saved.value.path });
    },
  });
}
