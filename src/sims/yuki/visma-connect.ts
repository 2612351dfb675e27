/**
 * A Visma Connect-like OAuth 2.0 server for the simulated Yuki Platform API (docs/external-systems/yuki.md#visma-connect):
 * `GET /connect/authorize` (consent page, or auto-approve for tests), `POST /connect/token` (authorization code with
 * PKCE, refresh with rotation), `POST /connect/revocation`, and `/__sim/visma-connect` to inspect or revoke grants.
 * Access tokens it issues are Platform API bearer tokens of the portal, valid `vismaConnectTokenSeconds`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { YukiState } from './state.js';

type Code = {
  clientId: string;
  redirectUri: string;
  scope: string;
  challenge: string | null;
  expiresAtMs: number;
};
type Grant = { id: string; clientId: string; scope: string; revoked: boolean; refresh: string | null };

/** The server's memory; grants live as long as the simulator process (they are not in snapshots). */
export type VismaConnectSim = {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly codes: Map<string, Code>;
  readonly grants: Map<string, Grant>;
  /** Every refresh token ever issued → its grant (spent ones too, so a reuse is recognised). */
  readonly refreshTokens: Map<string, string>;
  readonly accessTokens: Map<string, string>;
  tokenRequests: number;
};

export function createVismaConnectSim(
  seed: number,
  fixed: { clientId?: string; clientSecret?: string },
): VismaConnectSim {
  const hex = createHash('sha256')
    .update(`visma-connect:${String(seed)}`)
    .digest('hex');
  return {
    clientId: fixed.clientId ?? `yuki-sim-${hex.slice(0, 8)}`,
    clientSecret: fixed.clientSecret ?? hex.slice(8, 40),
    codes: new Map(),
    grants: new Map(),
    refreshTokens: new Map(),
    accessTokens: new Map(),
    tokenRequests: 0,
  };
}

const random = (): string => randomBytes(24).toString('base64url');
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function oauthError(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description });
}

/** [C] RFC 6749 §2.3.1: client_secret_basic or client_secret_post. */
function clientOf(request: FastifyRequest, body: Record<string, string>): { id: string; secret: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (basic !== null) {
    const [id = '', secret = ''] = Buffer.from(basic[1] ?? '', 'base64')
      .toString('utf8')
      .split(':');
    return { id: decodeURIComponent(id), secret: decodeURIComponent(secret) };
  }
  return { id: text(body['client_id']), secret: text(body['client_secret']) };
}

type Ctx = {
  readonly sim: () => VismaConnectSim;
  readonly state: () => YukiState;
};

function issue(ctx: Ctx, grant: Grant, reply: FastifyReply): FastifyReply {
  const state = ctx.state();
  const seconds = state.options.vismaConnectTokenSeconds;
  const access = random();
  state.platformTokens.set(access, {
    token: access,
    portalId: state.portal.id,
    expiresAtMs: state.now() + seconds * 1000,
  });
  ctx.sim().accessTokens.set(access, grant.id);
  // [I] docs/external-systems/yuki.md#visma-connect: each refresh returns a new refresh token (rotation).
  const rotate = grant.refresh === null || state.options.vismaConnectRotateRefresh;
  if (rotate) {
    grant.refresh = random();
    ctx.sim().refreshTokens.set(grant.refresh, grant.id);
  }
  return reply.header('cache-control', 'no-store').send({
    access_token: access,
    token_type: 'Bearer',
    expires_in: seconds,
    refresh_token: grant.refresh,
    scope: grant.scope,
  });
}

/** Revokes a grant: its refresh token and every access token it issued stop working. */
export function revokeGrant(ctx: Ctx, grantId: string): boolean {
  const grant = ctx.sim().grants.get(grantId);
  if (grant === undefined) return false;
  grant.revoked = true;
  for (const [token, owner] of ctx.sim().accessTokens) {
    if (owner === grantId) ctx.state().platformTokens.delete(token);
  }
  return true;
}

function exchange(ctx: Ctx, body: Record<string, string>, clientId: string, reply: FastifyReply): FastifyReply {
  const sim = ctx.sim();
  const code = sim.codes.get(text(body['code']));
  sim.codes.delete(text(body['code']));
  if (code === undefined || code.expiresAtMs < ctx.state().now() || code.clientId !== clientId) {
    return oauthError(reply, 400, 'invalid_grant', 'The authorization code is unknown, expired or already used.');
  }
  if (code.redirectUri !== text(body['redirect_uri'])) {
    return oauthError(reply, 400, 'invalid_grant', 'The redirect_uri differs from the authorization request.');
  }
  if (code.challenge !== null) {
    const verifier = text(body['code_verifier']);
    if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) {
      return oauthError(reply, 400, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
    }
  }
  const grant: Grant = { id: random(), clientId, scope: code.scope, revoked: false, refresh: null };
  sim.grants.set(grant.id, grant);
  return issue(ctx, grant, reply);
}

function refresh(ctx: Ctx, body: Record<string, string>, clientId: string, reply: FastifyReply): FastifyReply {
  const token = text(body['refresh_token']);
  const grant = ctx.sim().grants.get(ctx.sim().refreshTokens.get(token) ?? '');
  if (grant === undefined || grant.clientId !== clientId || grant.revoked) {
    return oauthError(reply, 400, 'invalid_grant', 'The refresh token is unknown or revoked.');
  }
  if (grant.refresh !== token) {
    // [I] docs/external-systems/yuki.md#visma-connect: reuse of a rotated refresh token revokes the whole grant.
    if (ctx.state().options.vismaConnectReuseRevokes) revokeGrant(ctx, grant.id);
    return oauthError(reply, 400, 'invalid_grant', 'The refresh token was already used.');
  }
  return issue(ctx, grant, reply);
}

