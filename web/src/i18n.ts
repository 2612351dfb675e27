// Translations (Dutch, English) and the language choice: saved choice, else the browser's preference, else English.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

import en from './locales/en.json';
import nl from './locales/nl.json';

export const languages = ['nl', 'en'] as const;
export type Language = (typeof languages)[number];

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

const storageKey = 'crmhub.language';

export function isLanguage(value: unknown): value is Language {
  return languages.some((language) => language === value);
}

/** The saved choice wins; else the first browser language we support (`nl-BE` counts as `nl`); else English. */
export function pickLanguage(saved: string | null, browserLanguages: readonly string[]): Language {
  if (isLanguage(saved)) return saved;
  for (const tag of browserLanguages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

function readSavedLanguage(): string | null {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    return null; // storage blocked (privacy settings): fall back to the browser's languages
  }
}

export async function initI18n(): Promise<void> {
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
  });
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, nl: { translation: nl } },
    lng: pickLanguage(readSavedLanguage(), navigator.languages),
    fallbackLng: 'en',
    supportedLngs: languages,
    interpolation: { escapeValue: false }, // React escapes what it renders
  });
  document.documentElement.lang = i18next.language;
}

/** Switches the UI language and remembers it for the next visit. */
export async function chooseLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Storage blocked: the choice lasts until the page is reloaded.
  }
  await i18next.changeLanguage(language);
}
