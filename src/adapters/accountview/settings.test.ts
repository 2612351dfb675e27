import { describe, expect, it } from 'vitest';

import { accountViewEndpoints, withOAuthUrls } from './manifest.js';
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
    expect(result.error.fieldErrors?.map((f) => f.code)).toEqual(['required', 'required', 'required']);
  });

  it('explains a company id that is not a GUID and never echoes the secret', () => {
    const result = validateAccountViewSettings({ ...valid, apiSecret: 'has space', companyId: 'DSTNY' });
    if (result.ok) throw new Error('expected an error');
    expect(result.error.fieldErrors?.map((f) => f.field)).toEqual(['apiSecret', 'companyId']);
    expect(result.error.fieldErrors?.map((f) => f.code)).toEqual(['key_malformed', 'invalid_guid']);
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

describe('OAuth URLs (external-apis §10.3: configurable as full URLs)', () => {
  it('keeps today’s endpoints when none are set', () => {
    const result = validateAccountViewSettings(valid);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.oauthUrls).toBeUndefined();
    expect(withOAuthUrls(accountViewEndpoints())).toEqual({
      apiBaseUrl: 'https://www.accountview.net/api/v3',
      authorizeUrl: 'https://accountview.net/ams/authorize.aspx',
      tokenUrl: 'https://www.accountview.net/api/v3/token',
      issuer: 'https://accountview.net',
    });
  });

  it('takes full authorize, token and issuer URLs, e.g. Visma Connect', () => {
    const urls = {
      authorizeUrl: 'https://connect.visma.com/connect/authorize',
      tokenUrl: 'https://connect.visma.com/connect/token',
      issuer: 'https://connect.visma.com',
    };
    const result = validateAccountViewSettings({ ...valid, ...urls });
    if (!result.ok) throw new Error(result.error.message);
    expect(withOAuthUrls(accountViewEndpoints(), result.value.oauthUrls)).toEqual({
      apiBaseUrl: 'https://www.accountview.net/api/v3',
      ...urls,
    });
  });

  it('defaults the issuer to the origin of a configured authorize URL', () => {
    const endpoints = withOAuthUrls(accountViewEndpoints(), {
      authorizeUrl: 'https://login.example.nl/oauth/authorize',
    });
    expect(endpoints.issuer).toBe('https://login.example.nl');
  });

  it('names each OAuth URL that is not a full URL', () => {
    const result = validateAccountViewSettings({ ...valid, authorizeUrl: '/authorize', issuer: 'ftp://x.nl' });
    if (result.ok) throw new Error('expected an error');
    expect(result.error.fieldErrors?.map((e) => e.field)).toEqual(['authorizeUrl', 'issuer']);
  });
});
