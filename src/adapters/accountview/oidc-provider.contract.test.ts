// crmhub's AccountView connect flow against an independent OAuth 2.0 server (oidc-provider), issue 10 point 7.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createMemoryTokenStore, ensureAccessToken } from '../shared/oauth2.js';
import { loopbackOutboundPolicy } from '../shared/outbound-policy.js';
import {
  accountViewOAuthConfig,
  beginAccountViewConnect,
  checkGrantedScope,
  completeAccountViewConnect,
} from './accountview.connector.js';

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectorError } from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { TokenStore } from '../shared/oauth2.js';
import type { AccountViewDeps } from './accountview.connector.js';
import type { AccountViewEndpoints } from './manifest.js';
import type { AccountViewSettings } from './settings.js';

const REDIRECT = 'https://crmhub.test/api/callerid/accountview/callback';
const LIMITED = 'crmhub-app-without-read';
const COMPANY = '43441cb0-926d-4c01-8c34-d1a2dd01ddb6';
const settings: AccountViewSettings = {
  apiKey: 'crmhub-app',
  apiSecret: 'a-client-secret-of-enough-length-1234567890',
  companyId: COMPANY,
  redirectUri: REDIRECT,
};

let provider: Provider;
let server: Server;
let issuer = '';
/** The scope the simulated user grants on the consent step. */
let grantedScope = 'readaccountviewdata';

/** Login and consent in one step: the user `u1` grants {@link grantedScope} (no HTML, as a scripted browser). */
async function interaction(req: IncomingMessage, res: ServerResponse) {
  const details = await provider.interactionDetails(req, res);
  const grant = new provider.Grant({ accountId: 'u1', clientId: String(details.params['client_id']) });
  // The user unticks the read scope on the consent page when `grantedScope` is empty.
  if (grantedScope === '') grant.rejectOIDCScope('readaccountviewdata');
  else grant.addOIDCScope(grantedScope);
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: 'u1' }, consent: { grantId } },
    { mergeWithLastSubmission: details.prompt.name === 'consent' },
  );
}

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: settings.apiKey,
        client_secret: settings.apiSecret,
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        // An app registration that may not read data: the server refuses the read scope.
        client_id: LIMITED,
        client_secret: settings.apiSecret,
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
        scope: 'profile_only',
      },
    ],
    scopes: ['readaccountviewdata', 'profile_only'],
    cookies: { keys: ['oidc-provider-test-cookie-key'] },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    interactions: { url: (_ctx, i) => `/interaction/${i.uid}` },
    issueRefreshToken: () => true,
    // Every refresh rotates; a used refresh token is then refused (and oidc-provider revokes the grant).
    rotateRefreshToken: () => true,
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/interaction/') === true) {
      interaction(req, res).catch((e: unknown) => {
        res.statusCode = 500;
        res.end(String(e));
      });
    } else callback(req, res);
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** A stand-in for AccountView's data API that accepts only live access tokens of this provider with the read scope. */
const apiFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!url.pathname.startsWith('/api/v3/')) return fetch(input, init);
  const auth = new Headers(init?.headers).get('authorization') ?? '';
  const token = await provider.AccessToken.find(auth.replace(/^Bearer /, ''));
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  if (token === undefined) return json(401, { ErrorType: 'AccountViewError', ErrorMessage: 'Invalid token' });
  if (!String(token.scope).split(' ').includes('readaccountviewdata')) {
    return json(403, { ErrorType: 'AccountViewError', ErrorMessage: 'Insufficient scope' });
  }
  if (url.pathname === '/api/v3/companies') return json(200, [{ Id: COMPANY, Code: 'BV1', Description: 'Test BV' }]);
  return json(200, { CONTACT: [] });
};

function endpoints(overrides: Partial<AccountViewEndpoints> = {}): AccountViewEndpoints {
  return {
    apiBaseUrl: `${issuer}/api/v3`,
    authorizeUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    issuer,
    ...overrides,
  };
}

