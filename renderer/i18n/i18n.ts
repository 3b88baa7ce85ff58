import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de } from './de';
import { en } from './en';

/** Every UI language, each a complete catalog with the same keys as English. */
export const catalogs = { en, de } as const;
export type Language = keyof typeof catalogs;

/** The first of the system's languages (navigator.languages) the wizard speaks; English otherwise. */
export function systemLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base && base in catalogs) return base as Language;
  }
  return 'en';
}

/** Starts i18next with both catalogs, synchronously, so the first render is already translated. */
export function startI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: Object.fromEntries(Object.entries(catalogs).map(([lng, translation]) => [lng, { translation }])),
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
