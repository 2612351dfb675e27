// The guarded transport against real local servers: a redirect is never followed, and a host name is judged by the
// address it resolves to (resolver injected, since tests have no DNS of their own).
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createHttpClient } from './http.js';
import { refreshAccessToken } from './oauth2.js';
import { createOutboundFetch, OutboundRedirectError, OutboundRefusedError } from './outbound-fetch.js';

import type { FastifyInstance } from 'fastify';
import type { OAuthClientConfig } from './oauth2.js';
import type { Resolver } from './outbound-fetch.js';

const dev = { allowInsecureLoopback: true, allowPrivate: [] };
let first: FastifyInstance;
let second: FastifyInstance;
let secondHits: { url: string; headers: Record<string, unknown> }[];

const urlOf = (app: FastifyInstance): string => {
  const address = app.server.address();
  return typeof address === 'object' && address !== null ? `http://127.0.0.1:${String(address.port)}` : '';
};

beforeEach(async () => {
  secondHits = [];
  second = Fastify();
  second.addContentTypeParser('*', (_request, _payload, done) => {
    done(null);
  });
  second.all('/*', (request) => {
    secondHits.push({ url: request.url, headers: request.headers });
    return { stolen: true };
  });
  await second.listen({ port: 0, host: '127.0.0.1' });
  first = Fastify();
  first.addContentTypeParser('*', (_request, _payload, done) => {
    done(null);
  });
  const away = (_request: unknown, reply: { code(n: number): { header(k: string, v: string): { send(): unknown } } }) =>
    reply
      .code(302)
      .header('location', `${urlOf(second)}/collect`)
      .send();
  first.get('/api/v2/crm/organization', away);
  first.post('/token', away);
  await first.listen({ port: 0, host: '127.0.0.1' });
});

afterEach(async () => {
  await first.close();
  await second.close();
});

describe('redirects', () => {
  it('answers a 302 with an error naming the Location and sends nothing there, with the credentials', async () => {
    const http = createHttpClient({ outbound: dev, systemName: 'Simplicate', maxAttempts: 3 });
    const res = await http.request({
      method: 'GET',
      url: `${urlOf(first)}/api/v2/crm/organization`,
      headers: { 'Authentication-Key': 'key', 'Authentication-Secret': 'secret-123' },
    });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error).toMatchObject({ code: 'rejected', network: 'redirect' });
      expect(res.error.message).toContain(`${urlOf(second)}/collect`);
    }
    expect(secondHits).toEqual([]);
  });

  it('refuses a redirect also through an injected fetch', async () => {
    const guarded = createOutboundFetch(dev, { fetch });
    await expect(guarded(`${urlOf(first)}/api/v2/crm/organization`)).rejects.toBeInstanceOf(OutboundRedirectError);
    expect(secondHits).toEqual([]);
  });
});

describe('the OAuth token endpoint', () => {
  const cfg = (tokenEndpoint: string, outbound = dev): OAuthClientConfig => ({
    authorizationEndpoint: `${tokenEndpoint}/authorize`,
    tokenEndpoint,
    issuer: new URL(tokenEndpoint).origin,
    clientId: 'client',
    clientSecret: 'client-secret-123',
    redirectUri: 'https://crmhub.example/callback',
    scope: 'read',
    clientAuth: 'client_secret_post',
    labels: { system: 'AccountView', clientId: 'API key', clientSecret: 'API secret', registration: 'AccountView.net' },
    outbound,
  });

  it('does not follow a redirect with the client secret and refresh token, and names the Location', async () => {
    const result = await refreshAccessToken(cfg(`${urlOf(first)}/token`), 'refresh-token-1', new Date());
    expect(!result.ok && result.error).toMatchObject({ code: 'rejected', network: 'redirect' });
    expect(!result.ok && result.error.message).toContain(`${urlOf(second)}/collect`);
    expect(secondHits).toEqual([]);
  });

  it('never posts the client secret over plain http outside development loopback', async () => {
    const strict = { allowInsecureLoopback: false, allowPrivate: [] };
    const local = await refreshAccessToken(cfg(`${urlOf(second)}/token`, strict), 'refresh-token-1', new Date());
    expect(!local.ok && local.error.network).toBe('address_not_allowed');
    const remote = await refreshAccessToken(cfg('http://accountview.example.com/token'), 'refresh-token-1', new Date());
    expect(!remote.ok && remote.error.network).toBe('address_not_allowed');
    expect(secondHits).toEqual([]);
  });
});

describe('resolved addresses', () => {
  const resolveTo =
    (address: string): Resolver =>
    () =>
      Promise.resolve([{ address, family: address.includes(':') ? 6 : 4 }]);

  it('refuses a host name that resolves to a private address before connecting', async () => {
    const guarded = createOutboundFetch(dev, { resolve: resolveTo('10.0.0.1') });
    const refused = guarded('https://crm.example.com/').catch((e: unknown) => e);
    expect(await refused).toBeInstanceOf(OutboundRefusedError);
    expect(((await refused) as OutboundRefusedError).refusal.kind).toBe('private_address');
  });

  it('refuses a host name that resolves to loopback without the flag', async () => {
    const port = new URL(urlOf(second)).port;
    const strict = createOutboundFetch(
      { allowInsecureLoopback: false, allowPrivate: [] },
      { resolve: resolveTo('127.0.0.1') },
    );
    await expect(strict(`https://sim.example.com:${port}/`)).rejects.toBeInstanceOf(OutboundRefusedError);
    expect(secondHits).toEqual([]);
  });

  it('refuses plain http to a public host before resolving it', async () => {
    let resolved = 0;
    const guarded = createOutboundFetch(dev, {
      resolve: () => {
        resolved++;
        return Promise.resolve([{ address: '203.0.113.9', family: 4 }]);
      },
    });
    await expect(guarded('http://crm.example.com/')).rejects.toBeInstanceOf(OutboundRefusedError);
    expect(resolved).toBe(0);
  });
});
