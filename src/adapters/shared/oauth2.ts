/** OAuth 2.0 code flow on oauth4webapi (state + PKCE S256, exchange, refresh), the TokenStore port, precise errors. */
import * as oauth from 'oauth4webapi';

import { withSystemSaid } from '../../core/connector.js';
import { err, ok } from '../../core/result.js';
import { outboundError, parseRetryAfter } from './http.js';
import { createOutboundFetch, OutboundRedirectError, OutboundRefusedError } from './outbound-fetch.js';
import { strictOutboundPolicy } from './outbound-policy.js';

import type { ConnectorError, ConnectorResult } from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { Resolver } from './outbound-fetch.js';
import type { OutboundPolicy } from './outbound-policy.js';

/** One OAuth client at one authorization server, plus the words its errors should use. */
export type OAuthClientConfig = {
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  /** Only used as an identifier; no discovery is done. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly clientAuth: 'client_secret_post' | 'client_secret_basic';
  readonly labels: {
    /** e.g. `AccountView` */
    readonly system: string;
    /** e.g. `API key (API-sleutel)` */
    readonly clientId: string;
    /** e.g. `API secret` */
    readonly clientSecret: string;
    /** Where the app registration lives, e.g. `AccountView.net > Ontwikkelaar`. */
    readonly registration: string;
  };
  readonly timeoutMs?: number;
  /** Replaces the transport (tests); the address policy's URL check and the redirect refusal still apply. */
  readonly fetch?: typeof fetch;
  readonly resolve?: Resolver;
  /** Which addresses the token endpoint may have (default: https to public addresses only). */
  readonly outbound?: OutboundPolicy;
};

export type OAuthTokens = {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  readonly tokenType: string;
  readonly scope: string | null;
  /** When the access token expires (ISO 8601); null when the server gave no lifetime. */
  readonly expiresAt: string | null;
  /** When it was issued (ISO 8601), so refresh-ahead follows the lifetime granted; absent on tokens stored before. */
  readonly issuedAt?: string | null;
};

/** What the browser is sent to, and what must be kept (server-side) to finish the flow. */
export type AuthorizationRequest = {
  readonly url: string;
  readonly state: string;
  /** PKCE S256 verifier; always sent, since servers that do not support PKCE ignore the challenge. */
  readonly codeVerifier: string;
};

/** Persists a grant's tokens; refreshes happen under its lock so a rotating refresh token is used exactly once. */
export interface TokenStore {
  /** The stored tokens without locking (the fast path); null when the grant has none. */
  read(grantId: string): Promise<OAuthTokens | null>;
  /** Stores the tokens of a new grant (after the code exchange), replacing any. */
  save(grantId: string, tokens: OAuthTokens): Promise<void>;
  /** Forgets a grant (disconnect). */
  delete(grantId: string): Promise<void>;
  /**
   * Runs `fn` with the current tokens while holding an exclusive lock on the grant. When `fn` returns `tokens`,
   * they are persisted before the lock is released (atomically with respect to other holders); `null` forgets the
   * grant (a refused one), so every reader sees at once that it must be connected again.
   */
  withLockedGrant<T>(
    grantId: string,
    fn: (current: OAuthTokens | null) => Promise<{ result: T; tokens?: OAuthTokens | null }>,
  ): Promise<T>;
}

/** A TokenStore in memory: a promise chain per grant is the lock (one process only). */
export function createMemoryTokenStore(): TokenStore & { readonly size: number } {
  const tokens = new Map<string, OAuthTokens>();
  const locks = new Map<string, Promise<unknown>>();
  return {
    get size() {
      return tokens.size;
    },
    read: (grantId) => Promise.resolve(tokens.get(grantId) ?? null),
    save(grantId, value) {
      tokens.set(grantId, value);
      return Promise.resolve();
    },
    delete(grantId) {
      tokens.delete(grantId);
      return Promise.resolve();
    },
    withLockedGrant(grantId, fn) {
      const previous = locks.get(grantId) ?? Promise.resolve();
      const run = previous.then(async () => {
        const outcome = await fn(tokens.get(grantId) ?? null);
        if (outcome.tokens === null) tokens.delete(grantId);
        else if (outcome.tokens !== undefined) tokens.set(grantId, outcome.tokens);
        return outcome.result;
      });
      const tail = run.catch(() => undefined);
      locks.set(grantId, tail);
      void tail.then(() => {
        if (locks.get(grantId) === tail) locks.delete(grantId);
      });
      return run;
    },
  };
}

