/** Visma Connect, the OAuth 2.0 server of the Yuki Platform API ([C] docs/external-systems/yuki.md#visma-connect): settings and client. */
import { z } from 'zod';

import { fieldProblemOfIssue } from '../../core/field-problem.js';
import { err, ok } from '../../core/result.js';
import { ensureAccessToken } from '../shared/oauth2.js';

import type { ConnectorError, ConnectorResult } from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { OAuthClientConfig, TokenStore } from '../shared/oauth2.js';
import type { OutboundPolicy } from '../shared/outbound-policy.js';

/** Refresh window for tokens stored without an issue time; others refresh at 80% of their granted lifetime. */
const UNKNOWN_LIFETIME_SKEW_MS = 5 * 60_000;

/** [C] docs/external-systems/yuki.md#visma-connect: the production endpoints (Yuki's authentication guide). */
export const VISMA_CONNECT = {
  authorizeUrl: 'https://auth.visma.com/authorize',
  tokenUrl: 'https://auth.visma.com/token',
  issuer: 'https://auth.visma.com',
  // [C] scope names from the guide; [I] `offline_access` for a refresh token (Visma Connect is OpenID Connect based).
  scope: 'yukiapi:portal:portals:read offline_access',
} as const;

/** Paths of the simulator's Visma Connect-like server, used when the connection points at another environment. */
export const SIM_VISMA_CONNECT_PATHS = { authorize: '/connect/authorize', token: '/connect/token' } as const;

const url = z.url({ protocol: /^https?$/, error: 'must be a full http(s) URL' });

export const vismaConnectSettingsSchema = z.strictObject({
  clientId: z.string().trim().min(1, 'enter the client id from the Visma Developer Portal').max(200),
  clientSecret: z.string().trim().min(1, 'enter the client secret from the Visma Developer Portal').max(500),
  redirectUri: url,
  scope: z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'scopes are separated by single spaces'),
  authorizeUrl: url,
  tokenUrl: url,
});
export type VismaConnectSettings = z.infer<typeof vismaConnectSettingsSchema>;

/** The default endpoints of a connection: production, or the simulator's paths under its environment URL. */
export function vismaConnectDefaults(baseUrl: string | null): { authorizeUrl: string; tokenUrl: string } {
  if (baseUrl === null) return { authorizeUrl: VISMA_CONNECT.authorizeUrl, tokenUrl: VISMA_CONNECT.tokenUrl };
  const base = baseUrl.replace(/\/+$/, '');
  return {
    authorizeUrl: `${base}${SIM_VISMA_CONNECT_PATHS.authorize}`,
    tokenUrl: `${base}${SIM_VISMA_CONNECT_PATHS.token}`,
  };
}

/** Checks what the administrator entered (every problem at once, each naming its field; secrets never echoed). */
export function parseVismaConnectSettings(
  input: Readonly<Record<string, unknown>>,
  baseUrl: string | null,
): Result<VismaConnectSettings, ConnectorError> {
  const defaults = vismaConnectDefaults(baseUrl);
  const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
  const parsed = vismaConnectSettingsSchema.safeParse({
    ...input,
    scope: blank(input['scope']) ? VISMA_CONNECT.scope : input['scope'],
    authorizeUrl: blank(input['authorizeUrl']) ? defaults.authorizeUrl : input['authorizeUrl'],
    tokenUrl: blank(input['tokenUrl']) ? defaults.tokenUrl : input['tokenUrl'],
  });
  if (parsed.success) return ok(parsed.data);
  return err({
    code: 'rejected',
    message: 'The Visma Connect settings are not complete or not valid.',
    fieldErrors: parsed.error.issues.map((i) => ({
      field: i.path.join('.'),
      ...fieldProblemOfIssue(i),
      message: i.message,
    })),
  });
}

/** The OAuth client of a Yuki Platform API grant (code flow with state + PKCE, shared with AccountView). */
export function vismaConnectOAuthConfig(settings: VismaConnectSettings, outbound?: OutboundPolicy): OAuthClientConfig {
  return {
    ...(outbound === undefined ? {} : { outbound }),
    authorizationEndpoint: settings.authorizeUrl,
    tokenEndpoint: settings.tokenUrl,
    issuer: new URL(settings.authorizeUrl).origin,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    redirectUri: settings.redirectUri,
    scope: settings.scope,
    // [I] docs/external-systems/yuki.md#visma-connect: client_secret_post, as Visma's own samples send the secret.
    clientAuth: 'client_secret_post',
    labels: {
      system: 'Visma Connect',
      clientId: 'client id',
      clientSecret: 'client secret',
      registration: 'the Visma Developer Portal (your application → Credentials)',
    },
  };
}

/** Where a portal target finds its Platform API grant: the app's token store and the connection's grant id. */
export type PlatformGrant = { readonly tokenStore: TokenStore; readonly grantId: string };

/** A usable access token, refreshed under the grant's lock at 80% of its granted lifetime (at least 30 s before). */
export function vismaConnectToken(
  settings: VismaConnectSettings,
  grant: PlatformGrant,
  clock: () => Date,
  outbound?: OutboundPolicy,
): (rejected?: string) => ConnectorResult<string> {
  const cfg = vismaConnectOAuthConfig(settings, outbound);
  return (rejected) =>
    ensureAccessToken(grant.tokenStore, grant.grantId, cfg, {
      now: clock,
      skewMs: UNKNOWN_LIFETIME_SKEW_MS,
      ...(rejected === undefined ? {} : { rejected }),
    });
}
