/**
 * Makes and writes messages: `message()` names a sentence of the catalogs with its parameters,
 * `formatMessage()` writes it in a language, `texts()` fills an object's English fields and records
 * the messages behind them.
 */
import { de } from './de';
import { en } from './en';
import { knownIssuesDe } from './known-issues-de';
import type { Catalog, MessageId, ParamNames } from './ids';
import type { MessageParam, MessageRef, Template } from './message';

/** Every language the engine's sentences are written in. */
export const messageCatalogs: { readonly en: Catalog; readonly de: Catalog } = { en, de };
export type MessageLanguage = keyof typeof messageCatalogs;

/** True when `language` is one the catalogs hold. */
export function isMessageLanguage(language: string): language is MessageLanguage {
  return Object.hasOwn(messageCatalogs, language);
}

/**
 * Texts that live in data, not in the catalogs: the knowledge base's summaries and fix descriptions
 * (app/diagnosis/known-issues.json, English). Their message id is `kb:<entry id>:summary` or
 * `kb:<entry id>:fix:<index>`, the English travels with the message as `text`, and the other
 * languages' texts are looked up by that id.
 */
const dataTexts: Readonly<Partial<Record<MessageLanguage, ReadonlyMap<string, string>>>> = {
  de: new Map(Object.entries(knownIssuesDe).flatMap(([entry, t]) => [[`kb:${entry}:summary`, t.summary] as const, ...t.fixes.map((fix, i) => [`kb:${entry}:fix:${i}`, fix] as const)])),
};

/** The message of a knowledge-base entry's summary (`fix` absent) or of its fix number `fix`, whose English is `text`. */
export function knownIssueMessage(entry: string, text: string, fix?: number): MessageRef {
  return { id: fix === undefined ? `kb:${entry}:summary` : `kb:${entry}:fix:${fix}`, params: { text } };
}

type ParamsArg<K extends MessageId> = [ParamNames<K>] extends [never] ? [] : [params: { readonly [P in ParamNames<K>]: MessageParam }];

/** The message `id` with its parameters (exactly the placeholders of its English sentence). */
export function message<K extends MessageId>(id: K, ...params: ParamsArg<K>): MessageRef {
  return params[0] ? { id, params: params[0] } : { id };
}

function pick(template: Template, count: MessageParam | undefined, language: string): string {
  if (typeof template === 'string') return template;
  const category = typeof count === 'number' ? new Intl.PluralRules(language).select(count) : 'other';
  return category === 'one' ? template.one : template.other;
}

/**
 * The sentence of `ref` in `language` (English where that language lacks it). An id no catalog
 * knows (a report from a newer version) is written as the id, never as nothing.
 */
export function formatMessage(ref: MessageRef, language: string): string {
  if (ref.id.startsWith('kb:')) {
    const english = typeof ref.params?.text === 'string' ? ref.params.text : ref.id;
    return (isMessageLanguage(language) ? dataTexts[language]?.get(ref.id) : undefined) ?? english;
  }
  const catalog: Catalog = isMessageLanguage(language) ? messageCatalogs[language] : en;
  const template = (catalog as Record<string, Template | undefined>)[ref.id] ?? (en as Record<string, Template | undefined>)[ref.id];
  if (template === undefined) return ref.id;
  const params = ref.params ?? {};
  return pick(template, params.count, language).replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'object' ? formatMessage(value, language) : String(value);
  });
}

/** The English sentence of `ref`: what the CLI prints and the JSON report keeps beside the id. */
export function english(ref: MessageRef): string {
  return formatMessage(ref, 'en');
}

/** An object's sentence fields in English, with the messages behind them under `messages`. */
export function texts<T extends Record<string, MessageRef>>(fields: T): { [K in keyof T]: string } & { messages: { [K in keyof T]: MessageRef } } {
  const words = Object.fromEntries(Object.entries(fields).map(([field, ref]) => [field, english(ref)]));
  return { ...words, messages: fields } as { [K in keyof T]: string } & { messages: { [K in keyof T]: MessageRef } };
}

/**
 * One sentence field of `source` in `language`: its message when the engine recorded one that still
 * says what the field says in English, else the text as given (reports written before messages
 * existed, sentences not yet in the catalogs, a field changed after the message was recorded).
 */
export function localText<F extends string>(source: { readonly [K in F]: string } & { readonly messages?: Readonly<Record<string, MessageRef>> }, field: F, language: string): string {
  const ref = source.messages?.[field];
  return ref && english(ref) === source[field] ? formatMessage(ref, language) : source[field];
}

/**
 * One sentence field of `source` as a parameter of another message: its recorded message when that
 * still says the field's English, else the text as given (so the outer sentence is translated either way).
 */
export function saidParam<F extends string>(source: { readonly [K in F]: string } & { readonly messages?: Readonly<Record<string, MessageRef>> }, field: F): MessageParam {
  const ref = source.messages?.[field];
  return ref && english(ref) === source[field] ? ref : source[field];
}

/**
 * A list of sentences in `language` (a manual fix's steps): each from the message recorded beside
 * it when that message still says it in English, else as given.
 */
export function localList(items: readonly string[], refs: readonly MessageRef[] | undefined, language: string): string[] {
  return items.map((text, i) => {
    const ref = refs?.[i];
    return ref && english(ref) === text ? formatMessage(ref, language) : text;
  });
}

type ListId = 'word.semicolon-list' | 'word.comma-list' | 'word.space-list';

/** Items joined by the list message `id`, so a message among them is written in the reader's language too. */
function joined(id: ListId, items: readonly MessageParam[]): MessageParam {
  return items.reduceRight<MessageParam>((rest, item) => (rest === '' ? item : message(id, { first: item, rest })), '');
}

/** Items as one "a; b; c" list (word.semicolon-list). */
export function semicolonList(items: readonly MessageParam[]): MessageParam {
  return joined('word.semicolon-list', items);
}

/** Items as one "a, b, c" list (word.comma-list). */
export function commaList(items: readonly MessageParam[]): MessageParam {
  return joined('word.comma-list', items);
}

/** Items as one "a b c" run of sentences (word.space-list). */
export function spaceList(items: readonly MessageParam[]): MessageParam {
  return joined('word.space-list', items);
}
