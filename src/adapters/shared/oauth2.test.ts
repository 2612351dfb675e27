import { describe, expect, it } from 'vitest';

import { createAuthorizationRequest, createMemoryTokenStore, isFresh, refreshDueAt } from './oauth2.js';

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

describe('memory TokenStore: forgetting a grant', () => {
  it('deletes the grant when a holder returns tokens: null (a refused grant)', async () => {
    const store = createMemoryTokenStore();
    await store.save('g', tokens('a'));
    expect(await store.withLockedGrant('g', () => Promise.resolve({ result: 'gone', tokens: null }))).toBe('gone');
    expect(await store.read('g')).toBeNull();
    expect(store.size).toBe(0);
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

describe('refreshDueAt (refresh ahead as a share of the lifetime granted)', () => {
  const issued = Date.parse('2026-12-07T09:00:00Z');
  const granted = (lifetimeMs: number, withIssue = true): OAuthTokens => ({
    accessToken: 'a',
    refreshToken: 'r',
    tokenType: 'bearer',
    scope: null,
    expiresAt: new Date(issued + lifetimeMs).toISOString(),
    ...(withIssue ? { issuedAt: new Date(issued).toISOString() } : {}),
  });

  it.each([
    ['one hour: at 80%', 3600_000, 2880_000],
    ['one minute: 30 s before expiry', 60_000, 30_000],
    ['5 seconds: not before half the lifetime', 5_000, 2_500],
  ])('%s', (_name, lifetime, dueAfter) => {
    expect(refreshDueAt(granted(lifetime), 60_000)).toBe(issued + dueAfter);
  });

  it('falls back to the fixed window for tokens stored without an issue time', () => {
    expect(refreshDueAt(granted(3600_000, false), 60_000)).toBe(issued + 3540_000);
  });
});
