// Connecting AccountView through the real OAuth code flow against the simulator: happy path, every failure, refresh,
// two workers refreshing at once, revoked/expired grants ("reconnect") and disconnect.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { findLiveConnection } from '../../src/adapters/db/repos/connections.repo.js';
import { createPgTokenStore } from '../../src/adapters/db/repos/oauth-grants.repo.js';
import { ensurePortal } from '../../src/adapters/db/repos/users.repo.js';
import { refreshAccountViewToken } from '../../src/app/use-cases/callerid/accountview-connect.js';
import { accountViewGrantId } from '../../src/app/use-cases/callerid/accountview-credentials.js';
import { DEFAULT_PORTAL_NAME } from '../../src/app/use-cases/users.js';
import { consentInBrowser, startTestAccountViewSim } from '../../src/sims/accountview/testing.js';
import { buildTestApp } from '../helpers/app.js';
import { injectAs, loginAs } from '../helpers/http.js';

import type { Connection } from '../../src/adapters/db/repos/connections.repo.js';
import type { TestAccountViewSim } from '../../src/sims/accountview/testing.js';
import type { TestApp } from '../helpers/app.js';
import type { Session } from '../helpers/http.js';

const CALLBACK = 'http://localhost:80/api/callerid/accountview/callback';

let t: TestApp;
let sim: TestAccountViewSim;
let admin: Session;
const clock = { now: new Date('2026-03-02T09:00:00Z') };

beforeEach(async () => {
  clock.now = new Date('2026-03-02T09:00:00Z');
  sim = await startTestAccountViewSim({ orgs: 10, clock: () => clock.now });
  t = await buildTestApp({ clock: () => clock.now });
  admin = await loginAs(t.app, t.deps.db, 'portal_admin');
});
afterEach(async () => {
  await t.close();
  await sim.close();
});

type Status = {
  redirectUri: string;
  connection: {
    id: string;
    status: string;
    companyId: string;
    companies: { id: string }[];
    tokenExpiresAt: string | null;
  } | null;
  lastAttempt: {
    outcome: string;
    message: string | null;
    reason: string | null;
    fieldErrors: { field: string; code: string; params?: Record<string, string | number>; message: string }[];
  } | null;
};

async function status(): Promise<Status> {
  const response = await injectAs(t.app, admin, { url: '/api/callerid/accountview' });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Status>();
}

function start(body: Record<string, string>) {
  return injectAs(t.app, admin, { method: 'POST', url: '/api/callerid/accountview/connect', payload: body });
}

/** The callback URL (path + query) the browser brings back to crmhub. */
function callbackPath(url: URL): string {
  return `${url.pathname}${url.search}`;
}

/** The settings form for a registered application and the simulator's first company. */
function formFor(app: { readonly clientId: string; readonly clientSecret: string }) {
  return {
    apiKey: app.clientId,
    apiSecret: app.clientSecret,
    companyId: sim.companies[0]?.id ?? '',
    environmentUrl: sim.url,
  };
}

async function connect(
  overrides: Partial<{ apiKey: string; apiSecret: string; companyId: string }> = {},
  consent: 'approve' | 'deny' = 'approve',
): Promise<{ location: string; callback: URL }> {
  const app = sim.registerApp([CALLBACK]);
  const body = { ...formFor(app), ...overrides };
  const started = await start(body);
  expect(started.statusCode, started.body).toBe(200);
  const { authorizationUrl } = started.json<{ authorizationUrl: string }>();
  const url = new URL(authorizationUrl);
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  expect(url.searchParams.get('state')).toMatch(/.{20,}/);
  const callback = await consentInBrowser(authorizationUrl, { decision: consent });
  const done = await t.app.inject({ url: callbackPath(callback) });
  expect(done.statusCode).toBe(302);
  return { location: done.headers.location ?? '', callback };
}

async function liveConnection(): Promise<Connection> {
  const portalId = await ensurePortal(t.deps.db, DEFAULT_PORTAL_NAME);
  const connection = await findLiveConnection(t.deps.db, portalId, 'callerid_source', 'accountview');
  if (connection === null) throw new Error('AccountView is not connected');
  return connection;
}

