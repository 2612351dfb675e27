/** Simulated AccountView.net OAuth 2.0: `/ams/authorize.aspx` (login + consent pages) and `POST /api/v3/token`. */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';

import { consentPage, errorPage, loginPage } from './pages.js';
import { newToken } from './state.js';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountViewSimOptions } from './options.js';
import type { AccountViewState, SimApp, SimGrant, SimToken, SimUser } from './state.js';

/** Scopes the authorize endpoint accepts (docs/external-systems/accountview.md#oauth: `readaccountviewdata` [C], `*` used by AV-GO, write scope [I]). */
const knownScopes = new Set(['readaccountviewdata', 'writeaccountviewdata', '*']);

type AuthorizeParams = {
  responseType: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
};

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function readParams(source: Record<string, unknown>): AuthorizeParams {
  return {
    responseType: str(source['response_type']) ?? '',
    clientId: str(source['client_id']) ?? '',
    redirectUri: str(source['redirect_uri']) ?? '',
    // [I] docs/external-systems/accountview.md#oauth: a missing scope defaults to read access.
    scope: str(source['scope']) ?? 'readaccountviewdata',
    state: str(source['state']),
    codeChallenge: str(source['code_challenge']),
    codeChallengeMethod: str(source['code_challenge_method']),
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

type OAuthContext = { readonly state: AccountViewState; readonly options: AccountViewSimOptions };

function redirectWith(
  reply: FastifyReply,
  p: AuthorizeParams,
  values: Record<string, string>,
  inFragment = false,
): FastifyReply {
  const target = new URL(p.redirectUri);
  const params = new URLSearchParams(values);
  if (p.state !== null) params.set('state', p.state);
  if (inFragment) target.hash = params.toString();
  else for (const [k, v] of params) target.searchParams.set(k, v);
  return reply.redirect(target.toString(), 302);
}

const htmlError = (reply: FastifyReply, message: string): FastifyReply =>
  reply.code(400).type('text/html; charset=utf-8').send(errorPage(message));

/** Checks what must hold before anything may be redirected to the client (RFC 6749 §4.1.2.1). */
function checkClient(state: AccountViewState, p: AuthorizeParams): { app: SimApp } | { page: string } {
  const registered = state.apps.get(p.clientId);
  if (registered === undefined)
    return { page: `Onbekende applicatie: client_id '${p.clientId}' is niet geregistreerd.` };
  if (p.redirectUri === '') return { page: 'redirect_uri ontbreekt.' };
  // Exact string match, as RFC 6749 §3.1.2.3 and OAuth 2.1 require.
  if (!registered.redirectUris.includes(p.redirectUri)) {
    return {
      page: `redirect_uri '${p.redirectUri}' komt niet overeen met de geregistreerde Redirect URI van de app.`,
    };
  }
  return { app: registered };
}

function findUser(state: AccountViewState, hint: string | null): SimUser | null | 'unknown' {
  const id = hint ?? state.sessionUserId;
  if (id === null) return null;
  const user = state.users.get(id) ?? [...state.users.values()].find((u) => u.login.toLowerCase() === id.toLowerCase());
  return user ?? 'unknown';
}

type Pkce = { challenge: string | null; method: 'S256' | 'plain' | null };

/** The PKCE challenge to store with a code, or the error description to redirect with. */
function readPkce(options: AccountViewSimOptions, p: AuthorizeParams): Pkce | { error: string } {
  const none: Pkce = { challenge: null, method: null };
  if (p.responseType !== 'code' || options.pkce === 'ignored') return none;
  if (p.codeChallenge === null && options.pkce === 'required') return { error: 'code_challenge is verplicht.' };
  if (p.codeChallenge === null) return none;
  const m = p.codeChallengeMethod ?? 'plain';
  if (m !== 'S256' && m !== 'plain') return { error: `code_challenge_method '${m}' wordt niet ondersteund (S256).` };
  return { challenge: p.codeChallenge, method: m };
}

function createGrant({ state }: OAuthContext, clientId: string, userId: string, scope: string): SimGrant {
  const grant: SimGrant = {
    id: randomUUID(),
    clientId,
    userId,
    scope,
    createdAt: state.nowMs(),
    revokedAt: null,
    refreshCount: 0,
    reusedRefreshTokens: 0,
  };
  state.grants.set(grant.id, grant);
  state.changed();
  return grant;
}

function issueToken(store: Map<string, SimToken>, nowMs: number, ttlSeconds: number, grantId: string): string {
  const token = newToken();
  store.set(token, { grantId, expiresAt: nowMs + ttlSeconds * 1000, used: false });
  return token;
}

function issueAccess({ state, options }: OAuthContext, grantId: string): string {
  return issueToken(state.accessTokens, state.nowMs(), options.accessTokenTtlSeconds, grantId);
}

function issueRefresh({ state, options }: OAuthContext, grantId: string): string {
  return issueToken(state.refreshTokens, state.nowMs(), options.refreshTokenTtlSeconds, grantId);
}

type ValidAuthorize = { p: AuthorizeParams; app: SimApp; scopes: string[]; pkce: Pkce };

/** Validates an authorize request: the client first (an error page), then what is redirected back as an error. */
function validateAuthorize(
  ctx: OAuthContext,
  source: Record<string, unknown>,
  reply: FastifyReply,
): ValidAuthorize | FastifyReply {
  const p = readParams(source);
  const client = checkClient(ctx.state, p);
  if ('page' in client) return htmlError(reply, client.page);
  if (p.responseType !== 'code' && p.responseType !== 'token') {
    return redirectWith(reply, p, {
      error: 'unsupported_response_type',
      error_description: `response_type '${p.responseType}' wordt niet ondersteund (code of token).`,
    });
  }
  const scopes = p.scope.split(' ').filter((s) => s !== '');
  const badScope = scopes.find((s) => !knownScopes.has(s));
  if (badScope !== undefined) {
    return redirectWith(reply, p, { error: 'invalid_scope', error_description: `Onbekende scope '${badScope}'.` });
  }
  const pkce = readPkce(ctx.options, p);
  if ('error' in pkce) return redirectWith(reply, p, { error: 'invalid_request', error_description: pkce.error });
  return { p, app: client.app, scopes, pkce };
}

/** Issues what an approved authorize request asked for: a token in the fragment, or a code. */
function approve(
  ctx: OAuthContext,
  { p, app, scopes, pkce }: ValidAuthorize,
  user: SimUser,
  reply: FastifyReply,
): FastifyReply {
  const { state, options } = ctx;
  const scope = scopes.join(' ');
  if (p.responseType === 'token') {
    const grant = createGrant(ctx, app.clientId, user.id, scope);
    const access = issueAccess(ctx, grant.id);
    return redirectWith(
      reply,
      p,
      { access_token: access, token_type: 'bearer', expires_in: String(options.accessTokenTtlSeconds), scope },
      true,
    );
  }
  const code = newToken(24);
  state.codes.set(code, {
    clientId: app.clientId,
    userId: user.id,
    redirectUri: p.redirectUri,
    scope,
    codeChallenge: pkce.challenge,
    codeChallengeMethod: pkce.method,
    expiresAt: state.nowMs() + options.codeTtlSeconds * 1000,
    used: false,
    grantId: null,
  });
  return redirectWith(reply, p, { code });
}

function handleAuthorize(ctx: OAuthContext, source: Record<string, unknown>, reply: FastifyReply): FastifyReply {
  const { state, options } = ctx;
  const valid = validateAuthorize(ctx, source, reply);
  if (!('scopes' in valid)) return valid;
  const user = findUser(state, str(source['sim_user']));
  if (user === 'unknown') return htmlError(reply, 'Onbekende gebruiker (sim_user).');
  const hidden = Object.fromEntries(
    Object.entries(source).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'decision'),
  );
  if (user === null) {
    return reply.type('text/html; charset=utf-8').send(loginPage(hidden, [...state.users.values()]));
  }
  const decision =
    str(source['decision']) ??
    str(source['sim_consent']) ??
    ((state.autoConsent ?? options.autoConsent) ? 'approve' : null);
  if (decision === null) {
    return reply
      .type('text/html; charset=utf-8')
      .send(consentPage({ ...hidden, sim_user: user.id }, valid.app.name, user, valid.scopes));
  }
  if (decision !== 'approve') {
    return redirectWith(reply, valid.p, {
      error: 'access_denied',
      error_description: 'De gebruiker heeft de toegang geweigerd.',
    });
  }
  return approve(ctx, valid, user, reply);
}

const tokenError = (reply: FastifyReply, status: number, error: string, description: string): FastifyReply =>
  reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description });

