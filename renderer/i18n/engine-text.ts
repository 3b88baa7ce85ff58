import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMessage, localText } from '../../app/messages';
import type { MessageRef } from '../../app/messages';

/** Something the engine wrote: sentence fields in English, and the messages behind them. */
type Said<F extends string> = { readonly [K in F]: string } & { readonly messages?: Readonly<Record<string, MessageRef>> };

/**
 * The engine's sentences in the wizard's language: a cause's title, an evidence summary, a check's
 * detail, written from their message ids (app/messages) with the same catalogs the report uses.
 */
export function useEngineText(): { readonly said: <F extends string>(source: Said<F>, field: F) => string; readonly say: (ref: MessageRef) => string } {
  const { i18n } = useTranslation();
  const language = i18n.language;
  // The same functions while the language stays, so lists written with them can be memoised.
  return useMemo(() => ({
    said: <F extends string>(source: Said<F>, field: F) => localText(source, field, language),
    say: (ref: MessageRef) => formatMessage(ref, language),
  }), [language]);
}
