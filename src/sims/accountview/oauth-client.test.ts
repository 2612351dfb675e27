// Independent check of the simulator's OAuth 2.0 endpoints with openid-client, a standard client that is not ours.
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { consentInBrowser, startTestAccountViewSim } from './testing.js';

import type { TestAccountViewSim } from './testing.js';

const REDIRECT = 'https://crmhub.example.nl/oauth/accountview/callback';

let sim: TestAccountViewSim;
let config: client.Configuration;
let clientId: string;
let clientSecret: string;

const metadata = (): client.ServerMetadata => ({
  // No discovery document exists (docs/external-systems/accountview.md#oauth), so the metadata is given by hand.
  issuer: sim.url,
  authorization_endpoint: `${sim.url}/ams/authorize.aspx`,
  token_endpoint: `${sim.url}/api/v3/token`,
});

const configFor = (secret: string): client.Configuration => {
  // docs/external-systems/accountview.md#oauth: client credentials go in the form body (client_secret_post).
  const c = new client.Configuration(metadata(), clientId, secret, client.ClientSecretPost(secret));
  // The simulator speaks plain HTTP; the function is marked deprecated only to make it stand out.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  client.allowInsecureRequests(c);
  return c;
};

const authorize = async (): Promise<{ callback: URL; verifier: string; state: string }> => {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: 'readaccountviewdata',
    state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return { callback: await consentInBrowser(url), verifier, state };
};

beforeAll(async () => {
  sim = await startTestAccountViewSim();
  const app = sim.registerApp([REDIRECT]);
  clientId = app.clientId;
  clientSecret = app.clientSecret;
  config = configFor(clientSecret);
});
afterAll(async () => {
  await sim.close();
});

describe('AccountView simulator with openid-client', () => {
  it('exchanges a code (state + PKCE S256) and the access token reads the companies', async () => {
    const { callback, verifier, state } = await authorize();
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('readaccountviewdata');
    expect(tokens.expires_in).toBe(3600);
    expect(typeof tokens.refresh_token).toBe('string');

    const response = await client.fetchProtectedResource(
      config,
      tokens.access_token,
      new URL(`${sim.url}/api/v3/companies`),
      'GET',
    );
    expect(response.status).toBe(200);
    const companies = (await response.json()) as { Id: string; Code: string; Description: string }[];
    expect(companies.map((c) => c.Id)).toEqual(sim.companies.map((c) => c.id));
  });

  it('refreshes with rotation: the new refresh token works once, the old one is refused', async () => {
    const { callback, verifier, state } = await authorize();
    const first = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const firstRefresh = first.refresh_token ?? '';

    const second = await client.refreshTokenGrant(config, firstRefresh);
    expect(second.refresh_token).toBeDefined();
    expect(second.refresh_token).not.toBe(firstRefresh);
    expect(second.access_token).not.toBe(first.access_token);

    const reuse = await client.refreshTokenGrant(config, firstRefresh).catch((e: unknown) => e);
    expect(reuse).toBeInstanceOf(client.ResponseBodyError);
    expect((reuse as client.ResponseBodyError).error).toBe('invalid_grant');

    const third = await client.refreshTokenGrant(config, second.refresh_token ?? '');
    expect(third.refresh_token).not.toBe(second.refresh_token);
  });
});

describe('AccountView simulator with openid-client: refusals', () => {
  it('refuses a code that is replayed', async () => {
    const { callback, verifier, state } = await authorize();
    await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    const replay = await client
      .authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state })
      .catch((e: unknown) => e);
    expect((replay as client.ResponseBodyError).error).toBe('invalid_grant');
  });

  it('refuses a wrong PKCE verifier', async () => {
    const { callback, state } = await authorize();
    const result = await client
      .authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
        expectedState: state,
      })
      .catch((e: unknown) => e);
    expect((result as client.ResponseBodyError).error).toBe('invalid_grant');
  });

  it('answers invalid_client for a wrong secret', async () => {
    const { callback, verifier, state } = await authorize();
    const result = await client
      .authorizationCodeGrant(configFor('wrong-secret'), callback, { pkceCodeVerifier: verifier, expectedState: state })
      .catch((e: unknown) => e);
    expect(result).toBeInstanceOf(client.ResponseBodyError);
    expect((result as client.ResponseBodyError).error).toBe('invalid_client');
    expect((result as client.ResponseBodyError).status).toBe(401);
  });

  it('reports a denied consent as access_denied on the callback', async () => {
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'readaccountviewdata', state });
    const callback = await consentInBrowser(url, { decision: 'deny' });
    const result = await client
      .authorizationCodeGrant(config, callback, { expectedState: state })
      .catch((e: unknown) => e);
    expect(result).toBeInstanceOf(client.AuthorizationResponseError);
    expect((result as client.AuthorizationResponseError).error).toBe('access_denied');
  });
});
