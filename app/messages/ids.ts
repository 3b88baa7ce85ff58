/**
 * The message ids the engine can emit and the parameters each takes, read from the English catalog's
 * type: a German catalog missing an id does not compile, and `message()` takes exactly the
 * placeholders the English sentence has.
 */
import type { en } from './en';
import type { Template } from './message';

export type MessageId = keyof typeof en;

/** The `{{name}}` placeholders of a sentence, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{{${infer P}}}${infer Rest}` ? P | Placeholders<Rest> : never;
type TemplatePlaceholders<T> = T extends string ? Placeholders<T> : T extends { one: infer O extends string; other: infer X extends string } ? Placeholders<O> | Placeholders<X> | 'count' : never;

/** The parameter names of one message id. */
export type ParamNames<K extends MessageId> = TemplatePlaceholders<(typeof en)[K]>;

/** A catalog in another language: every id of English, each a sentence (the placeholders are checked by tests/messages/catalogs.test.ts). */
export type Catalog = { readonly [K in MessageId]: Template };
