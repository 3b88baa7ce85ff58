/** How sure a cause is: the proof the binaries give, the confidence levels, the class a failed import shows. */
import type { Draft } from '../cause-draft';
import type { ImportOutcome } from '../facts/facts';
import type { Confidence, Evidence, FailureClass, ParsedError } from '../types';

export const HIGH = 0.75;
export const BINARY_PROOF = new Set<Evidence['kind']>(['missing-symbols', 'architecture', 'python-abi']);

/**
 * True when the loader simulation read the cause from the files: missing exports, a wrong machine,
 * another Python's DLL, or a DLL no search folder holds. A copied Windows folder lacks its
 * machine's System32, so a DLL missing there is not proved missing.
 */
export function provedByBinaries(draft: Draft, offlineWindows: boolean): boolean {
  if (!draft.signals.includes('static-simulation')) return false;
  return draft.evidence.some((e) => BINARY_PROOF.has(e.kind) || (e.kind === 'search-path' && draft.kind === 'missing-library' && !offlineWindows));
}

export function level(score: number): Confidence['level'] {
  if (score >= HIGH) return 'high';
  if (score >= 0.45) return 'medium';
  return 'low';
}

/** The failure class a failed live import shows, read with the same reader as pasted text. */
export function importClass(outcome: ImportOutcome, parse: (t: string) => ParsedError): FailureClass | null {
  if (outcome.status !== 'failed') return null;
  return parse(`${outcome.traceback}\n${outcome.exceptionType ?? 'ImportError'}: ${outcome.message}`).failureClass;
}

