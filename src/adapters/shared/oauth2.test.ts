import { describe, expect, it } from 'vitest';

import { createAuthorizationRequest, createMemoryTokenStore, isFresh } from './oauth2.js';

import type { OAuthClientConfig, OAuthTokens } from './oauth2.js';

const tokens = (accessToken: string, expiresAt: string | null = null): OAuthTokens => ({
  accessToken,
  refreshToken: `r-${accessToken}`,
  tokenType: 'bearer',
  scope: null,
  expiresAt,
});

describe('memory TokenStore', () => {
  it('runs holders of one grant one after another and persists what they return', async () => {
    const store = createMemoryTokenStore();
    await store.save('g', tokens('a'));
    const seen: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = store.withLockedGrant('g', async (current) => {
      await gate;
      seen.push(`first:${current?.accessToken ?? ''}`);
      return { result: 1, tokens: tokens('b') };
    });
    const second = store.withLockedGrant('g', (current) => {
      seen.push(`second:${current?.accessToken ?? ''}`);
      return Promise.resolve({ result: 2 });
    });
    release();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(seen).toEqual(['first:a', 'second:b']);
    expect((await store.read('g'))?.accessToken).toBe('b');
  });

  it('releases the lock when a holder throws, without saving', async () => {
    const store = createMemoryTokenStore();
    await store.save('g', tokens('a'));
    await expect(store.withLockedGrant('g', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await store.withLockedGrant('g', (t) => Promise.resolve({ result: t?.accessToken }))).toBe('a');
    await store.delete('g');
    expect(await store.read('g')).toBeNull();
  });
});

describe('isFresh', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  it('treats a token expiring within the skew as stale', () => {
    expect(isFresh(tokens('a', '2026-01-01T12:00:30Z'), now, 60_000)).toBe(false);
    expect(isFresh(tokens('a', '2026-01-01T12:05:00Z'), now, 60_000)).toBe(true);
    expect(isFresh(tokens('a', null), now, 60_000)).toBe(true);
  });
});

describe('createAuthorizationRequest', () => {
  it('sends response_type=code, state and an S256 challenge of the kept verifier', async () => {
    const cfg: OAuthClientConfig = {
      authorizationEndpoint: 'https://as.example/authorize?tenant=x',
      tokenEndpoint: 'https://as.example/token',
      issuer: 'https://as.example',
      clientId: 'client',
      clientSecret: 'secret',
      redirectUri: 'https://app.example/cb',
      scope: 'readaccountviewdata',
      clientAuth: 'client_secret_post',
      labels: { system: 'X', clientId: 'id', clientSecret: 'secret', registration: 'X > Apps' },
    };
    const request = await createAuthorizationRequest(cfg);
    const url = new URL(request.url);
    const { createHash } = await import('node:crypto');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 'x',
      response_type: 'code',
      client_id: 'client',
      redirect_uri: 'https://app.example/cb',
      scope: 'readaccountviewdata',
      state: request.state,
      code_challenge: createHash('sha256').update(request.codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    expect(request.url).not.toContain('secret');
  });
});
