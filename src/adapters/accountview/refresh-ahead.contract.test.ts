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

  it.each([
    { tokens: 'one-hour', ttl: 3600, when: 'at 80% of the lifetime', lastWithoutMs: 2879_000, refreshAtMs: 2881_000 },
    { tokens: 'one-minute', ttl: 60, when: '30 s before expiry', lastWithoutMs: 29_000, refreshAtMs: 31_000 },
  ])('with $tokens tokens, refreshes $when, once, and not before', async ({ ttl, lastWithoutMs, refreshAtMs }) => {
    const { world, callAt } = await connectedWithTtl(ttl);
    const afterConnect = world.tokenRequests();
    await callAt(lastWithoutMs);
    expect(world.tokenRequests()).toBe(afterConnect);
    await callAt(refreshAtMs);
    await callAt(refreshAtMs + 1_000);
    expect(world.tokenRequests()).toBe(afterConnect + 1);
  });
});