function server(cfg: OAuthClientConfig): oauth.AuthorizationServer {
  return { issuer: cfg.issuer, authorization_endpoint: cfg.authorizationEndpoint, token_endpoint: cfg.tokenEndpoint };
}

function requestOptions(cfg: OAuthClientConfig): oauth.TokenEndpointRequestOptions {
  const timeoutMs = cfg.timeoutMs ?? 15_000;
  const policy = cfg.outbound ?? strictOutboundPolicy;
  const guarded = createOutboundFetch(policy, {
    ...(cfg.fetch === undefined ? {} : { fetch: cfg.fetch }),
    ...(cfg.resolve === undefined ? {} : { resolve: cfg.resolve }),
  });
  return {
    signal: () => AbortSignal.timeout(timeoutMs),
    // The guarded fetch decides about plain http (loopback under the development flag only), so a refusal reads the
    // same as for every other call. The flag is marked deprecated only to make it stand out.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    [oauth.allowInsecureRequests]: new URL(cfg.tokenEndpoint).protocol === 'http:',
    [oauth.customFetch]: (url, options) => guarded(url, options),
  };
}

function clientAuth(cfg: OAuthClientConfig): oauth.ClientAuth {
  return cfg.clientAuth === 'client_secret_post'
    ? oauth.ClientSecretPost(cfg.clientSecret)
    : oauth.ClientSecretBasic(cfg.clientSecret);
}

