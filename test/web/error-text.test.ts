// A refused import file is worded in the page's language, with the line the server named, never its English detail.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';

import { ApiError } from '../../web/src/api.js';
import { errorText } from '../../web/src/error-text.js';
import en from '../../web/src/locales/en.json' with { type: 'json' };
import nl from '../../web/src/locales/nl.json' with { type: 'json' };

async function translator(lng: 'nl' | 'en') {
  const instance = i18next.createInstance();
  await instance.init({ lng, resources: { nl: { translation: nl }, en: { translation: en } } });
  return instance.t;
}

const unclosedQuote = new ApiError({
  status: 422,
  code: 'intake_file_rejected',
  message: 'csv_unclosed_quote at line 3',
  reason: 'csv_unclosed_quote',
  fieldErrors: [{ field: 'line 3', message: 'csv_unclosed_quote' }],
});

describe('a refused import file', () => {
  it('is said in Dutch with its line number, without the English detail', async () => {
    const text = errorText(await translator('nl'), unclosedQuote);
    expect(text).toBe('Een aanhalingsteken wordt geopend en nooit gesloten. (regel 3)');
  });

  it('is said in English the same way, and without a line when the server names none', async () => {
    const t = await translator('en');
    expect(errorText(t, unclosedQuote)).toMatch(/ \(line 3\)$/);
    const empty = new ApiError({
      status: 422,
      code: 'intake_file_rejected',
      message: 'file_empty',
      reason: 'file_empty',
    });
    expect(errorText(t, empty)).toBe(en.errors.intake_file_rejected.file_empty);
  });
});