/** The authenticated client of a token request (form body, or Basic when allowed), or an error reply. */
function tokenClient(
  { state, options }: OAuthContext,
  request: FastifyRequest,
  body: Record<string, unknown>,
  reply: FastifyReply,
): string | FastifyReply {
  let clientId = str(body['client_id']);
  let clientSecret = str(body['client_secret']);
  const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '');
  if (basic !== null && options.acceptBasicClientAuth) {
    const [id = '', secret = ''] = Buffer.from(basic[1] ?? '', 'base64')
      .toString('utf8')
      .split(':');
    clientId ??= decodeURIComponent(id);
    clientSecret ??= decodeURIComponent(secret);
  }
  if (clientId === null || clientSecret === null) {
    return tokenError(reply, 401, 'invalid_client', 'client_id en client_secret horen in de form body.');
  }
  const client = state.apps.get(clientId);
  if (client === undefined) return tokenError(reply, 401, 'invalid_client', `Onbekende client_id '${clientId}'.`);
  if (!sameSecret(client.clientSecret, clientSecret)) {
    return tokenError(reply, 401, 'invalid_client', 'client_secret is onjuist.');
  }
  return clientId;
}

type TokenRequest = { body: Record<string, unknown>; clientId: string; now: number; reply: FastifyReply };