/** Builds the URL to send the browser to, with a fresh state and a PKCE S256 challenge. */
export async function createAuthorizationRequest(cfg: OAuthClientConfig): Promise<AuthorizationRequest> {
  const state = oauth.generateRandomState();
  const url = new URL(cfg.authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', cfg.clientId);
  url.searchParams.set('redirect_uri', cfg.redirectUri);
  url.searchParams.set('scope', cfg.scope);
  url.searchParams.set('state', state);
  const codeVerifier = oauth.generateRandomCodeVerifier();
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return { url: url.toString(), state, codeVerifier };
}

function toTokens(response: oauth.TokenEndpointResponse, now: Date, previousRefresh: string | null): OAuthTokens {
  return {
    accessToken: response.access_token,
    // A server that does not rotate may omit refresh_token on refresh: keep the one we have.
    refreshToken: response.refresh_token ?? previousRefresh,
    tokenType: response.token_type,
    scope: response.scope ?? null,
    expiresAt:
      response.expires_in === undefined ? null : new Date(now.getTime() + response.expires_in * 1000).toISOString(),
    issuedAt: now.toISOString(),
  };
}

/** Maps HTTP-level failures (429, 5xx) before oauth4webapi parses the body. */
function httpFailure(response: Response, cfg: OAuthClientConfig): ConnectorError | null {
  if (response.status === 429) {
    const after = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    return {
      code: 'rate_limited',
      message: `${cfg.labels.system} is limiting requests to its token endpoint (HTTP 429); try again later.`,
      ...(after === undefined ? {} : { retryAfterMs: after }),
    };
  }
  if (response.status >= 500) {
    return {
      code: 'transient',
      message: `${cfg.labels.system}'s token endpoint failed with HTTP ${String(response.status)}; try again later.`,
    };
  }
  return null;
}

function said(description: string | undefined): string {
  return description === undefined || description === '' ? '' : ` ${description.trim()}`;
}

type OAuthPhase = 'callback' | 'exchange' | 'refresh';

/** `invalid_grant`: a spent refresh token, a redirect URI that differs, or a code that is expired or used. */
function invalidGrantError(cfg: OAuthClientConfig, phase: OAuthPhase, description: string | undefined): ConnectorError {
  const sys = cfg.labels.system;
  if (phase === 'refresh') {
    return {
      code: 'auth_expired',
      reason: 'grant_refused',
      message:
        `${sys} no longer accepts the stored refresh token (invalid_grant: expired, revoked or already used). ` +
        `Connect ${sys} again.${said(description)}`,
    };
  }
  if (description !== undefined && /redirect/i.test(description)) {
    return {
      code: 'auth_invalid',
      message:
        `${sys} refused the code because the redirect URI (${cfg.redirectUri}) differs from the one in the ` +
        `authorization request or the app registration in ${cfg.labels.registration}.${said(description)}`,
    };
  }
  return {
    code: 'auth_invalid',
    message:
      `${sys} refused the authorization code (invalid_grant: expired, already used or issued to another app). ` +
      `Start the connection again.${said(description)}`,
  };
}

/** An OAuth error code the token endpoint answered with, as a message that says what to fix. */
function tokenEndpointError(
  code: string,
  description: string | undefined,
  cfg: OAuthClientConfig,
  phase: OAuthPhase,
): ConnectorError {
  const sys = cfg.labels.system;
  switch (code) {
    case 'invalid_client':
    case 'unauthorized_client':
      return {
        code: 'auth_invalid',
        message:
          `${sys} rejected the client credentials (${code}): the ${cfg.labels.clientId} is unknown or the ` +
          `${cfg.labels.clientSecret} is wrong. Copy both again from ${cfg.labels.registration}.${said(description)}`,
      };
    case 'invalid_grant':
      return invalidGrantError(cfg, phase, description);
    case 'redirect_uri_mismatch':
      return {
        code: 'auth_invalid',
        message: `The redirect URI ${cfg.redirectUri} is not registered for this app in ${cfg.labels.registration}.${said(description)}`,
      };
    case 'invalid_scope':
      return {
        code: 'rejected',
        reason: 'scope_missing',
        message: `${sys} refused the scope '${cfg.scope}' (invalid_scope).${said(description)}`,
      };
    case 'unsupported_grant_type':
      return { code: 'unsupported', message: `${sys} does not support this grant type.${said(description)}` };
    default:
      return { code: 'rejected', message: `${sys} refused the token request (${code}).${said(description)}` };
  }
}

/** The callback's `iss` (RFC 9207) names another server than the configured issuer. */
function issuerMismatch(e: oauth.OperationProcessingError, sys: string): ConnectorError | null {
  const cause: unknown = e.cause;
  if (!/"iss"/.test(e.message) || typeof cause !== 'object' || cause === null) return null;
  const { expected, parameters } = cause as { expected?: unknown; parameters?: unknown };
  const said = parameters instanceof URLSearchParams ? (parameters.get('iss') ?? '(none)') : '(none)';
  const message =
    `The configured ${sys} issuer (${String(expected)}) differs from the issuer the server says it is (${said}). ` +
    `Set the issuer URL to ${said} if that server is the right one, or correct the authorize URL.`;
  // The named issuer as a parameter, so the form can say which address to enter in the reader's language.
  const fieldErrors = [{ field: 'issuer', code: 'issuer_mismatch' as const, params: { named: said }, message }];
  return { code: 'rejected', reason: 'issuer_mismatch', message, fieldErrors };
}

/** A failure below OAuth: an invalid response, a timeout, an unreachable endpoint, or something unexpected. */
function processingError(e: unknown, sys: string, phase: OAuthPhase): ConnectorError {
  const issuer = e instanceof oauth.OperationProcessingError ? issuerMismatch(e, sys) : null;
  if (issuer !== null) return issuer;
  if (e instanceof oauth.OperationProcessingError && /"state"/.test(e.message)) {
    return {
      code: 'rejected',
      message: `The ${sys} callback does not belong to this connection attempt (state mismatch). Start the connection again.`,
    };
  }
  if (e instanceof oauth.OperationProcessingError || e instanceof oauth.UnsupportedOperationError) {
    return {
      code: 'transient',
      message: `${sys}'s token endpoint sent a response that is not valid OAuth: ${e.message}`,
    };
  }
  // One wording for timeouts, unknown hosts, refused connections and TLS failures (no port-scan oracle).
  const network = e instanceof Error && ['TimeoutError', 'AbortError', 'TypeError'].includes(e.name);
  if (network || (e instanceof Error && 'code' in e)) {
    return { code: 'transient', message: `Could not reach ${sys}'s token endpoint.` };
  }
  return { code: 'unknown', message: `Unexpected error during the ${sys} ${phase} step.` };
}

/** Maps anything an OAuth step can throw to a ConnectorError that says what to fix, with the server's own description. */
export function mapOAuthError(e: unknown, cfg: OAuthClientConfig, phase: OAuthPhase): ConnectorError {
  return withSystemSaid(errorOfOAuthStep(e, cfg, phase), serverDescription(e));
}

/** The `error_description` the authorization server sent, when it sent one. */
function serverDescription(e: unknown): string | undefined {
  if (e instanceof oauth.AuthorizationResponseError || e instanceof oauth.ResponseBodyError) return e.error_description;
  if (e instanceof oauth.WWWAuthenticateChallengeError) return e.cause[0]?.parameters.error_description;
  return undefined;
}

function errorOfOAuthStep(e: unknown, cfg: OAuthClientConfig, phase: OAuthPhase): ConnectorError {
  const sys = cfg.labels.system;
  if (e instanceof OutboundRefusedError || e instanceof OutboundRedirectError) {
    return outboundError(e, `${sys}'s token endpoint`, new URL(cfg.tokenEndpoint));
  }
  if (e instanceof oauth.AuthorizationResponseError) {
    if (e.error === 'invalid_scope') return tokenEndpointError(e.error, e.error_description, cfg, phase);
    if (e.error === 'access_denied') {
      return {
        code: 'auth_invalid',
        message: `Access was denied on the ${sys} consent page (access_denied). Connect again and choose to allow access.`,
      };
    }
    return {
      code: 'rejected',
      message: `${sys} refused the authorization request (${e.error}).${said(e.error_description)}`,
    };
  }
  if (e instanceof oauth.ResponseBodyError) return tokenEndpointError(e.error, e.error_description, cfg, phase);
  if (e instanceof oauth.WWWAuthenticateChallengeError) {
    const parameters = e.cause[0]?.parameters;
    return tokenEndpointError(parameters?.error ?? 'invalid_client', parameters?.error_description, cfg, phase);
  }
  return processingError(e, sys, phase);
}

/** Validates the callback URL (state, error) and exchanges the code for tokens. */
export async function exchangeAuthorizationCode(
  cfg: OAuthClientConfig,
  input: { readonly callbackUrl: string | URL; readonly expectedState: string; readonly codeVerifier: string },
  now: Date,
): ConnectorResult<OAuthTokens> {
  const as = server(cfg);
  const client: oauth.Client = { client_id: cfg.clientId };
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client, new URL(input.callbackUrl), input.expectedState);
  } catch (e) {
    return err(mapOAuthError(e, cfg, 'callback'));
  }
  return tokenGrant(
    cfg,
    'exchange',
    () =>
      oauth.authorizationCodeGrantRequest(
        as,
        client,
        clientAuth(cfg),
        params,
        cfg.redirectUri,
        input.codeVerifier,
        requestOptions(cfg),
      ),
    (response) => oauth.processAuthorizationCodeResponse(as, client, response),
    (response) => toTokens(response, now, null),
  );
}

