import type { StateCreator } from 'zustand';
import type { DoctorApi, RequestOf } from '../../app/contract/contract';
import type { ReportFormat, RenderedReport } from '../../app/report/saved-report';
import type { DoctorState } from './doctor-store';
import { failed, type LoadState } from './load-state';
import { systemLanguage } from '../i18n/i18n';

/** Where the last report went: a file the user chose (desktop), a download (browser mode), the clipboard. */
export type ReportDelivery =
  | { readonly kind: 'saved'; readonly path: string; readonly redacted: boolean }
  | { readonly kind: 'downloaded'; readonly fileName: string; readonly redacted: boolean }
  | { readonly kind: 'copied'; readonly redacted: boolean };

export interface ReportSlice {
  /** Share a redacted copy (the default) or the complete one that stays on this machine. */
  readonly redactReport: boolean;
  readonly setRedactReport: (redact: boolean) => void;
  /** Write the HTML and Markdown report in English (for an upstream bug tracker) instead of the UI's language. */
  readonly reportInEnglish: boolean;
  readonly setReportInEnglish: (english: boolean) => void;
  /** Desktop app: the system save dialog. Browser mode: `download` gets the rendered report. */
  readonly saveReport: (format: ReportFormat, download: (report: RenderedReport) => void) => Promise<void>;
  /** Renders the Markdown report and puts it on the clipboard, ready for a bug report. */
  readonly copyMarkdown: (writeClipboard: (text: string) => Promise<void>) => Promise<void>;
  /** Desktop app only: shows the saved file in the file manager. */
  readonly revealReport: () => Promise<void>;
  /** Renders the Markdown report as it would be shared, for the preview on the report step. */
  readonly previewReport: () => Promise<void>;
}

/** Whether reports are saved with the system dialog (desktop app) rather than downloaded. */
export function savesWithDialog(state: Pick<DoctorState, 'appInfo'>): boolean {
  return state.appInfo.status === 'ready' && state.appInfo.value.host === 'electron';
}

/** A report keeps at most this much of a pasted log: its end, where the last traceback is. */
export const REPORT_ERROR_TAIL = 64 * 1024;

/** The pasted text as the report holds it: whole, or a long log's last lines, and how much was left out. */
export function errorForReport(text: string): { readonly errorText: string; readonly errorOmitted?: number } {
  if (text.length <= REPORT_ERROR_TAIL) return { errorText: text };
  const tail = text.slice(text.length - REPORT_ERROR_TAIL);
  // Start at a whole line where there is one.
  const lineStart = tail.indexOf('\n') + 1;
  const kept = lineStart > 0 && lineStart < tail.length ? tail.slice(lineStart) : tail;
  return { errorText: kept, errorOmitted: text.length - kept.length };
}

/**
 * What the report is made of, by id: the diagnosis, its verification and the repair as the engine
 * kept them, plus the user's own text and choices; null before a diagnosis.
 */
function reportRequest(state: DoctorState, format: ReportFormat, redact: boolean): RequestOf<'renderReport'> | null {
  if (state.diagnosis.status !== 'ready') return null;
  const locale = typeof navigator === 'undefined' ? undefined : navigator.language;
  // The UI's language, as renderer/main.tsx chose it; English when the user asks for it.
  const language = state.reportInEnglish || typeof navigator === 'undefined' ? 'en' : systemLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
  const run = state.apply;
  return {
    format,
    redact,
    diagnosisId: state.diagnosis.value.id,
    ...(state.symptom.kind === 'error' ? errorForReport(state.symptom.text) : { errorText: null }),
    verificationId: state.verification.status === 'ready' ? state.verification.value.id : null,
    repairJobId: run.status === 'finished' ? run.jobId : null,
    rollbackJobId: run.status === 'finished' ? run.rollbackJobId : null,
    ...(locale ? { locale } : {}),
    language,
    // A copied environment's plan: the engine adds its commands for that machine to the report.
    ...(state.plan.status === 'ready' && state.plan.value.runsHere === false ? { planId: state.plan.value.id } : {}),
  };
}

export function createReportSlice(api: DoctorApi): StateCreator<DoctorState, [], [], ReportSlice> {
  return (set, get) => {
    // Where the report went belongs to the session it was made from; a change before it drops the answer.
    const deliver = (epoch: number, state: LoadState<ReportDelivery>) => {
      if (get().epochs.report === epoch) set({ savedReport: state });
    };
    return {
    redactReport: true,
    setRedactReport: (redact) => set({ redactReport: redact, reportPreview: { status: 'idle' } }),
    reportInEnglish: false,
    setReportInEnglish: (english) => set({ reportInEnglish: english, reportPreview: { status: 'idle' } }),
    saveReport: async (format, download) => {
      const request = reportRequest(get(), format, get().redactReport);
      if (!request) return;
      const epoch = get().epochs.report;
      deliver(epoch, { status: 'loading' });
      try {
        if (savesWithDialog(get())) {
          const saved = await api.saveReportAs(request);
          deliver(epoch, saved ? { status: 'ready', value: { kind: 'saved', ...saved } } : { status: 'idle' });
        } else {
          const rendered = await api.renderReport(request);
          download(rendered);
          deliver(epoch, { status: 'ready', value: { kind: 'downloaded', fileName: rendered.fileName, redacted: rendered.redacted } });
        }
      } catch (error) {
        deliver(epoch, failed(error));
      }
    },
    copyMarkdown: async (writeClipboard) => {
      const request = reportRequest(get(), 'markdown', get().redactReport);
      if (!request) return;
      const epoch = get().epochs.report;
      deliver(epoch, { status: 'loading' });
      let rendered: RenderedReport;
      try {
        rendered = await api.renderReport(request);
      } catch (error) {
        deliver(epoch, failed(error));
        return;
      }
      try {
        await writeClipboard(rendered.content);
        deliver(epoch, { status: 'ready', value: { kind: 'copied', redacted: rendered.redacted } });
      } catch {
        deliver(epoch, { status: 'failed', message: 'report.clipboardFailed', whatToDo: 'report.clipboardFailedWhatToDo', catalog: true });
      }
    },
    previewReport: async () => {
      const redact = get().redactReport;
      const request = reportRequest(get(), 'markdown', redact);
      if (!request) return;
      const epoch = get().epochs.report;
      const current = () => get().epochs.report === epoch && get().redactReport === redact;
      set({ reportPreview: { status: 'loading' } });
      try {
        const rendered = await api.renderReport(request);
        if (current()) set({ reportPreview: { status: 'ready', value: { redacted: rendered.redacted, content: rendered.content } } });
      } catch (error) {
        if (current()) set({ reportPreview: failed(error) });
      }
    },
    revealReport: async () => {
      const saved = get().savedReport;
      if (saved.status === 'ready' && saved.value.kind === 'saved') await api.revealInFolder({ path: saved.value.path });
    },
    };
  };
}
