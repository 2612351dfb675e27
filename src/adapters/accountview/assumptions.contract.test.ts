// The connector under both answers of each assumed OAuth behaviour it meets (docs/external-systems/accountview.md#oauth).
import { afterEach, describe, expect, it } from 'vitest';

import { connectToSim } from '../../../test/helpers/accountview.js';
import { startTestAccountViewSim } from '../../sims/accountview/testing.js';
import { createAccountViewConnector } from './accountview.connector.js';

import type { TestAccountViewSim } from '../../sims/accountview/testing.js';

let sim: TestAccountViewSim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

describe.each([
  { pkce: 'supported', rotateRefreshTokens: 'true' },
  { pkce: 'ignored', rotateRefreshTokens: 'true' },
  { pkce: 'required', rotateRefreshTokens: 'false' },
  { pkce: 'ignored', rotateRefreshTokens: 'false' },
])('a server with PKCE $pkce and rotateRefreshTokens $rotateRefreshTokens', (extra) => {
  it('connects, refreshes after expiry and keeps reading', async () => {
    const clock = { now: new Date('2026-12-07T09:00:00Z') };
    sim = await startTestAccountViewSim({ orgs: 5, clock: () => clock.now, extra: { ...extra } });
    const world = await connectToSim(sim, () => clock.now);
    const connector = createAccountViewConnector(world.settings, 'grant', world.deps);
    expect((await connector.listCompanies()).ok).toBe(true);
    for (let hour = 1; hour <= 3; hour++) {
      clock.now = new Date(Date.parse('2026-12-07T09:00:00Z') + hour * 3600_000);
      const companies = await connector.listCompanies();
      if (!companies.ok) throw new Error(companies.error.message);
    }
    expect(world.tokenRequests()).toBe(4);
  });
});