/** Uses a refresh token once; the result carries the rotated refresh token when the server sent one. */
export async function refreshAccessToken(
  cfg: OAuthClientConfig,
  refreshToken: string,
  now: Date,
): ConnectorResult<OAuthTokens> {
  const as = server(cfg);
  const client: oauth.Client = { client_id: cfg.clientId };
  return tokenGrant(
    cfg,
    'refresh',
    () => oauth.refreshTokenGrantRequest(as, client, clientAuth(cfg), refreshToken, requestOptions(cfg)),
    (response) => oauth.processRefreshTokenResponse(as, client, response),
    (response) => toTokens(response, now, refreshToken),
  );
}

/** One token-endpoint round trip: send, refuse on an HTTP failure, process the answer; any throw is mapped. */
async function tokenGrant(
  cfg: OAuthClientConfig,
  phase: 'exchange' | 'refresh',
  send: () => Promise<Response>,
  process: (response: Response) => Promise<oauth.TokenEndpointResponse>,
  tokens: (response: oauth.TokenEndpointResponse) => OAuthTokens,
): ConnectorResult<OAuthTokens> {
  try {
    const response = await send();
    const failure = httpFailure(response, cfg);
    if (failure !== null) return err(failure);
    return ok(tokens(await process(response)));
  } catch (e) {
    return err(mapOAuthError(e, cfg, phase));
  }
}

