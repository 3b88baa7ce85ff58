/** The engine's sentence fields of a diagnosis with the message behind each, for the report-language tests. */
import type { Diagnosis } from '../../app/diagnosis/types';
import type { MessageRef } from '../../app/messages';

export interface Sentence {
  readonly field: string;
  readonly text: string;
  readonly ref: MessageRef | undefined;
}

/**
 * Every cause, evidence, fix (a manual fix's steps too) and check sentence of the diagnosis, and every
 * "not checked" of it (what, why, how to check). A knowledge-base fix's title is that entry's own
 * description (known-issues.json), written in German from app/messages/known-issues-de.ts: it is in too.
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
      take(`remedy ${r.kind}`, r, ['title', 'explanation', 'recommendedBecause']);
      // A manual fix's steps, each with its message (a line of code is carried as it is).
      if (r.kind === 'manual') r.steps.forEach((text, i) => out.push({ field: `remedy manual step ${i + 1}`, text, ref: r.stepMessages?.[i] }));
    }
  }
  for (const check of diagnosis.checks) take(`check ${check.id}`, check, ['title', 'detail']);
  // An import the engine did not run, and why (the interpreter's own error stays as it said it).
  for (const m of diagnosis.modules) if (!m.ok && m.messages?.message) take(`module ${m.module}`, m, ['message']);
  // What could not be checked, why and how (the machine's facts among them: their why and how come from app/host-facts).
  for (const u of diagnosis.unchecked ?? []) take('unchecked', u, ['what', 'why', 'howToCheck']);
  // The machine's facts that are not known here: why and how to read them by hand ("This computer").
  for (const [name, fact] of Object.entries(diagnosis.host ?? {})) if (typeof fact === 'object' && fact !== null && 'status' in fact && fact.status === 'absent') take(`host fact ${name}`, fact, ['why', 'howToCheck']);
  return out;
}