/** Plays the browser: follows oidc-provider's redirects with its cookies until it sends the browser to crmhub. */
async function browse(start: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let next = new URL(start);
  for (let hop = 0; hop < 10; hop++) {
    if (next.href.startsWith(REDIRECT)) return next;
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(next, { redirect: 'manual', headers: { cookie } });
    for (const set of response.headers.getSetCookie()) {
      const [pair = ''] = set.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get('location');
    if (location === null) throw new Error(`no redirect (${String(response.status)}): ${await response.text()}`);
    next = new URL(location, next);
  }
  throw new Error('too many redirects');
}

type Connected = { store: TokenStore; deps: AccountViewDeps };

async function connect(
  custom: AccountViewSettings = settings,
): Promise<Connected & { result: Result<unknown, ConnectorError> }> {
  const store = createMemoryTokenStore();
  const deps: AccountViewDeps = {
    tokenStore: store,
    clock: () => new Date(),
    endpoints: endpoints(),
    fetch: apiFetch,
    outbound: loopbackOutboundPolicy,
  };
  const pending = await beginAccountViewConnect(custom, deps);
  const callbackUrl = await browse(pending.url);
  const result = await completeAccountViewConnect(custom, 'grant', { callbackUrl, pending }, deps);
  return { store, deps, result };
}

/** Forces a refresh as after a 401: the current access token counts as refused. */
async function refresh({ store, deps }: Connected) {
  const current = await store.read('grant');
  const cfg = accountViewOAuthConfig(settings, deps);
  return ensureAccessToken(store, 'grant', cfg, {
    now: () => new Date(),
    skewMs: 60_000,
    ...(current === null ? {} : { rejected: current.accessToken }),
  });
}

describe('AccountView connect against oidc-provider', () => {
  it('connects with code + state (PKCE sent; an AccountView server without PKCE ignores it) and stores a refresh token', async () => {
    grantedScope = 'readaccountviewdata';
    const connected = await connect();
    expect(connected.result.ok).toBe(true);
    const tokens = await connected.store.read('grant');
    expect(tokens?.refreshToken).toEqual(expect.any(String));
    expect(tokens?.issuedAt).toEqual(expect.any(String));
  });

  it('rotates the refresh token, refuses the rotated one when reused, and says to reconnect', async () => {
    grantedScope = 'readaccountviewdata';
    const connected = await connect();
    const first = await connected.store.read('grant');
    const refreshed = await refresh(connected);
    expect(refreshed.ok).toBe(true);
    const second = await connected.store.read('grant');
    expect(second?.refreshToken).not.toBe(first?.refreshToken);
    if (first === null) throw new Error('no tokens');
    await connected.store.save('grant', first);
    const reused = await refresh(connected);
    if (reused.ok) throw new Error('a reused refresh token was accepted');
    expect(reused.error).toMatchObject({ code: 'auth_expired', reason: 'grant_refused' });
    expect(reused.error.message).toContain('Connect AccountView again');
    // The provider's own error_description is kept apart from crmhub's words, to be quoted as the provider's.
    expect(reused.error.systemSaid).toBe('grant request is invalid');
    // The refused grant is forgotten at once: "reconnect" shows now, and the spent token is never sent again.
    expect(await connected.store.read('grant')).toBeNull();
    const after = await refresh(connected);
    expect(!after.ok && after.error).toMatchObject({ code: 'auth_invalid' });
  });

  it('names an issuer that differs from the one the server reports', async () => {
    grantedScope = 'readaccountviewdata';
    const wrong = { ...settings, oauthUrls: { issuer: 'https://www.accountview.net' } };
    const { result } = await connect(wrong);
    if (result.ok) throw new Error('connected despite the issuer mismatch');
    expect(result.error.reason).toBe('issuer_mismatch');
    expect(result.error.message).toContain('https://www.accountview.net');
    expect(result.error.message).toContain(issuer);
    // The issuer the server names reaches the form as a parameter, so the page words it in the reader's language.
    expect(result.error.fieldErrors).toEqual([
      expect.objectContaining({ field: 'issuer', code: 'issuer_mismatch', params: { named: issuer } }),
    ]);
  });

  it('reports a consent that grants no scope as access denied', async () => {
    grantedScope = '';
    const { result } = await connect();
    if (result.ok) throw new Error('connected without the read scope');
    // oidc-provider answers access_denied when every requested scope is refused.
    expect(result.error.code).toBe('auth_invalid');
    expect(result.error.message).toContain('access_denied');
  });

  it('says which scope is missing when the app may not have the read scope', async () => {
    grantedScope = 'readaccountviewdata';
    const { result } = await connect({ ...settings, apiKey: LIMITED });
    if (result.ok) throw new Error('connected without the read scope');
    expect(result.error.reason).toBe('scope_missing');
    expect(result.error.message).toContain('readaccountviewdata');
  });

  it('refuses a token response that names a scope without read access', () => {
    const checked = checkGrantedScope('profile_only');
    if (checked.ok) throw new Error('accepted');
    expect(checked.error).toMatchObject({ code: 'forbidden', reason: 'scope_missing' });
    expect(checkGrantedScope(null).ok).toBe(true);
    expect(checkGrantedScope('readaccountviewdata offline_access').ok).toBe(true);
  });
});
