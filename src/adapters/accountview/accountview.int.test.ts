// PostgreSQL TokenStore with the AccountView simulator: encrypted at rest, and one refresh across two instances.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createTestDb } from '../../../test/helpers/db.js';
import { consentInBrowser, startTestAccountViewSim } from '../../sims/accountview/testing.js';
import { createSecretBox, generateSecretKey } from '../crypto/secret-box.js';
import { createPgTokenStore } from '../db/repos/oauth-grants.repo.js';
import { loopbackOutboundPolicy } from '../shared/outbound-policy.js';
import {
  beginAccountViewConnect,
  completeAccountViewConnect,
  createAccountViewConnector,
} from './accountview.connector.js';
import { accountViewEndpoints } from './manifest.js';

import type { TestDatabase } from '../../../test/helpers/db.js';
import type { TestAccountViewSim } from '../../sims/accountview/testing.js';
import type { AccountViewDeps } from './accountview.connector.js';
import type { AccountViewSettings } from './settings.js';

const REDIRECT = 'https://crmhub.test/oauth/accountview/callback';
const GRANT = 'conn-accountview-1';

let testDb: TestDatabase;
let sim: TestAccountViewSim;
const clock = { now: new Date('2026-03-02T09:00:00Z') };

beforeEach(async () => {
  testDb = await createTestDb();
  clock.now = new Date('2026-03-02T09:00:00Z');
  sim = await startTestAccountViewSim({ orgs: 20, clock: () => clock.now });
});
afterEach(async () => {
  await sim.close();
  await testDb.close();
});

function settingsFor(): AccountViewSettings {
  const app = sim.registerApp([REDIRECT]);
  return {
    apiKey: app.clientId,
    apiSecret: app.clientSecret,
    companyId: sim.companies[0]?.id ?? '',
    redirectUri: REDIRECT,
  };
}

describe('PostgreSQL TokenStore', () => {
  it('stores the tokens encrypted and reads them back', async () => {
    const box = createSecretBox(generateSecretKey());
    const store = createPgTokenStore(testDb.db, box);
    const settings = settingsFor();
    const deps: AccountViewDeps = {
      tokenStore: store,
      clock: () => clock.now,
      endpoints: accountViewEndpoints(sim.url),
      outbound: loopbackOutboundPolicy,
    };
    const pending = await beginAccountViewConnect(settings, deps);
    const callback = await consentInBrowser(pending.url);
    const result = await completeAccountViewConnect(settings, GRANT, { callbackUrl: callback, pending }, deps);
    expect(result.ok).toBe(true);

    const tokens = await store.read(GRANT);
    const raw = await testDb.db
      .selectFrom('oauth_grants')
      .select(['access_token_enc', 'refresh_token_enc'])
      .where('grant_id', '=', GRANT)
      .executeTakeFirstOrThrow();
    expect(tokens?.accessToken).toEqual(expect.any(String));
    expect(raw.access_token_enc).not.toContain(tokens?.accessToken ?? '');
    expect(raw.refresh_token_enc).not.toContain(tokens?.refreshToken ?? '');
    expect(box.decrypt(raw.access_token_enc)).toBe(tokens?.accessToken);
  });

  it('lets two instances (two pools) refresh at once and spends the rotating refresh token exactly once', async () => {
    const box = createSecretBox(generateSecretKey());
    const settings = settingsFor();
    const endpoints = accountViewEndpoints(sim.url);
    const first = {
      tokenStore: createPgTokenStore(testDb.db, box),
      clock: () => clock.now,
      endpoints,
      outbound: loopbackOutboundPolicy,
    };
    const pending = await beginAccountViewConnect(settings, first);
    const callback = await consentInBrowser(pending.url);
    expect((await completeAccountViewConnect(settings, GRANT, { callbackUrl: callback, pending }, first)).ok).toBe(
      true,
    );
    const before = await first.tokenStore.read(GRANT);

    const secondPool = testDb.open();
    try {
      const second = {
        tokenStore: createPgTokenStore(secondPool.db, box),
        clock: () => clock.now,
        endpoints,
        outbound: loopbackOutboundPolicy,
      };
      const a = createAccountViewConnector(settings, GRANT, first);
      const b = createAccountViewConnector(settings, GRANT, second);
      clock.now = new Date(clock.now.getTime() + 3600_000 + 1000);

      const results = await Promise.all([a.listCompanies(), b.listCompanies(), a.verify(), b.verify()]);
      expect(results.map((r) => (r.ok ? 'ok' : r.error.message))).toEqual(['ok', 'ok', 'ok', 'ok']);

      const grant = [...sim.state.grants.values()][0];
      expect(grant?.refreshCount).toBe(1);
      expect(grant?.reusedRefreshTokens).toBe(0);
      const after = await second.tokenStore.read(GRANT);
      expect(after?.refreshToken).not.toBe(before?.refreshToken);
      expect(after?.expiresAt).toBe(new Date(clock.now.getTime() + 3600_000).toISOString());
    } finally {
      await secondPool.close();
    }
  });
});
