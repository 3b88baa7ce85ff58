/**
 * A cause while the ranker builds it: its facts and fixes before the live import, the pasted error
 * and the knowledge base set its confidence. Shared by the ranker and the host rules
 * (app/diagnosis/host/*), which add drafts through the same builder.
 */
import type { PackageFacts } from './facts/facts';
import type { CauseKind, Evidence, FailureClass, Remedy } from './types';
import type { FieldMessages } from '../messages';

export interface Draft {
  key: string;
  kind: CauseKind;
  title: string;
  explanation: string;
  /** The messages behind title and explanation (app/messages). */
  messages?: FieldMessages;
  module: string | null;
  pkg: PackageFacts | null;
  evidence: Evidence[];
  remedies: Remedy[];
  base: number;
  signals: string[];
  /** Failure class a live import or pasted error would show if this cause is real. */
  consistent: readonly FailureClass[];
}
