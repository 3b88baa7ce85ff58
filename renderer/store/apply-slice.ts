import type { StateCreator } from 'zustand';
import type { DoctorApi } from '../../app/contract/contract';
import type { RepairOutcome } from '../../app/repair/types';
import type { MessageRef } from '../../app/messages';
import type { LogLine } from '../components/live-log';
import type { DoctorState } from './doctor-store';
import { failed } from './load-state';
import type { ErrorMessages } from './load-state';
import { commitOutput, type ConfirmLoss } from './session-commit';

export type ApplyRun =
  | { readonly status: 'idle' }
  /** `messages.message`: the engine's message behind the progress line, written in the page's language. */
  | { readonly status: 'running'; readonly jobId: string; readonly fraction: number; readonly message: string; readonly messages?: { readonly message: MessageRef }; readonly cancelling: boolean; readonly rollingBack: boolean }
  /** `jobId`/`rollbackJobId`: how the report names this repair and its rollback to the engine, which kept their outcomes. */
  | { readonly status: 'finished'; readonly jobId: string; readonly outcome: RepairOutcome; readonly rolledBack: RepairOutcome | null; readonly rollbackJobId: string | null }
  | { readonly status: 'failed'; readonly message: string; readonly whatToDo?: string; readonly details?: string; readonly messages?: ErrorMessages };

/**
 * The apply step's moves. Its outputs live in the session: `apply` (message: the engine's progress
 * words, '' until the first event) and `logLines` (the repair's output, grown in batches so
 * thousands of lines do not re-render line by line).
 */
export interface ApplySlice {
  readonly confirmAndApply: () => Promise<void>;
  readonly cancelApply: () => Promise<void>;
  readonly rollback: () => Promise<void>;
}

const FLUSH_MS = 50;

export function createApplySlice(api: DoctorApi, newJobId: () => string, confirmLoss: ConfirmLoss): StateCreator<DoctorState, [], [], ApplySlice> {
  return (set, get) => {
    let pending: LogLine[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      if (pending.length === 0) return;
      set({ logLines: [...get().logLines, ...pending] });
      pending = [];
    };
    const follow = (jobId: string) => {
      const stopLog = api.on('log', (event) => {
        if (event.jobId !== jobId) return;
        pending.push({ stream: event.stream, line: event.line, ...(event.messages ? { messages: event.messages } : {}) });
        timer ??= setTimeout(flush, FLUSH_MS);
      });
      const stopProgress = api.on('progress', (event) => {
        const run = get().apply;
        if (event.jobId === jobId && run.status === 'running') {
          const { messages: _previous, ...rest } = run;
          set({ apply: { ...rest, fraction: event.fraction ?? run.fraction, message: event.message, ...(event.messages ? { messages: event.messages } : {}) } });
        }
      });
      return () => {
        stopLog();
        stopProgress();
        if (timer) clearTimeout(timer);
        flush();
      };
    };
    return {
      confirmAndApply: async () => {
        const plan = get().plan;
        if (plan.status !== 'ready' || get().apply.status === 'running') return;
        const jobId = newJobId();
        // A new run replaces an earlier one (asked first when that one can still be rolled back).
        if (!commitOutput(set, get, confirmLoss, 'fix', { logLines: [], apply: { status: 'running', jobId, fraction: 0, message: '', cancelling: false, rollingBack: false } })) return;
        get().goTo('apply');
        const stop = follow(jobId);
        try {
          const run = get().diagnosis;
          const verifyModule = run.status === 'ready' && run.value.target.kind !== 'environment' ? (run.value.modules[0]?.module ?? null) : null;
          const outcome = await api.applyRepair({ jobId, planId: plan.value.id, verifyModule: verifyModule && /^[A-Za-z_][\w.]*$/.test(verifyModule) ? verifyModule : null });
          set({ apply: { status: 'finished', jobId, outcome, rolledBack: null, rollbackJobId: null } });
        } catch (error) {
          set({ apply: failed(error) as ApplyRun });
        } finally {
          stop();
        }
      },
      cancelApply: async () => {
        const run = get().apply;
        if (run.status !== 'running' || run.cancelling) return;
        set({ apply: { ...run, cancelling: true } });
        await api.cancelJob({ jobId: run.jobId });
      },
      rollback: async () => {
        const run = get().apply;
        const python = get().diagnosis.status === 'ready' ? get().diagnosis : null;
        if (run.status !== 'finished' || !run.outcome.snapshotId || !python || python.status !== 'ready') return;
        const jobId = newJobId();
        const { outcome, jobId: repairJobId } = run;
        // The verification and report of the repair are history once it is rolled back.
        if (!commitOutput(set, get, confirmLoss, 'apply', { apply: { status: 'running', jobId, fraction: 0, message: '', cancelling: false, rollingBack: true } })) return;
        const stop = follow(jobId);
        try {
          const rolledBack = await api.rollbackRepair({ jobId, python: python.python, snapshotId: outcome.snapshotId ?? '' });
          set({ apply: { status: 'finished', jobId: repairJobId, outcome, rolledBack, rollbackJobId: jobId } });
        } catch (error) {
          set({ apply: failed(error) as ApplyRun });
        } finally {
          stop();
        }
      },
    };
  };
}
