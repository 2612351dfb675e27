// The Yuki Platform API connected through the simulator's Visma Connect: the code flow with state + PKCE, one-hour
// tokens refreshed at 80% of their life with rotation under one lock, revoked grants ("reconnect"), pasted tokens.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { updateConnectionCredentials } from '../../src/adapters/db/repos/connections.repo.js';
import { createPgTokenStore } from '../../src/adapters/db/repos/oauth-grants.repo.js';
import { connectionGrantId, portalTargetOf, sealCredentials } from '../../src/app/use-cases/sync/connectors.js';
import { refreshPortalGrant } from '../../src/app/use-cases/sync/visma-connect-status.js';
import { startTestYukiSim } from '../../src/sims/yuki/testing.js';
import { buildTestApp } from '../helpers/app.js';
import { livePortalConnection } from '../helpers/connections.js';
import { injectAs } from '../helpers/http.js';
import { adminWithYukiPortal } from '../helpers/yuki-portal.js';

import type { Connection } from '../../src/adapters/db/repos/connections.repo.js';
import type { VismaConnectStatusView } from '../../src/contract/visma-connect.contract.js';
import type { ListeningTestSim } from '../../src/sims/yuki/testing.js';
import type { TestApp } from '../helpers/app.js';
import type { Session } from '../helpers/http.js';

let t: TestApp;
let sim: ListeningTestSim;
let admin: Session;
const MINUTE = 60_000;

beforeEach(async () => {
  sim = await startTestYukiSim({ orgs: 3 });
  t = await buildTestApp({ clock: () => new Date(sim.clock.ms) });
  admin = await adminWithYukiPortal(t.app, t.deps.db, sim);
});
afterEach(async () => {
  await t.close();
  await sim.close();
});