describe('connect AccountView', () => {
  it('shows the redirect URI to register, from the request or CRMHUB_PUBLIC_URL', async () => {
    expect((await status()).redirectUri).toBe(CALLBACK);
    const other = await buildTestApp({ env: { CRMHUB_PUBLIC_URL: 'https://crmhub.kantoor.nl/' } });
    try {
      const session = await loginAs(other.app, other.deps.db, 'portal_admin');
      const response = await injectAs(other.app, session, { url: '/api/callerid/accountview' });
      expect(response.json<Status>().redirectUri).toBe('https://crmhub.kantoor.nl/api/callerid/accountview/callback');
    } finally {
      await other.close();
    }
  });

  it('names every missing or malformed field', async () => {
    const empty = await start({});
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({
      code: 'validation_failed',
      errors: [
        { field: 'body.apiKey', message: expect.stringMatching(/missing/) as unknown },
        { field: 'body.apiSecret', message: expect.stringMatching(/missing/) as unknown },
        { field: 'body.companyId', message: expect.stringMatching(/missing/) as unknown },
      ],
    });
    const malformed = await start({
      apiKey: 'has space',
      apiSecret: 's3cr3t value',
      companyId: 'DSTNY',
      environmentUrl: 'ftp://x',
    });
    const fields = malformed.json<{ errors: { field: string; code: string; message: string }[] }>().errors;
    expect(fields.map((e) => e.field)).toEqual([
      'body.apiKey',
      'body.apiSecret',
      'body.companyId',
      'body.environmentUrl',
    ]);
    expect(fields[2]?.message).toMatch(/not a GUID/);
    expect(fields.map((e) => e.code)).toEqual(['key_malformed', 'key_malformed', 'invalid_guid', 'invalid_url']);
    expect(malformed.body).not.toContain('s3cr3t value');
  });

  it('runs the code flow with state and PKCE and stores the tokens and credentials encrypted', async () => {
    const secretValue = 'a-very-secret-api-secret';
    const app = sim.state.addApp({ redirectUris: [CALLBACK], clientSecret: secretValue });
    sim.user.restrictedApps.push(app.clientId);
    const started = await start({
      apiKey: app.clientId,
      apiSecret: secretValue,
      companyId: `{${(sim.companies[0]?.id ?? '').toUpperCase()}}`,
      environmentUrl: sim.url,
    });
    const callback = await consentInBrowser(started.json<{ authorizationUrl: string }>().authorizationUrl);
    const done = await t.app.inject({ url: callbackPath(callback) });
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe('/settings?accountview=connected');

    const shown = await status();
    expect(shown.connection).toMatchObject({ status: 'active', companyId: sim.companies[0]?.id });
    expect(shown.connection?.companies.length).toBeGreaterThan(0);
    expect(shown.connection?.tokenExpiresAt).toBe(new Date(clock.now.getTime() + 3600_000).toISOString());
    expect(shown.lastAttempt).toMatchObject({
      outcome: 'connected',
      message: expect.stringMatching(/connected/) as unknown,
    });
    expect(JSON.stringify(shown)).not.toContain(secretValue);

    const connection = await liveConnection();
    const tokens = await createPgTokenStore(t.deps.db, t.deps.secretBox).read(accountViewGrantId(connection.id));
    const raw = await t.deps.db.selectFrom('oauth_grants').selectAll().execute();
    expect(raw).toHaveLength(1);
    expect(raw[0]?.access_token_enc).not.toContain(tokens?.accessToken ?? '-');
    expect(raw[0]?.refresh_token_enc).not.toContain(tokens?.refreshToken ?? '-');
    expect(connection.credentialsEnc).not.toContain(secretValue);
    const attempts = await t.deps.db.selectFrom('oauth_attempts').select(['state_hash', 'payload_enc']).execute();
    expect(attempts[0]?.payload_enc).toBeNull();
    expect(attempts[0]?.state_hash).not.toBe(new URL(callback).searchParams.get('state'));

    // The state is single use: the same callback again is refused and changes nothing.
    const again = await t.app.inject({ url: callbackPath(callback) });
    expect(again.headers.location).toBe('/settings?accountview=failed&reason=state_used');
    expect((await status()).connection?.status).toBe('active');
  });

  it('refuses unknown and expired states', async () => {
    const unknown = await t.app.inject({ url: '/api/callerid/accountview/callback?code=x&state=forged' });
    expect(unknown.headers.location).toBe('/settings?accountview=failed&reason=state_unknown');
    const app = sim.registerApp([CALLBACK]);
    const started = await start(formFor(app));
    const callback = await consentInBrowser(started.json<{ authorizationUrl: string }>().authorizationUrl);
    clock.now = new Date(clock.now.getTime() + 16 * 60_000);
    const late = await t.app.inject({ url: callbackPath(callback) });
    expect(late.headers.location).toBe('/settings?accountview=failed&reason=state_expired');
    expect((await status()).connection).toBeNull();
  });

  it('says precisely what is wrong: bad secret, denied consent, unreachable company, prerequisite, wrong redirect', async () => {
    const badSecret = await connect({ apiSecret: 'wrong-secret' });
    expect(badSecret.location).toBe('/settings?accountview=failed&reason=auth_invalid');
    let attempt = (await status()).lastAttempt;
    expect(attempt?.message).toMatch(/API secret is wrong/);
    expect(attempt?.reason).toBe('auth_invalid'); // kept with the attempt, so the page words it after a reload
    expect(attempt?.fieldErrors.map((e) => `${e.field} ${e.code}`)).toEqual([
      'apiKey credentials_rejected',
      'apiSecret credentials_rejected',
    ]);
    expect(JSON.stringify(attempt)).not.toContain('wrong-secret');

    await connect({}, 'deny');
    expect((await status()).lastAttempt?.message).toMatch(/denied on the AccountView consent page/);

    await connect({ companyId: '43441cb0-926d-4c01-8c34-d1a2dd01ddb6' });
    attempt = (await status()).lastAttempt;
    expect(attempt?.message).toMatch(/Onderneming 43441cb0-926d-4c01-8c34-d1a2dd01ddb6 is not among the companies/);
    expect(attempt?.fieldErrors[0]).toMatchObject({ field: 'companyId', code: 'company_unknown' });
    expect(attempt?.fieldErrors[0]?.params?.['reachable']).toContain(sim.companies[0]?.id ?? '?');

    const company = sim.companies[0];
    if (company !== undefined) company.blocked = true;
    await connect();
    expect((await status()).lastAttempt?.message).toMatch(/blocked \(BLK\).*uncheck BLK/);
    expect((await status()).lastAttempt?.reason).toBe('company_blocked');
    if (company !== undefined) company.blocked = false;

    // A code obtained for another registered redirect URI is refused at the exchange (redirect_uri mismatch).
    const app = sim.registerApp([CALLBACK, 'https://elsewhere.example/callback']);
    const started = await start(formFor(app));
    const authorize = new URL(started.json<{ authorizationUrl: string }>().authorizationUrl);
    authorize.searchParams.set('redirect_uri', 'https://elsewhere.example/callback');
    const elsewhere = await consentInBrowser(authorize);
    await t.app.inject({ url: `/api/callerid/accountview/callback${elsewhere.search}` });
    attempt = (await status()).lastAttempt;
    expect(attempt?.message).toMatch(/redirect URI/);
    expect(attempt?.fieldErrors.map((e) => e.field)).toEqual(['redirectUri']);
    // A redirect URI that is not registered at all is refused by AccountView before any callback.
    const unregistered = sim.state.addApp({ redirectUris: ['https://other.example/cb'] });
    const refused = await start({
      apiKey: unregistered.clientId,
      apiSecret: unregistered.clientSecret,
      companyId: sim.companies[0]?.id ?? '',
      environmentUrl: sim.url,
    });
    await expect(consentInBrowser(refused.json<{ authorizationUrl: string }>().authorizationUrl)).rejects.toThrow(
      /redirect_uri/,
    );

    expect((await status()).connection).toBeNull();
    expect(await t.deps.db.selectFrom('oauth_grants').select('grant_id').execute()).toEqual([]);
  });
});

