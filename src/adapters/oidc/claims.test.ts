import { describe, expect, it } from 'vitest';

import { issuerOf, signInEmail, TENANT_PATTERN } from './claims.js';

describe('issuerOf', () => {
  it('pins Entra ID to the tenant, Google to its issuer, and takes any other issuer as given', () => {
    const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    expect(issuerOf({ provider: 'microsoft', tenantId, issuerUrl: null })).toBe(
      `https://login.microsoftonline.com/${tenantId}/v2.0`,
    );
    expect(issuerOf({ provider: 'google', tenantId: null, issuerUrl: null })).toBe('https://accounts.google.com');
    expect(issuerOf({ provider: 'oidc', tenantId: null, issuerUrl: 'https://id.example.nl' })).toBe(
      'https://id.example.nl',
    );
  });

  it('accepts only a tenant GUID, never a multi-tenant alias', () => {
    expect(TENANT_PATTERN.test('72f988bf-86f1-41af-91ab-2d7cd011db47')).toBe(true);
    for (const alias of ['common', 'organizations', 'consumers', 'kantoor.onmicrosoft.com', '']) {
      expect(TENANT_PATTERN.test(alias), alias).toBe(false);
    }
  });
});

describe('signInEmail', () => {
  it('Google and other providers: email only with email_verified true', () => {
    expect(signInEmail('google', { email: 'a@kantoor.nl', email_verified: true })).toEqual({
      kind: 'email',
      email: 'a@kantoor.nl',
    });
    expect(signInEmail('oidc', { email: 'a@kantoor.nl', email_verified: 'true' })).toMatchObject({ kind: 'email' });
    expect(signInEmail('google', { email: 'a@kantoor.nl', email_verified: false })).toEqual({ kind: 'unverified' });
    expect(signInEmail('oidc', { email: 'a@kantoor.nl' })).toEqual({ kind: 'unverified' });
    expect(signInEmail('oidc', { email_verified: true })).toEqual({ kind: 'missing' });
  });

  it('Entra ID: email, else preferred_username; an explicit email_verified false is refused', () => {
    expect(signInEmail('microsoft', { email: 'a@kantoor.nl', preferred_username: 'b@kantoor.nl' })).toEqual({
      kind: 'email',
      email: 'a@kantoor.nl',
    });
    expect(signInEmail('microsoft', { preferred_username: 'b@kantoor.nl' })).toEqual({
      kind: 'email',
      email: 'b@kantoor.nl',
    });
    expect(signInEmail('microsoft', { email: 'a@kantoor.nl', email_verified: false })).toEqual({ kind: 'unverified' });
    expect(signInEmail('microsoft', { preferred_username: '+31201234567' })).toEqual({ kind: 'missing' });
  });
});
