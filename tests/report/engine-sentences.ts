/** The engine's sentence fields of a diagnosis with the message behind each, for the report-language tests. */
import type { Diagnosis } from '../../app/diagnosis/types';
import { messageCatalogs } from '../../app/messages';
import type { MessageRef, Template } from '../../app/messages';

export interface Sentence {
  readonly field: string;
  readonly text: string;
  readonly ref: MessageRef | undefined;
}

/**
 * Every cause, evidence, fix (a manual fix's steps too) and check sentence of the diagnosis, every
 * "not checked" of it (what, why, how to check), and where each known machine fact was read. A knowledge-base fix's title is that entry's own
 * description (known-issues.json), written in German from app/messages/known-issues-de.ts: it is in too.
 */
export function engineSentences(diagnosis: Diagnosis): Sentence[] {
  const out: Sentence[] = [];
  const take = (where: string, source: { messages?: Record<string, MessageRef> } & Record<string, unknown>, fields: readonly string[]) => {
    for (const field of fields) if (typeof source[field] === 'string') out.push({ field: `${where}.${field}`, text: source[field], ref: source.messages?.[field] });
  };
  for (const c of diagnosis.causes) {
    take(`cause ${c.id}`, c, ['title', 'explanation']);
    // A machine fact's evidence says where the fact was read too ("level from ... --help").
    for (const ev of c.evidence) take(`evidence ${ev.kind}`, ev, ev.kind === 'host-fact' ? ['summary', 'source'] : ['summary']);
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
  // The machine's facts ("This computer"): where a known one was read, why one is not known here and how to read it by hand.
  for (const [name, fact] of Object.entries(diagnosis.host ?? {})) if (typeof fact === 'object' && fact !== null && 'status' in fact) take(`host fact ${name}`, fact, fact.status === 'absent' ? ['why', 'howToCheck'] : ['source']);
  return out;
}

const forms = (t: Template): string[] => (typeof t === 'string' ? [t] : [t.one, t.other]);

/**
 * Every English sentence of the catalogs that German says differently, as a pattern with its
 * parameters left open: "{{package}} {{version}} was removed" finds "olefile 0.44 was removed"
 * whatever the package, so a sentence whose words were put together in English (not from its message)
 * is found as surely as one whose message was not translated. Only sentences whose fixed words hold
 * two words in a row are taken ("was removed" is; "ok" and "{{first}}; {{rest}}" are not).
 */
function englishPatterns(): { readonly id: string; readonly pattern: RegExp }[] {
  const out: { id: string; pattern: RegExp }[] = [];
  for (const [id, template] of Object.entries(messageCatalogs.en)) {
    const german = forms((messageCatalogs.de as Record<string, Template>)[id]!);
    for (const english of forms(template)) {
      if (german.includes(english)) continue;
      const words = english.split(/\{\{\w+\}\}/);
      if (!words.some((w) => /[A-Za-z]{2,}[ ,’'-]+[A-Za-z]{2,}/.test(w))) continue;
      // Each run of fixed words whole, the parameters at either end left out (\b where it starts or ends with a letter: "is Python" is not in "dies Python").
      const runs = words.map((w) => w.trim()).filter((w) => w !== '').map((w) => `${/^\w/.test(w) ? '\\b' : ''}${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}${/\w$/.test(w) ? '\\b' : ''}`);
      const source = runs.join('[^\\n]{0,400}?');
      out.push({ id, pattern: new RegExp(source) });
    }
  }
  return out;
}

let patterns: ReturnType<typeof englishPatterns> | null = null;

/**
 * The English catalog sentences found in a German page or report (their ids and the words found),
 * after its markup is taken off: HTML tags and entities, Markdown's escapes and code marks.
 */
export function englishSentencesIn(text: string): string[] {
  patterns ??= englishPatterns();
  const plain = text
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\\([\\`*_[\]|~#+\-.!])/g, '$1')
    .replace(/`/g, '');
  return patterns.flatMap(({ id, pattern }) => {
    const found = pattern.exec(plain);
    return found ? [`${id}: …${found[0].slice(-120)}`] : [];
  });
}
