/**
 * A sentence of the engine as data: a message id from the catalogs (./en.ts, ./de.ts) and its
 * parameters, so the renderer and the report write it in the reader's language.
 *
 * The engine keeps the English sentence beside each id (the CLI prints it, the JSON report keeps
 * both): `texts()` makes both from the one English catalog entry, so they cannot drift apart.
 */
/** A parameter: a value as given (a file name, a version, a count) or another message. */
export type MessageParam = string | number | MessageRef;

export interface MessageRef {
  readonly id: string;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

/** The message behind each sentence field of an object (a cause's title and explanation, a check's detail). */
export type FieldMessages = Readonly<Record<string, MessageRef>>;

/** A catalog entry: one sentence, or one per plural category of `count` (Intl.PluralRules). */
export type Template = string | { readonly one: string; readonly other: string };