function exchangeCode(ctx: OAuthContext, { body, clientId, now, reply }: TokenRequest): FastifyReply {
  const { state, options } = ctx;
  const codeValue = str(body['code']);
  if (codeValue === null) return tokenError(reply, 400, 'invalid_request', 'code ontbreekt.');
  const code = state.codes.get(codeValue);
  if (code?.clientId !== clientId) return tokenError(reply, 400, 'invalid_grant', 'De autorisatiecode is ongeldig.');
  if (code.used) {
    // RFC 6749 §4.1.2: a reused code revokes what was issued with it.
    if (code.grantId !== null) state.revokeGrant(code.grantId);
    return tokenError(reply, 400, 'invalid_grant', 'De autorisatiecode is al gebruikt.');
  }
  if (code.expiresAt <= now) return tokenError(reply, 400, 'invalid_grant', 'De autorisatiecode is verlopen.');
  if (str(body['redirect_uri']) !== code.redirectUri) {
    return tokenError(reply, 400, 'invalid_grant', 'redirect_uri komt niet overeen met de autorisatieaanvraag.');
  }
  if (code.codeChallenge !== null) {
    const verifier = str(body['code_verifier']);
    if (verifier === null) return tokenError(reply, 400, 'invalid_grant', 'code_verifier ontbreekt (PKCE).');
    const expected = code.codeChallengeMethod === 'S256' ? s256(verifier) : verifier;
    if (!sameSecret(expected, code.codeChallenge)) {
      return tokenError(reply, 400, 'invalid_grant', 'code_verifier past niet bij de code_challenge (PKCE).');
    }
  }
  code.used = true;
  const grant = createGrant(ctx, clientId, code.userId, code.scope);
  code.grantId = grant.id;
  return reply.header('cache-control', 'no-store').send({
    access_token: issueAccess(ctx, grant.id),
    token_type: 'bearer',
    expires_in: options.accessTokenTtlSeconds,
    refresh_token: issueRefresh(ctx, grant.id),
    scope: grant.scope,
  });
}

function refreshGrant(ctx: OAuthContext, { body, clientId, now, reply }: TokenRequest): FastifyReply {
  const { state, options } = ctx;
  const value = str(body['refresh_token']);
  if (value === null) return tokenError(reply, 400, 'invalid_request', 'refresh_token ontbreekt.');
  const token = state.refreshTokens.get(value);
  const grant = token === undefined ? undefined : state.grants.get(token.grantId);
  if (token === undefined || grant?.clientId !== clientId || grant.revokedAt !== null) {
    return tokenError(reply, 400, 'invalid_grant', 'De refresh token is ongeldig of ingetrokken.');
  }
  if (token.used) {
    grant.reusedRefreshTokens += 1;
    if (options.revokeGrantOnRefreshReuse) state.revokeGrant(grant.id);
    state.changed();
    return tokenError(reply, 400, 'invalid_grant', 'De refresh token is al gebruikt.');
  }
  if (token.expiresAt <= now) return tokenError(reply, 400, 'invalid_grant', 'De refresh token is verlopen.');
  let refresh = value;
  if (options.rotateRefreshTokens) {
    token.used = true;
    refresh = issueRefresh(ctx, grant.id);
  }
  grant.refreshCount += 1;
  state.changed();
  return reply.header('cache-control', 'no-store').send({
    access_token: issueAccess(ctx, grant.id),
    token_type: 'bearer',
    expires_in: options.accessTokenTtlSeconds,
    refresh_token: refresh,
    scope: grant.scope,
  });
}

/** Registers the authorize and token endpoints on `app`. */
export function registerOAuthRoutes(
  app: FastifyInstance,
  state: AccountViewState,
  options: AccountViewSimOptions,
): void {
  const ctx: OAuthContext = { state, options };
  app.get('/ams/authorize.aspx', (request, reply) =>
    handleAuthorize(ctx, request.query as Record<string, unknown>, reply),
  );
  app.post('/ams/authorize.aspx', (request, reply) => {
    const body = request.body;
    return handleAuthorize(
      ctx,
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {},
      reply,
    );
  });

  app.post('/api/v3/token', (request, reply) => {
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
      string,
      unknown
    >;
    const clientId = tokenClient(ctx, request, body, reply);
    if (typeof clientId !== 'string') return clientId;
    const grantType = str(body['grant_type']);
    if (grantType === null) return tokenError(reply, 400, 'invalid_request', 'grant_type ontbreekt.');
    const call: TokenRequest = { body, clientId, now: state.nowMs(), reply };
    if (grantType === 'authorization_code') return exchangeCode(ctx, call);
    if (grantType === 'refresh_token') return refreshGrant(ctx, call);
    return tokenError(reply, 400, 'unsupported_grant_type', `grant_type '${grantType}' wordt niet ondersteund.`);
  });
}
