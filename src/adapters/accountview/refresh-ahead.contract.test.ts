// Contract: refresh-ahead follows the lifetime AccountView actually grants (issue 10, external-apis §10.3).
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

async function connectedWithTtl(ttlSeconds: number) {
  const clock = { now: new Date('2026-12-07T09:00:00Z') };
  sim = await startTestAccountViewSim({
    orgs: 5,
    clock: () => clock.now,
    extra: { accessTokenTtlSeconds: String(ttlSeconds) },
  });
  const world = await connectToSim(sim, () => clock.now);
  const connector = createAccountViewConnector(world.settings, 'grant', world.deps);
  /** Makes one API call at `ms` after the connect. */
  const callAt = async (ms: number) => {
    clock.now = new Date(Date.parse('2026-12-07T09:00:00Z') + ms);
    const result = await connector.listCompanies();
    if (!result.ok) throw new Error(result.error.message);
  };
  return { world, callAt };
}

describe('refresh ahead of expiry', () => {
  it('with 5-second tokens, 10 calls within the lifetime make 1 token request, not 10', async () => {
    const { world, callAt } = await connectedWithTtl(5);
    const afterConnect = world.tokenRequests();
    for (let i = 0; i < 10; i++) await callAt(i * 450);
    expect(world.tokenRequests() - afterConnect).toBe(1);
  });

  it('with 5-second tokens, calls in the first half of the lifetime make no token request', async () => {
    const { world, callAt } = await connectedWithTtl(5);
    const afterConnect = world.tokenRequests();
    for (let i = 0; i < 10; i++) await callAt(i * 200);
    expect(world.tokenRequests()).toBe(afterConnect);
  });

  it('with one-hour tokens, refreshes at 80% of the lifetime and not before', async () => {
    const { world, callAt } = await connectedWithTtl(3600);
    const afterConnect = world.tokenRequests();
    await callAt(2879_000);
    expect(world.tokenRequests()).toBe(afterConnect);
    await callAt(2881_000);
    await callAt(2900_000);
    expect(world.tokenRequests()).toBe(afterConnect + 1);
  });

  it('with one-minute tokens, refreshes 30 s before expiry', async () => {
    const { world, callAt } = await connectedWithTtl(60);
    const afterConnect = world.tokenRequests();
    await callAt(29_000);
    expect(world.tokenRequests()).toBe(afterConnect);
    await callAt(31_000);
    expect(world.tokenRequests()).toBe(afterConnect + 1);
  });
});