describe('tokens after connecting', () => {
  it('refreshes before expiry and replaces the rotating refresh token', async () => {
    await connect();
    const connection = await liveConnection();
    const store = createPgTokenStore(t.deps.db, t.deps.secretBox);
    const before = await store.read(accountViewGrantId(connection.id));
    expect(await refreshAccountViewToken(t.deps, connection)).toBe('fresh');
    clock.now = new Date(clock.now.getTime() + 55 * 60_000); // 5 minutes before expiry: inside the refresh window
    expect(await refreshAccountViewToken(t.deps, connection)).toBe('refreshed');
    const after = await store.read(accountViewGrantId(connection.id));
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(after?.accessToken).not.toBe(before?.accessToken);
    const grant = [...sim.state.grants.values()][0];
    expect(grant?.refreshCount).toBe(1);
  });

  it('lets two workers refresh at once and spends the refresh token once', async () => {
    await connect();
    const connection = await liveConnection();
    const second = t.database.open();
    try {
      clock.now = new Date(clock.now.getTime() + 3600_000 + 1000);
      const results = await Promise.all([
        refreshAccountViewToken(t.deps, connection),
        refreshAccountViewToken({ ...t.deps, db: second.db }, connection),
        refreshAccountViewToken({ ...t.deps, db: second.db }, connection),
      ]);
      // Each worker ends with a usable token; whether it saw the refresh happen depends on timing.
      expect(results.filter((r) => r !== 'fresh' && r !== 'refreshed')).toEqual([]);
      const grant = [...sim.state.grants.values()][0];
      expect(grant?.refreshCount).toBe(1);
      expect(grant?.reusedRefreshTokens).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('marks the connection "reconnect" when the grant is revoked, expired or its refresh token was reused', async () => {
    const health = async () =>
      (await injectAs(t.app, admin, { url: '/api/callerid/health' })).json<{
        sources: {
          system: string;
          needsReconnect: boolean;
          lastError: string | null;
          lastFailure: { code: string; reason?: string; systemSaid?: string } | null;
        }[];
      }>();
    for (const breakIt of ['revoke', 'expire', 'reuse'] as const) {
      await connect();
      const connection = await liveConnection();
      expect((await health()).sources.find((s) => s.system === 'accountview')?.needsReconnect).toBe(false);
      const store = createPgTokenStore(t.deps.db, t.deps.secretBox);
      const grantId = accountViewGrantId(connection.id);
      const grant = [...sim.state.grants.values()].at(-1);
      if (breakIt === 'revoke') sim.state.revokeGrant(grant?.id ?? '');
      if (breakIt === 'expire') sim.state.expireTokens(grant?.id ?? null, { refresh: true });
      if (breakIt === 'reuse') {
        const old = await store.read(grantId);
        clock.now = new Date(clock.now.getTime() + 3600_000 + 1000);
        expect(await refreshAccountViewToken(t.deps, connection)).toBe('refreshed');
        // Another copy of the old tokens (e.g. restored from a backup) presents the spent refresh token.
        if (old !== null)
          await store.save(grantId, { ...old, expiresAt: new Date(clock.now.getTime() - 1).toISOString() });
      }
      clock.now = new Date(clock.now.getTime() + 3600_000 + 1000);
      expect(await refreshAccountViewToken(t.deps, connection), breakIt).toBe('needs_reconnect');
      const source = (await health()).sources.find((s) => s.system === 'accountview');
      expect(source?.needsReconnect, breakIt).toBe(true);
      expect(source?.lastError, breakIt).toMatch(
        /no longer accepts the stored refresh token|Connect AccountView again/,
      );
      // In codes too, for the status page to word: a refused grant says "connect again" in the reader's language.
      expect(source?.lastFailure, breakIt).toMatchObject({ code: 'auth_expired', reason: 'grant_refused' });
      expect((await status()).connection?.status).toBe('needs_reconnect');
    }
  });

  it('disconnect deletes tokens, credentials and indexed numbers', async () => {
    await connect();
    const connection = await liveConnection();
    await t.deps.db
      .insertInto('phone_index')
      .values({
        connection_id: connection.id,
        record_kind: 'debtor',
        record_id: '1',
        field: 'TEL_BUS',
        source: 'accountview',
        e164: '+31201234567',
        tail: '201234567',
        reversed: '76543210213',
        raw: '020 1234567',
        personal: false,
        name: 'X',
      })
      .execute();
    const response = await injectAs(t.app, admin, { method: 'DELETE', url: '/api/callerid/accountview' });
    expect(response.statusCode).toBe(204);
    expect(await t.deps.db.selectFrom('oauth_grants').select('grant_id').execute()).toEqual([]);
    const row = await t.deps.db
      .selectFrom('connections')
      .select(['status', 'credentials_enc'])
      .where('id', '=', connection.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'disconnected', credentials_enc: null });
    expect(await t.deps.db.selectFrom('phone_index').select('record_id').execute()).toEqual([]);
    expect((await injectAs(t.app, admin, { method: 'DELETE', url: '/api/callerid/accountview' })).statusCode).toBe(404);
  });
});
