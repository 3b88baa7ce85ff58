/**
 * The report's verification and repair sections from what the engine itself kept: the diagnosis
 * made again after the repair, and the repair's (and a later rollback's) own outcome.
 */
import type { Diagnosis } from '../diagnosis/types';
import { isFixed } from '../diagnosis/is-fixed';
import { message, texts } from '../messages';
import type { RepairResult, Verification } from './schema';

/** The verification of a repair: passed only when the one isFixed says so of the diagnosis made after it. */
export function verificationOf(after: Diagnosis): Verification {
  const passed = isFixed(after);
  const failing = after.modules.filter((m) => !m.ok).length;
  return {
    status: passed ? 'passed' : 'failed',
    ...texts({ detail: passed ? message('report.verification.passed') : message('report.verification.failing', { count: failing }) }),
    modules: after.modules.map((m) => ({ module: m.module, ok: m.ok, message: m.message })),
  };
}

/** The repair's own verdict; a repair rolled back afterwards is undone, in the rollback's words. */
export function repairOf(applied: Pick<RepairResult, 'summary' | 'messages'> & { readonly status: Exclude<RepairResult['status'], 'undone'> }, undone: Pick<RepairResult, 'summary' | 'messages'> | null): RepairResult {
  const { summary, messages } = undone ?? applied;
  return { status: undone ? 'undone' : applied.status, summary, ...(messages ? { messages } : {}) };
}
