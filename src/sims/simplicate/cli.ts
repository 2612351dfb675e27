/** Entry point of the Simplicate simulator: `startSimplicateSim(opts)` listens and returns its URL. */
import { parseSimplicateOptions } from './options.js';
import { buildSimplicateServer } from './server.js';

import type { RunningSim, SimStartOptions } from '../shared/types.js';

/** Starts the simulator; `extra` holds string knobs of options.ts (e.g. `{ rateLimitPerMinute: '600' }`). */
export async function startSimplicateSim(opts: SimStartOptions): Promise<RunningSim> {
  const options = parseSimplicateOptions(opts.extra ?? {});
  const sim = await buildSimplicateServer({
    options,
    initial: { seed: opts.seed, orgs: opts.orgs },
    ...(opts.snapshotPath === undefined ? {} : { snapshotPath: opts.snapshotPath }),
  });
  const host = opts.host ?? '127.0.0.1';
  await sim.app.listen({ port: opts.port, host });
  const address = sim.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${String(port)}`,
    close: async () => {
      await sim.webhooks.idle();
      await sim.app.close();
    },
  };
}
