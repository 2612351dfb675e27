// A refused import file and a field problem are worded in the page's language, never with the server's English text.
import { describe, expect, it } from 'vitest';

import { problemCatalogue } from '../../src/app/http/problem.js';
import { ApiError } from '../../web/src/api.js';
import { errorText, fieldProblemText, translatedCodes } from '../../web/src/error-text.js';
import en from '../../web/src/locales/en.json' with { type: 'json' };
import nl from '../../web/src/locales/nl.json' with { type: 'json' };
import { translator } from './translator.js';

const unclosedQuote = new ApiError({
  status: 422,
  code: 'intake_file_rejected',
  message: 'csv_unclosed_quote at line 3',
  reason: 'csv_unclosed_quote',
  fieldErrors: [
    { field: 'line 3', code: 'invalid', params: { reason: 'csv_unclosed_quote' }, message: 'csv_unclosed_quote' },
  ],
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

describe('a field problem', () => {
  it('is worded from its code and params, never from its English message', async () => {
    const t = await translator('nl');
    const tooLong = {
      field: 'body.name',
      code: 'too_long',
      params: { max: 200 },
      message: 'Too big: max 200',
    } as const;
    expect(fieldProblemText(t, tooLong)).toBe('Dit is te lang (hoogstens 200).');
    const company = { field: 'companyId', code: 'company_unknown', message: 'onderneming x is unknown' } as const;
    expect(fieldProblemText(t, company)).toBe(nl.form.problem.company_unknown);
    const reachable = { ...company, params: { reachable: 'DEMO (43441cb0)' } };
    expect(fieldProblemText(t, reachable)).toContain('Wel bereikbaar: DEMO (43441cb0).');
    const issuer = { field: 'issuer', code: 'issuer_mismatch', params: { named: 'https://id.example' }, message: 'x' };
    expect(fieldProblemText(t, { ...issuer, code: 'issuer_mismatch' })).toContain('noemt zich https://id.example.');
  });

  it('reuses the words of the problem codes it stands for', async () => {
    const t = await translator('en');
    const refused = { field: 'body.baseUrl', code: 'url_not_allowed', params: { reason: 'loopback' } } as const;
    expect(fieldProblemText(t, { ...refused, message: 'loopback' })).toBe(en.errors.url_not_allowed.loopback);
    const weak = { field: 'body.password', code: 'password_too_weak', params: { reason: 'nonsense' }, message: 'weak' };
    expect(fieldProblemText(t, { ...weak, code: 'password_too_weak' })).toBe(en.errors.password_too_weak.weak);
  });
});

/** Codes worded with their reason (errorText's own branches). */
const wordedByReason = new Set([
  'connection_failed',
  'url_not_allowed',
  'password_too_weak',
  'too_many_attempts',
  'intake_file_rejected',
]);

describe('every problem a page can meet', () => {
  it('has words of its own, so no page shows the English detail', () => {
    // A server failure (5xx) is said by its status; a machine's code never reaches a page.
    const forPages = Object.entries(problemCatalogue).filter(
      ([, problem]) => problem.status < 500 && !('machine' in problem),
    );
    const unworded = forPages
      .map(([code]) => code)
      .filter((code) => !wordedByReason.has(code) && !translatedCodes.some((known) => known === code));
    expect(unworded).toEqual([]);
  });

  it('is said generically, never with its English detail, when the web has no words for it', async () => {
    const unknown = new ApiError({ status: 409, code: 'from_a_newer_server', message: 'The thing is gone' });
    expect(errorText(await translator('nl'), unknown)).toBe('Er ging iets mis (status 409).');
  });
});
