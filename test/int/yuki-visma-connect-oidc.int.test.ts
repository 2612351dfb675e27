// crmhub's Visma Connect flow against an independent OAuth 2.0 server (oidc-provider): code + PKCE, refresh with
// rotation, and a reused refresh token refused (the grant then shows "reconnect").
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createPgTokenStore } from '../../src/adapters/db/repos/oauth-grants.repo.js';
import { connectionGrantId } from '../../src/app/use-cases/sync/connectors.js';
import { refreshPortalGrant } from '../../src/app/use-cases/sync/visma-connect-status.js';
import { startTestYukiSim } from '../../src/sims/yuki/testing.js';
import { buildTestApp } from '../helpers/app.js';
import { livePortalConnection } from '../helpers/connections.js';
import { injectAs } from '../helpers/http.js';
import { startOidcServer } from '../helpers/oidc-provider-server.js';
import { adminWithYukiPortal } from '../helpers/yuki-portal.js';

import type { Connection } from '../../src/adapters/db/repos/connections.repo.js';
import type { ListeningTestSim } from '../../src/sims/yuki/testing.js';
import type { TestApp } from '../helpers/app.js';
import type { Session } from '../helpers/http.js';
import type { OidcServer } from '../helpers/oidc-provider-server.js';

const REDIRECT = 'http://localhost:80/api/connections/portal/visma-connect/callback';
const SCOPE = 'yukiapi:portal:portals:read offline_access';
/** A second Yuki API scope the server knows, for a consent that grants only part of what was asked. */
const USERS_SCOPE = 'yukiapi:domain:users:read';

let t: TestApp;
let sim: ListeningTestSim;
let oidc: OidcServer;
let admin: Session;
const clock = { now: new Date() };

beforeEach(async () => {
  clock.now = new Date();
  sim = await startTestYukiSim({ orgs: 2 });
  oidc = await startOidcServer({ redirectUri: REDIRECT, scopes: [...SCOPE.split(' '), USERS_SCOPE] });
  t = await buildTestApp({ clock: () => clock.now });
  admin = await adminWithYukiPortal(t.app, t.deps.db, sim);
});
afterEach(async () => {
  await t.close();
  await oidc.close();
  await sim.close();
});

async function connect(scope = SCOPE): Promise<string> {
  const { portalId } = (await (await fetch(`${sim.url}/__sim/credentials`)).json()) as { portalId: string };
  const started = await injectAs(t.app, admin, {
    method: 'POST',
    url: '/api/connections/portal/visma-connect',
    payload: {
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      yukiPortalId: portalId,
      scope,
      authorizeUrl: `${oidc.issuer}/auth`,
      tokenUrl: `${oidc.issuer}/token`,
    },
  });
  expect(started.statusCode, started.body).toBe(200);
  const callback = await oidc.consent(started.json<{ authorizationUrl: string }>().authorizationUrl);
  const done = await t.app.inject({ url: `${callback.pathname}${callback.search}` });
  return done.headers.location ?? '';
}

const portalConnection = (): Promise<Connection> => livePortalConnection(t.deps.db);

describe('Visma Connect flow against oidc-provider', () => {
  it('connects with state + PKCE, refreshes with rotation, and refuses a reused refresh token', async () => {
    expect(await connect()).toBe('/settings?vismaconnect=connected');
    const connection = await portalConnection();
    const store = createPgTokenStore(t.deps.db, t.deps.secretBox);
    const grantId = connectionGrantId(connection.id);
    const first = await store.read(grantId);
    expect(first?.refreshToken).toBeTruthy();
    expect(first?.scope).toContain('yukiapi:portal:portals:read');

    expect(await refreshPortalGrant(t.deps, connection)).toBe('fresh');
    clock.now = new Date(clock.now.getTime() + 49 * 60_000);
    expect(await refreshPortalGrant(t.deps, connection)).toBe('refreshed');
    const second = await store.read(grantId);
    expect(second?.refreshToken).not.toBe(first?.refreshToken);
    expect(second?.accessToken).not.toBe(first?.accessToken);

    // A stale copy of the first tokens (a restored backup) presents the spent refresh token: refused, reconnect.
    if (first === null) throw new Error('no tokens');
    await store.save(grantId, { ...first, expiresAt: new Date(clock.now.getTime() - 1).toISOString() });
    expect(await refreshPortalGrant(t.deps, connection)).toBe('needs_reconnect');
    expect(oidc.refused).toContain('invalid_grant');
    // The reuse revoked the whole grant at the server: the rotated refresh token no longer works either.
    if (second === null) throw new Error('no tokens');
    await store.save(grantId, { ...second, expiresAt: new Date(clock.now.getTime() - 1).toISOString() });
    expect(await refreshPortalGrant(t.deps, connection)).toBe('needs_reconnect');
    const status = await injectAs(t.app, admin, { url: '/api/connections/portal/visma-connect' });
    expect(status.json<{ problem: string | null }>().problem).toBe('visma_connect_reconnect');
  });

  it('refuses a grant with fewer Yuki API scopes than asked (the user unticked one), stores nothing, says what to do', async () => {
    oidc.grantOnly = SCOPE;
    expect(await connect(`${SCOPE} ${USERS_SCOPE}`)).toBe('/settings?vismaconnect=failed&reason=scope_missing');
    const connection = await portalConnection();
    expect(await createPgTokenStore(t.deps.db, t.deps.secretBox).read(connectionGrantId(connection.id))).toBeNull();
    const status = await injectAs(t.app, admin, { url: '/api/connections/portal/visma-connect' });
    expect(status.json<{ problem: string | null; lastAttempt: { outcome: string } | null }>()).toMatchObject({
      problem: 'visma_connect_not_connected',
      lastAttempt: { outcome: 'failed' },
    });
    // Allowing every scope on the next consent connects.
    oidc.grantOnly = null;
    expect(await connect(`${SCOPE} ${USERS_SCOPE}`)).toBe('/settings?vismaconnect=connected');
  });
});