const simJson = async <T>(path: string, body?: unknown): Promise<T> =>
  (await (
    await fetch(`${sim.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    })
  ).json()) as T;

async function status(): Promise<VismaConnectStatusView> {
  const response = await injectAs(t.app, admin, { url: '/api/connections/portal/visma-connect' });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<VismaConnectStatusView>();
}

/** The administrator fills in the form, consents at (simulated) Visma Connect, and comes back: the settings URL. */
async function connect(overrides: Record<string, string> = {}): Promise<string> {
  const client = await simJson<{ clientId: string; clientSecret: string }>('/__sim/visma-connect');
  const { portalId } = await simJson<{ portalId: string }>('/__sim/credentials');
  const payload = {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    yukiPortalId: portalId,
    ...overrides,
  };
  const started = await injectAs(t.app, admin, {
    method: 'POST',
    url: '/api/connections/portal/visma-connect',
    payload,
  });
  expect(started.statusCode, started.body).toBe(200);
  const authorize = new URL(started.json<{ authorizationUrl: string }>().authorizationUrl);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('scope')).toBe('yukiapi:portal:portals:read offline_access');
  const consent = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(consent.headers.get('location') ?? '');
  const done = await t.app.inject({ url: `${callback.pathname}${callback.search}` });
  expect(done.statusCode).toBe(302);
  return done.headers.location ?? '';
}

const portalConnection = (): Promise<Connection> => livePortalConnection(t.deps.db);

describe('connecting the Platform API with Visma Connect', () => {
  it('shows the redirect URI and defaults, then connects and reads through the Platform API', async () => {
    const before = await status();
    expect(before.redirectUri).toBe('http://localhost:80/api/connections/portal/visma-connect/callback');
    expect(before.defaults.authorizeUrl).toBe(`${sim.url}/connect/authorize`);
    expect(before.problem).toBe('visma_connect_not_connected');
    expect(await connect()).toBe('/settings?vismaconnect=connected');
    const after = await status();
    expect(after.problem).toBeNull();
    expect(after.grant?.grantedScope).toBe('yukiapi:portal:portals:read offline_access');
    expect(after.grant?.tokenExpiresAt).toBe(new Date(sim.clock.ms + 3600_000).toISOString());
    const target = portalTargetOf(t.deps, await portalConnection());
    if (!target.ok) throw new Error(target.error.message);
    const listed = await target.value.listAdministrations({ priority: 'low' });
    expect(listed.ok && listed.value.length).toBeGreaterThan(0);
    expect(sim.state().calls.size).toBeGreaterThan(0);
  });

  it('says which step failed: a wrong client secret, missing or malformed fields', async () => {
    expect(await connect({ clientSecret: 'not-the-secret' })).toBe(
      '/settings?vismaconnect=failed&reason=client_rejected',
    );
    expect((await status()).lastAttempt?.outcome).toBe('failed');
    const missing = await injectAs(t.app, admin, {
      method: 'POST',
      url: '/api/connections/portal/visma-connect',
      payload: { clientId: '', yukiPortalId: 'nope', authorizeUrl: 'auth.visma.com' },
    });
    expect(missing.statusCode).toBe(400);
    expect(
      missing
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['body.authorizeUrl', 'body.clientId', 'body.clientSecret', 'body.yukiPortalId']);
  });
});

describe('the grant after connecting', () => {
  it('refreshes at 80% of the granted hour and rotates the refresh token', async () => {
    await connect();
    const connection = await portalConnection();
    const store = createPgTokenStore(t.deps.db, t.deps.secretBox);
    const first = await store.read(connectionGrantId(connection.id));
    sim.clock.ms += 47 * MINUTE;
    expect(await refreshPortalGrant(t.deps, connection)).toBe('fresh');
    sim.clock.ms += 2 * MINUTE;
    expect(await refreshPortalGrant(t.deps, connection)).toBe('refreshed');
    const second = await store.read(connectionGrantId(connection.id));
    expect(second?.refreshToken).not.toBe(first?.refreshToken);
    expect(second?.expiresAt).toBe(new Date(sim.clock.ms + 3600_000).toISOString());
  });

  it('lets three refreshers on two pools spend the refresh token once', async () => {
    await connect();
    const connection = await portalConnection();
    const other = t.database.open();
    try {
      const requests = (await simJson<{ tokenRequests: number }>('/__sim/visma-connect')).tokenRequests;
      sim.clock.ms += 59 * MINUTE;
      const results = await Promise.all([
        refreshPortalGrant(t.deps, connection),
        refreshPortalGrant({ ...t.deps, db: other.db }, connection),
        refreshPortalGrant({ ...t.deps, db: other.db }, connection),
      ]);
      expect(results.filter((r) => r !== 'fresh' && r !== 'refreshed')).toEqual([]);
      const after = await simJson<{ tokenRequests: number; grants: { revoked: boolean }[] }>('/__sim/visma-connect');
      expect(after.tokenRequests - requests).toBe(1);
      expect(after.grants.every((g) => !g.revoked)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('shows "reconnect" once Visma Connect refuses the grant (invalid_grant), and SOAP keeps working', async () => {
    await connect();
    const connection = await portalConnection();
    await simJson('/__sim/visma-connect/revoke', {});
    sim.clock.ms += 50 * MINUTE;
    expect(await refreshPortalGrant(t.deps, connection)).toBe('needs_reconnect');
    expect((await status()).problem).toBe('visma_connect_reconnect');
    const target = portalTargetOf(t.deps, await portalConnection());
    if (!target.ok) throw new Error(target.error.message);
    expect((await target.value.listDomains({ priority: 'low' })).ok).toBe(true);
    expect(await connect()).toBe('/settings?vismaconnect=connected');
    expect((await status()).problem).toBeNull();
  });

  it('shows "reconnect" the moment a Platform API call meets the refused grant, before any grant check', async () => {
    await connect();
    await simJson('/__sim/visma-connect/revoke', {});
    sim.clock.ms += 50 * MINUTE;
    const connection = await portalConnection();
    const target = portalTargetOf(t.deps, connection);
    if (!target.ok) throw new Error(target.error.message);
    const a = sim.state().allAdministrations()[0];
    const ref = { domainId: a?.domainId ?? '', administrationId: a?.id ?? '' };
    // The stale guard's company read refreshes the token first; Visma Connect answers invalid_grant.
    const read = await target.value.readProfileForWrite?.(ref, { priority: 'high', fields: ['email'] });
    expect(read).toMatchObject({ ok: false, error: { code: 'auth_expired', reason: 'grant_refused' } });
    expect(read?.ok === false && read.error.message).toContain('Connect Visma Connect again');
    expect((await status()).problem).toBe('visma_connect_reconnect');
    // Only the grant is dead: the portal connection (SOAP) stays active, and nothing more is sent to Visma Connect.
    expect((await portalConnection()).status).toBe('active');
    const requests = (await simJson<{ tokenRequests: number }>('/__sim/visma-connect')).tokenRequests;
    const again = await target.value.readProfileForWrite?.(ref, { priority: 'high', fields: ['email'] });
    expect(again?.ok === false && again.error.message).toContain('Connect Visma Connect first');
    expect((await simJson<{ tokenRequests: number }>('/__sim/visma-connect')).tokenRequests).toBe(requests);
  });

  it('asks a connection with a pasted Platform API token to reconnect with Visma Connect', async () => {
    const connection = await portalConnection();
    const legacy = { accessKey: sim.key, platformToken: 'pasted-token-0123', portalId: null, vismaConnect: null };
    await updateConnectionCredentials(t.deps.db, connection.id, {
      baseUrl: connection.baseUrl,
      credentialsEnc: sealCredentials(t.deps, legacy),
      now: new Date(sim.clock.ms),
    });
    expect((await status()).problem).toBe('visma_connect_legacy_token');
  });
});
