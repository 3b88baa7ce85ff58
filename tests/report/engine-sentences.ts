/** The engine's sentence fields of a diagnosis with the message behind each, for the report-language tests. */
import type { Diagnosis } from '../../app/diagnosis/types';
import type { MessageRef } from '../../app/messages';

export interface Sentence {
  readonly field: string;
  readonly text: string;
  readonly ref: MessageRef | undefined;
}

/**
 * Every cause, evidence, fix (a manual fix's steps too) and check sentence of the diagnosis. A knowledge-base fix's title is
 * that entry's own description (known-issues.json): data, not the engine's words, so it is left out.
 */
export function engineSentences(diagnosis: Diagnosis): Sentence[] {
  const out: Sentence[] = [];
  const take = (where: string, source: { messages?: Record<string, MessageRef> } & Record<string, unknown>, fields: readonly string[]) => {
    for (const field of fields) if (typeof source[field] === 'string') out.push({ field: `${where}.${field}`, text: source[field], ref: source.messages?.[field] });
  };
  for (const c of diagnosis.causes) {
    take(`cause ${c.id}`, c, ['title', 'explanation']);
    for (const ev of c.evidence) take(`evidence ${ev.kind}`, ev, ['summary']);
    for (const r of c.remedies) {
      take(`remedy ${r.kind}`, r, r.messages?.explanation?.id === 'remedy.why.known-issue' && !r.messages.title ? ['explanation', 'recommendedBecause'] : ['title', 'explanation', 'recommendedBecause']);
      // A manual fix's steps, each with its message (a line of code is carried as it is).
      if (r.kind === 'manual') r.steps.forEach((text, i) => out.push({ field: `remedy manual step ${i + 1}`, text, ref: r.stepMessages?.[i] }));
    }
  }
  for (const check of diagnosis.checks) take(`check ${check.id}`, check, ['title', 'detail']);
  return out;
}
