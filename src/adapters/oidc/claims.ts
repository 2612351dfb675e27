/** Which issuer a provider kind means, and which e-mail address of an ID token crmhub trusts for signing in. */
import type { SsoProvider } from '../db/schema.js';

export const GOOGLE_ISSUER = 'https://accounts.google.com';

/**
 * Entra ID tenant: the directory (tenant) id, a GUID. A domain name or `common`/`organizations` would not do: the
 * discovered issuer must equal the one asked for, and it names the tenant by its GUID.
 */
export const TENANT_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The issuer identifier of a provider: Entra ID per tenant (v2.0 endpoints), Google's fixed one, or the given URL. */
export function issuerOf(settings: {
  readonly provider: SsoProvider;
  readonly tenantId: string | null;
  readonly issuerUrl: string | null;
}): string {
  switch (settings.provider) {
    case 'microsoft':
      return `https://login.microsoftonline.com/${encodeURIComponent(settings.tenantId ?? '')}/v2.0`;
    case 'google':
      return GOOGLE_ISSUER;
    case 'oidc':
      return settings.issuerUrl ?? '';
  }
}

export type SignInEmail =
  { readonly kind: 'email'; readonly email: string } | { readonly kind: 'unverified' } | { readonly kind: 'missing' };

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/**
 * The address to match a crmhub user by (docs/sso.md "Which e-mail claim is trusted"). Google and any OpenID
 * provider: `email` only with `email_verified: true`. Entra ID v2 tokens usually carry no `email_verified`: there
 * `email`, else `preferred_username` (the sign-in name), is trusted because the issuer is pinned to the firm's own
 * tenant, whose administrators control those values; an explicit `email_verified: false` is still refused.
 */
export function signInEmail(provider: SsoProvider, claims: Readonly<Record<string, unknown>>): SignInEmail {
  const verified = claims['email_verified'];
  if (provider === 'microsoft') {
    if (verified === false || verified === 'false') return { kind: 'unverified' };
    const email = text(claims['email']) ?? text(claims['preferred_username']);
    return email !== null && email.includes('@') ? { kind: 'email', email } : { kind: 'missing' };
  }
  const email = text(claims['email']);
  if (email === null) return { kind: 'missing' };
  // Some providers send the boolean as a string.
  return verified === true || verified === 'true' ? { kind: 'email', email } : { kind: 'unverified' };
}
