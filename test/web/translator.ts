// An i18next instance with the web's Dutch and English texts, set up as web/src/i18n.ts sets up the app's.
import i18next from 'i18next';

import en from '../../web/src/locales/en.json' with { type: 'json' };
import nl from '../../web/src/locales/nl.json' with { type: 'json' };

import type { TFunction } from 'i18next';

export async function translator(lng: 'nl' | 'en'): Promise<TFunction> {
  const instance = i18next.createInstance();
  // As web/src/i18n.ts: React escapes what it renders, so the texts are not escaped twice.
  const interpolation = { escapeValue: false };
  await instance.init({
    lng,
    interpolation,
    showSupportNotice: false,
    resources: { nl: { translation: nl }, en: { translation: en } },
  });
  return instance.t;
}
