import { describe, expect, it } from 'vitest';

import { parseCompanyId, validateAccountViewSettings } from './settings.js';

const GUID = '43441cb0-926d-4c01-8c34-d1a2dd01ddb6';
const valid = {
  apiKey: 'a1b2c3',
  apiSecret: 's3cr3t-value',
  companyId: GUID,
  redirectUri: 'https://crmhub.example.nl/cb',
};

describe('parseCompanyId', () => {
  it.each([
    [GUID, GUID],
    [` {${GUID.toUpperCase()}} `, GUID],
    [`https://www.accountview.net/ams/Pages/Companies/ShowCompany.aspx?id=${GUID}`, GUID],
  ])('accepts %s', (input, expected) => {
    expect(parseCompanyId(input)).toBe(expected);
  });

  it.each(['DSTNY', '43441cb0-926d-4c01-8c34', 'https://www.accountview.net/ams/Pages/Companies/ShowCompany.aspx'])(
    'refuses %s',
    (input) => {
      expect(parseCompanyId(input)).toBeNull();
    },
  );
});

describe('validateAccountViewSettings', () => {
  it('accepts complete settings and normalises the company id', () => {
    const result = validateAccountViewSettings({ ...valid, companyId: GUID.toUpperCase() });
    expect(result).toEqual({ ok: true, value: valid });
  });

  it('names every missing field at once', () => {
    const result = validateAccountViewSettings({ redirectUri: valid.redirectUri, apiKey: ' ' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('rejected');
    expect(result.error.fieldErrors?.map((f) => f.field)).toEqual(['apiKey', 'apiSecret', 'companyId']);
  });

  it('explains a company id that is not a GUID and never echoes the secret', () => {
    const result = validateAccountViewSettings({ ...valid, apiSecret: 'has space', companyId: 'DSTNY' });
    if (result.ok) throw new Error('expected an error');
    expect(result.error.fieldErrors?.map((f) => f.field)).toEqual(['apiSecret', 'companyId']);
    expect(result.error.fieldErrors?.[0]?.message).toContain('without spaces');
    expect(result.error.fieldErrors?.[1]?.message).toContain("'DSTNY' is not a GUID");
    expect(result.error.message).not.toContain('has space');
  });

  it('needs an absolute redirect URI', () => {
    const result = validateAccountViewSettings({ ...valid, redirectUri: '/oauth/callback' });
    if (result.ok) throw new Error('expected an error');
    expect(result.error.fieldErrors?.[0]?.field).toBe('redirectUri');
  });
});
