/** OpenID Connect sign-in on openid-client: discovery, the authorization URL (state, PKCE S256, nonce), the code exchange and ID token checks, all through the guarded outbound transport. */
import * as client from 'openid-client';

import { err, ok } from '../../core/result.js';
import { createOutboundFetch, OutboundRedirectError, OutboundRefusedError } from '../shared/outbound-fetch.js';

import type { Result } from '../../core/result.js';
import type { OutboundFetchOptions } from '../shared/outbound-fetch.js';
import type { OutboundPolicy } from '../shared/outbound-policy.js';

/** Why talking to the provider failed: `denied` is the provider's own refusal in the callback (e.g. access_denied). */
export type OidcFailure = {
  readonly reason: 'unreachable' | 'url_not_allowed' | 'redirected' | 'denied' | 'rejected' | 'invalid_response';
  readonly message: string;
};

export type OidcClientSettings = {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly outbound: OutboundPolicy;
  readonly timeoutSeconds?: number;
  /** Tests only: replaces the transport below the policy checks. */
  readonly transport?: OutboundFetchOptions;
};

/** What the callback needs again: kept server-side (encrypted) between the redirect and the callback. */
export type PendingSignIn = {
  readonly url: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
};

function guardedFetch(settings: OidcClientSettings): client.CustomFetch {
  const guarded = createOutboundFetch(settings.outbound, settings.transport ?? {});
  return (url, options) => {
    const body = options.body;
    if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof URLSearchParams)) {
      return Promise.reject(new TypeError('openid-client sent a body kind crmhub does not send'));
    }
    return guarded(url, {
      method: options.method,
      headers: options.headers,
      body: body ?? null,
      signal: options.signal ?? null,
    });
  };
}

/** openid-client wraps a failed transport call ("something went wrong", or a timeout) around the original error. */
const NETWORK_CODES = new Set([undefined, 'OAUTH_TIMEOUT', 'OAUTH_ABORT']);

const described = (e: { error: string; error_description?: string }): string =>
  e.error_description === undefined ? e.error : `${e.error}: ${e.error_description}`;

/** Turns anything openid-client or the transport throws into one of a few reasons with a readable message. */
export function oidcFailure(error: unknown, issuer: string): OidcFailure {
  const network = error instanceof client.ClientError && NETWORK_CODES.has(error.code);
  const cause = network ? error.cause : error;
  if (cause instanceof OutboundRefusedError) return { reason: 'url_not_allowed', message: cause.message };
  if (cause instanceof OutboundRedirectError) return { reason: 'redirected', message: cause.message };
  if (error instanceof client.AuthorizationResponseError) return { reason: 'denied', message: described(error) };
  if (error instanceof client.ResponseBodyError) return { reason: 'rejected', message: described(error) };
  if (error instanceof client.ClientError && !network) return { reason: 'invalid_response', message: error.message };
  // One wording for every network failure, so the issuer field cannot be used to probe a network.
  const host = URL.canParse(issuer) ? new URL(issuer).host : issuer;
  return { reason: 'unreachable', message: `Could not reach the OpenID provider at ${host}` };
}

/** Reads the provider's discovery document (its issuer must equal `issuer` exactly). */
export async function discoverProvider(
  settings: OidcClientSettings,
): Promise<Result<client.Configuration, OidcFailure>> {
  try {
    const insecure = new URL(settings.issuer).protocol === 'http:';
    const config = await client.discovery(
      new URL(settings.issuer),
      settings.clientId,
      settings.clientSecret,
      client.ClientSecretPost(settings.clientSecret),
      {
        [client.customFetch]: guardedFetch(settings),
        timeout: settings.timeoutSeconds ?? 15,
        // Plain http is decided by the guarded transport (loopback under the development flag only).
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
      },
    );
    return ok(config);
  } catch (error) {
    return err(oidcFailure(error, settings.issuer));
  }
}

/** The provider's sign-in page for this client, with a fresh state, nonce and PKCE S256 challenge. */
export async function beginSignIn(
  config: client.Configuration,
  input: { readonly redirectUri: string; readonly loginHint?: string },
): Promise<PendingSignIn> {
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri,
    scope: 'openid email profile',
    response_type: 'code',
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, state, nonce, codeVerifier };
}

/**
 * Validates the callback (state, `iss`), exchanges the code with the PKCE verifier and checks the ID token
 * (signature, issuer, audience, expiry, nonce). Returns the ID token's claims.
 */
export async function finishSignIn(
  config: client.Configuration,
  input: {
    readonly redirectUri: string;
    readonly query: URLSearchParams;
    readonly pending: Omit<PendingSignIn, 'url'>;
  },
): Promise<Result<Readonly<Record<string, unknown>>, OidcFailure>> {
  // openid-client takes the redirect_uri for the token request from this URL: the registered one, not the address
  // the request arrived at (which differs behind a proxy).
  const currentUrl = new URL(input.redirectUri);
  for (const [key, value] of input.query) currentUrl.searchParams.append(key, value);
  try {
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: input.pending.codeVerifier,
      expectedState: input.pending.state,
      expectedNonce: input.pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (claims === undefined) return err({ reason: 'invalid_response', message: 'the provider sent no ID token' });
    return ok({ ...claims });
  } catch (error) {
    return err(oidcFailure(error, config.serverMetadata().issuer));
  }
}
