import { describe, expect, it } from 'vitest';

import { errorMessageOf, mapAccountViewError, prerequisiteOf } from './errors.js';
import prerequisite from './fixtures/error-prerequisite.json' with { type: 'json' };

const error = (ErrorMessage: string) => ({ ErrorType: 'AccountViewError', ErrorNumbers: null, ErrorMessage });

describe('prerequisiteOf', () => {
  it.each([
    ['De applicatie is niet als beperkt toegankelijke app toegevoegd.', 'restricted_app'],
    ['Backoffice server-limitatie is niet toegestaan.', 'server_access'],
    ['Voor deze gebruiker is geen e-mailadres ingevoerd.', 'user_email'],
    ['De gebruiker is geen lid van de gebruikersgroep Boekhouding.', 'group_boekhouding'],
    ['Geen toegang tot de administratie.', 'user_administration'],
    ['No book year exists for this company.', 'book_year'],
    ['De onderneming is geblokkeerd (BLK).', 'company_blocked'],
    ['Er is een onbekende fout opgetreden.', null],
  ])('%s → %s', (message, kind) => {
    expect(prerequisiteOf(message)).toBe(kind);
  });
});

describe('mapAccountViewError', () => {
  it('says which prerequisite is missing and where to fix it, quoting AccountView', () => {
    const mapped = mapAccountViewError({ status: 400, body: prerequisite, retryAfterMs: undefined, companyId: null });
    expect(mapped.code).toBe('forbidden');
    expect(mapped.message).toContain('not in the user group Boekhouding');
    expect(mapped.message).toContain('Document > Stamgegevens systeem > Gebruikers');
    expect(mapped.message).toContain('"De gebruiker is geen lid van de gebruikersgroep Boekhouding."');
    expect(mapped).toMatchObject({
      reason: 'group_boekhouding',
      systemSaid: 'De gebruiker is geen lid van de gebruikersgroep Boekhouding.',
    });
  });

  it("keeps AccountView's own words apart, but not a server error's page", () => {
    const expired = mapAccountViewError({
      status: 401,
      body: error('Token verlopen'),
      retryAfterMs: undefined,
      companyId: null,
    });
    expect(expired.systemSaid).toBe('Token verlopen');
    const failed = mapAccountViewError({
      status: 503,
      body: error('<html>'),
      retryAfterMs: undefined,
      companyId: null,
    });
    expect(failed).not.toHaveProperty('systemSaid');
  });

  it('maps status codes when the body says nothing useful', () => {
    expect(mapAccountViewError({ status: 429, body: null, retryAfterMs: 3000, companyId: null })).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 3000,
    });
    expect(mapAccountViewError({ status: 502, body: null, retryAfterMs: undefined, companyId: null }).code).toBe(
      'transient',
    );
    expect(
      mapAccountViewError({ status: 401, body: error('Token verlopen'), retryAfterMs: undefined, companyId: null })
        .code,
    ).toBe('auth_expired');
    expect(mapAccountViewError({ status: 400, body: 'oops', retryAfterMs: undefined, companyId: null })).toEqual({
      code: 'rejected',
      message: 'AccountView refused the request (HTTP 400). It gave no reason.',
    });
  });

  it('treats an error object in a 200 answer as a failure and names the company field', () => {
    const mapped = mapAccountViewError({
      status: 200,
      body: error("Onderneming 'abc' is onbekend of niet toegankelijk voor deze gebruiker."),
      retryAfterMs: undefined,
      companyId: 'abc',
    });
    expect(mapped.code).toBe('forbidden');
    expect(mapped.fieldErrors?.map((f) => f.field)).toEqual(['companyId']);
    expect(mapped.fieldErrors?.[0]?.message).toContain('abc');
  });

  it('reads ErrorMessage only when it is a non-empty string', () => {
    expect(errorMessageOf(error(''))).toBeNull();
    expect(errorMessageOf({ CONTACT: [] })).toBeNull();
    expect(errorMessageOf(error(' x '))).toBe('x');
  });
});