function tokenRoute(ctx: Ctx) {
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const body = Object.fromEntries(new URLSearchParams(text(request.body)));
    ctx.sim().tokenRequests += 1;
    const client = clientOf(request, body);
    const sim = ctx.sim();
    if (!same(client.id, sim.clientId) || !same(client.secret, sim.clientSecret)) {
      return oauthError(reply, 401, 'invalid_client', 'Unknown client or wrong client secret.');
    }
    const type = text(body['grant_type']);
    if (type === 'authorization_code') return exchange(ctx, body, client.id, reply);
    if (type === 'refresh_token') return refresh(ctx, body, client.id, reply);
    return oauthError(reply, 400, 'unsupported_grant_type', `grant_type ${type} is not supported.`);
  };
}

/** [C] scope names from Yuki's guide (`yukiapi:{area}:{resource}:{read|write}`), plus OpenID's `openid` and `offline_access`. */
const SCOPE = /^(yukiapi:[a-z]+:[a-z-]+:(read|write)|openid|offline_access|email|profile)$/;

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function consentPage(params: Record<string, string>): string {
  const hidden = Object.entries(params)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Visma Connect (simulated)</title></head>` +
    `<body><h1>Allow access to Yuki?</h1><p>The application asks for: ${escapeHtml(params['scope'] ?? '')}</p>` +
    `<form method="post" action="/connect/authorize">${hidden}` +
    `<button name="decision" value="allow">Allow</button> <button name="decision" value="deny">Deny</button>` +
    `</form></body></html>`
  );
}

function back(reply: FastifyReply, redirectUri: string, values: Record<string, string>): FastifyReply {
  const target = new URL(redirectUri);
  for (const [k, v] of Object.entries(values)) if (v !== '') target.searchParams.set(k, v);
  return reply.redirect(target.toString(), 302);
}

function authorize(ctx: Ctx, params: Record<string, string>, reply: FastifyReply, decided: boolean): FastifyReply {
  const sim = ctx.sim();
  const redirectUri = params['redirect_uri'] ?? '';
  if (params['client_id'] !== sim.clientId || !/^https?:\/\//.test(redirectUri)) {
    // RFC 6749 §4.1.2.1: never redirect to an unverified redirect URI.
    return reply.code(400).type('text/plain').send('Unknown client_id or invalid redirect_uri.');
  }
  const state = params['state'] ?? '';
  if (params['response_type'] !== 'code')
    return back(reply, redirectUri, { error: 'unsupported_response_type', state });
  const scopes = (params['scope'] ?? '').split(' ').filter((s) => s !== '');
  if (scopes.length === 0 || scopes.some((s) => !SCOPE.test(s)))
    return back(reply, redirectUri, { error: 'invalid_scope', state });
  const challenge = params['code_challenge'] ?? '';
  if (challenge !== '' && params['code_challenge_method'] !== 'S256') {
    return back(reply, redirectUri, { error: 'invalid_request', error_description: 'only S256 is supported', state });
  }
  if (!decided && !ctx.state().options.vismaConnectAutoApprove) {
    return reply.type('text/html').send(consentPage(params));
  }
  if (params['decision'] === 'deny') return back(reply, redirectUri, { error: 'access_denied', state });
  const code = random();
  sim.codes.set(code, {
    clientId: sim.clientId,
    redirectUri,
    scope: scopes.join(' '),
    challenge: challenge === '' ? null : challenge,
    expiresAtMs: ctx.state().now() + 5 * 60_000,
  });
  return back(reply, redirectUri, { code, state });
}

const stringsOf = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(typeof value === 'object' && value !== null ? value : {}).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );

/** Registers the authorization server and its admin routes on the simulator. */
export function registerVismaConnect(app: FastifyInstance, ctx: Ctx): void {
  app.get('/connect/authorize', (request, reply) => authorize(ctx, stringsOf(request.query), reply, false));
  app.post('/connect/authorize', (request, reply) =>
    authorize(ctx, Object.fromEntries(new URLSearchParams(text(request.body))), reply, true),
  );
  app.post('/connect/token', tokenRoute(ctx));
  // [C] RFC 7009: revoking a refresh token ends the grant; an unknown token still answers 200.
  app.post('/connect/revocation', (request, reply) => {
    const token = new URLSearchParams(text(request.body)).get('token') ?? '';
    const grantId = ctx.sim().refreshTokens.get(token) ?? ctx.sim().accessTokens.get(token);
    if (grantId !== undefined) revokeGrant(ctx, grantId);
    return reply.code(200).send();
  });
  app.get('/__sim/visma-connect', () => {
    const sim = ctx.sim();
    return {
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      tokenRequests: sim.tokenRequests,
      grants: [...sim.grants.values()].map((g) => ({ id: g.id, scope: g.scope, revoked: g.revoked })),
    };
  });
  // "The user revokes crmhub's access in Visma Connect": every grant, or the one named.
  app.post('/__sim/visma-connect/revoke', (request) => {
    const only = stringsOf(request.body)['grantId'];
    const ids = only === undefined ? [...ctx.sim().grants.keys()] : [only];
    return { revoked: ids.filter((id) => revokeGrant(ctx, id)).length };
  });
}
