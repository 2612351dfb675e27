/** Starts the AccountView.net simulator: options from `extra`, state from a snapshot or the seed, then listens. */
import { createSnapshotWriter, loadSnapshot } from '../shared/snapshot.js';
import { parseAccountViewSimOptions } from './options.js';
import { seedAccountView } from './seed.js';
import { buildAccountViewApp } from './server.js';
import { AccountViewState } from './state.js';

import type { RunningSim, SimStartOptions } from '../shared/types.js';
import type { AccountViewSimOptions } from './options.js';
import type { AccountViewSimApp } from './server.js';
import type { AccountViewSnapshot, SimClock } from './state.js';

/** `extra` keys that shape the seeded world rather than the simulator's behaviour. */
const seedKeys = ['companies', 'creditorShare', 'clientId', 'clientSecret', 'redirectUris'] as const;

/** Splits string knobs into simulator options (JSON for lists/records) and seed settings. */
export function parseExtra(extra: Record<string, string> = {}): {
  options: AccountViewSimOptions;
  seed: {
    companies?: number;
    creditorShare?: number;
    app?: { clientId?: string; clientSecret?: string; redirectUris: string[] };
  };
} {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extra)) {
    if ((seedKeys as readonly string[]).includes(key)) continue;
    if (!/^[[{]/.test(value.trim())) {
      raw[key] = value;
      continue;
    }
    try {
      raw[key] = JSON.parse(value) as unknown;
    } catch {
      throw new Error(`invalid AccountView simulator option ${key}: not valid JSON`);
    }
  }
  const options = parseAccountViewSimOptions(raw);
  const num = (key: string): number | undefined => {
    const v = extra[key];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (Number.isNaN(n)) throw new Error(`invalid AccountView simulator option ${key}: '${v}' is not a number`);
    return n;
  };
  const companies = num('companies');
  const creditorShare = num('creditorShare');
  const redirectUris = (extra['redirectUris'] ?? '').split(',').filter((u) => u.trim() !== '');
  const clientId = extra['clientId'];
  const clientSecret = extra['clientSecret'];
  return {
    options,
    seed: {
      ...(companies === undefined ? {} : { companies }),
      ...(creditorShare === undefined ? {} : { creditorShare }),
      ...(redirectUris.length === 0
        ? {}
        : {
            app: {
              redirectUris,
              ...(clientId === undefined ? {} : { clientId }),
              ...(clientSecret === undefined ? {} : { clientSecret }),
            },
          }),
    },
  };
}

function isSnapshot(value: unknown): value is AccountViewSnapshot {
  return typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1;
}

/** Creates state + app without listening (tests use it to reach the state and inject a clock). */
export async function createAccountViewSim(
  opts: SimStartOptions,
  deps: { clock?: SimClock; random?: () => number } = {},
): Promise<AccountViewSimApp & { state: AccountViewState; options: AccountViewSimOptions; flush(): Promise<void> }> {
  const { options, seed } = parseExtra(opts.extra);
  const state = new AccountViewState(deps.clock);
  const snapshot = opts.snapshotPath === undefined ? null : await loadSnapshot(opts.snapshotPath);
  if (snapshot !== null && !isSnapshot(snapshot)) {
    throw new Error(`snapshot ${opts.snapshotPath ?? ''} is not an AccountView simulator snapshot (version 1)`);
  }
  if (snapshot === null) seedAccountView(state, { seed: opts.seed, orgs: opts.orgs, ...seed });
  else state.loadSnapshot(snapshot);
  const writer = createSnapshotWriter(opts.snapshotPath, () => state.toSnapshot());
  state.onChange(() => {
    writer.schedule();
  });
  const built = buildAccountViewApp(state, options, deps.random === undefined ? {} : { random: deps.random });
  built.app.addHook('onClose', async () => {
    await writer.flush();
  });
  return { ...built, state, options, flush: () => writer.flush() };
}

/** Starts the simulator on `opts.port` (0 = any free port). */
export async function startAccountViewSim(opts: SimStartOptions): Promise<RunningSim> {
  const sim = await createAccountViewSim(opts);
  const address = await sim.app.listen({ port: opts.port, host: opts.host ?? '127.0.0.1' });
  return { url: address, close: () => sim.app.close() };
}
