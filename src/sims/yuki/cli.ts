/** Starts the Yuki simulator: seeded (or restored from a snapshot), listening, saving snapshots on change and close. */
import { createSnapshotWriter, loadSnapshot } from '../shared/snapshot.js';
import { parseYukiSimOptions } from './options.js';
import { fromSnapshot, toSnapshot } from './persist.js';
import { seedYukiState } from './seed.js';
import { buildYukiApp } from './server.js';

import type { RunningSim, SimStartOptions } from '../shared/types.js';
import type { YukiSimApp } from './server.js';

export type StartedYukiSim = RunningSim & { sim: YukiSimApp };

/** `extra` keys are the options of `options.ts` (strings are coerced), e.g. `{ dailyCallLimit: '5000' }`. */
export async function startYukiSim(opts: SimStartOptions): Promise<StartedYukiSim> {
  const options = parseYukiSimOptions(opts.extra ?? {});
  const snapshot = opts.snapshotPath === undefined ? null : await loadSnapshot(opts.snapshotPath);
  const restored = snapshot === null ? null : fromSnapshot(snapshot, options);
  const state = restored?.state ?? seedYukiState(opts.seed, opts.orgs, options);
  let sim: YukiSimApp | null = null;
  const writer = createSnapshotWriter(opts.snapshotPath, () => {
    if (!sim) return null;
    const info = sim.seedInfo();
    return toSnapshot(sim.state(), info.seed, info.orgs);
  });
  sim = buildYukiApp({
    state,
    seed: restored?.seed ?? opts.seed,
    orgs: restored?.orgs ?? opts.orgs,
    onChange: () => {
      writer.schedule();
    },
  });
  const app = sim.app;
  await app.listen({ port: opts.port, host: opts.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  const host = opts.host === undefined || opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${String(port)}`,
    sim,
    async close() {
      await app.close();
      writer.schedule();
      await writer.flush();
    },
  };
}
