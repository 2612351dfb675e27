/** Test harness: an in-process Simplicate simulator on port 0 with a fixed, advanceable clock and a full-rights key. */
import { parseSimplicateOptions } from './options.js';
import { buildSimplicateServer } from './server.js';

import type { SimplicateSim } from './server.js';

export type TestSimplicateSim = {
  url: string;
  sim: SimplicateSim;
  key: string;
  secret: string;
  /** Headers of the full-rights key. */
  headers: Record<string, string>;
  /** Moves the simulator's clock forward. */
  advance(ms: number): void;
  now(): Date;
  close(): Promise<void>;
};

export const TEST_EPOCH = Date.parse('2025-03-10T09:00:00Z');

export async function startTestSimplicateSim(
  opts: { orgs?: number; seed?: number; options?: Record<string, unknown> } = {},
): Promise<TestSimplicateSim> {
  let nowMs = TEST_EPOCH;
  const sim = await buildSimplicateServer({
    options: parseSimplicateOptions({ rateLimitPerMinute: 100_000, webhookRetryDelayMs: 5, ...opts.options }),
    clock: () => new Date(nowMs),
    initial: { seed: opts.seed ?? 7, orgs: opts.orgs ?? 25 },
  });
  const key = 'test-key';
  const secret = 'test-secret-0123456789';
  sim.keys.add({ key, secret, rights: new Set(['read', 'create', 'update', 'delete']), host: null, expiresAtMs: null });
  await sim.app.listen({ port: 0, host: '127.0.0.1' });
  const address = sim.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('simulator did not bind a TCP port');
  return {
    url: `http://127.0.0.1:${String(address.port)}`,
    sim,
    key,
    secret,
    headers: { 'Authentication-Key': key, 'Authentication-Secret': secret },
    advance(ms) {
      nowMs += ms;
    },
    now: () => new Date(nowMs),
    async close() {
      await sim.webhooks.idle();
      await sim.app.close();
    },
  };
}