/** Share of the granted lifetime after which a token is refreshed ahead of expiry. */
const REFRESH_AT_SHARE = 0.8;
/** At least this long before expiry, unless that is more than half the lifetime. */
const REFRESH_MIN_MARGIN_MS = 30_000;

/**
 * When to refresh (epoch ms): at 80% of the lifetime granted, at least 30 s before expiry, but never in the first half
 * of the lifetime, so a 5-second token is used for 2.5 s rather than refreshed on every call (external-apis §10.3).
 * Tokens without an issue time (stored before it was kept) fall back to `skewMs` before expiry.
 */
export function refreshDueAt(tokens: OAuthTokens, skewMs: number): number | null {
  if (tokens.expiresAt === null) return null;
  const expires = Date.parse(tokens.expiresAt);
  const issued = tokens.issuedAt == null ? Number.NaN : Date.parse(tokens.issuedAt);
  if (Number.isNaN(issued) || issued >= expires) return expires - skewMs;
  const lifetime = expires - issued;
  const margin = Math.min(Math.max(lifetime * (1 - REFRESH_AT_SHARE), REFRESH_MIN_MARGIN_MS), lifetime / 2);
  return expires - margin;
}

/** True while the access token need not be refreshed (no expiry known counts as fresh). */
export function isFresh(tokens: OAuthTokens, now: Date, skewMs: number): boolean {
  const due = refreshDueAt(tokens, skewMs);
  return due === null || due > now.getTime();
}

/**
 * Returns a usable access token for the grant, refreshing under the store's lock when it is (nearly) expired or
 * was just refused (`rejected`). Another holder's fresh refresh is reused, so a rotating refresh token is spent once.
 * A refresh refused with `invalid_grant` deletes the grant's tokens.
 */
export async function ensureAccessToken(
  store: TokenStore,
  grantId: string,
  cfg: OAuthClientConfig,
  opts: { readonly now: () => Date; readonly skewMs: number; readonly rejected?: string },
): ConnectorResult<string> {
  const usable = (t: OAuthTokens): boolean => t.accessToken !== opts.rejected && isFresh(t, opts.now(), opts.skewMs);
  const cached = await store.read(grantId);
  if (cached !== null && usable(cached)) return ok(cached.accessToken);
  return store.withLockedGrant<Result<string, ConnectorError>>(grantId, async (current) => {
    if (current === null) {
      return {
        result: err({
          code: 'auth_invalid',
          reason: 'grant_missing',
          message: `${cfg.labels.system} is not connected (no stored authorization). Connect ${cfg.labels.system} first.`,
        }),
      };
    }
    if (usable(current)) return { result: ok(current.accessToken) };
    if (current.refreshToken === null) {
      return {
        result: err({
          code: 'auth_expired',
          message: `The ${cfg.labels.system} access token expired and no refresh token is stored. Connect ${cfg.labels.system} again.`,
        }),
      };
    }
    const refreshed = await refreshAccessToken(cfg, current.refreshToken, opts.now());
    // A refused grant (invalid_grant) is dead: forgotten at once, so the page says "reconnect" now rather than at the
    // next grant check, and no later call sends the spent refresh token again (a reuse the server may punish).
    if (!refreshed.ok)
      return { result: refreshed, ...(refreshed.error.reason === 'grant_refused' ? { tokens: null } : {}) };
    return { result: ok(refreshed.value.accessToken), tokens: refreshed.value };
  });
}
