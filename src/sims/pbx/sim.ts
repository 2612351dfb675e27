/** Starts the PBX simulator programmatically: emits call events to crmhub and serves the `/__sim/` admin API. */
import { createRng } from '../shared/random.js';
import { createSnapshotWriter, loadSnapshot } from '../shared/snapshot.js';
import { callerPool, createCallEngine } from './calls.js';
import { parsePbxSimOptions } from './options.js';
import { buildPbxSimApp } from './server.js';
import { PbxSimState } from './state.js';

import type { RunningSim } from '../shared/types.js';
import type { PlaceCallInput } from './calls.js';
import type { FetchLike } from './emitter.js';
import type { PbxSimOptions, PbxSimOptionsInput } from './options.js';
import type { PbxSimSnapshot, SimCall } from './state.js';

export type StartPbxSimOptions = PbxSimOptionsInput & {
  /** Port of the admin API (default 0: any free port). */
  port?: number;
  host?: string;
  /** Seed for generated callers and timings (default 1). */
  seed?: number;
  /** Companies the CRM simulators generate for the same seed; generated callers are drawn from them (default 100). */
  orgs?: number;
  snapshotPath?: string;
  /** Clock in ms (tests inject one); default Date.now. */
  now?: () => number;
  /** HTTP client (default global fetch). */
  fetch?: FetchLike;
};

export type RunningPbxSim = RunningSim & {
  readonly options: Omit<PbxSimOptions, 'secret' | 'token'>;
  /** Places a call and resolves once its last event was delivered. */
  placeCall(input?: PlaceCallInput): Promise<SimCall>;
  /** The call log, newest first. */
  calls(limit?: number): SimCall[];
  /** Resolves when no call is in progress. */
  idle(): Promise<void>;
  setRate(ratePerSecond: number): void;
};

function isSnapshot(value: unknown): value is PbxSimSnapshot {
  return typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1;
}

/**
 * Starts the simulator: new calls arrive at `ratePerSecond` (Poisson) until `durationSeconds`, each emitting
 * ringing → answered → ended as a signed JSON POST to `${target}/api/callerid/events` and/or a URL-template GET to
 * `${target}/api/callerid/pbx/${token}/…`, depending on `mode`.
 */
export async function startPbxSim(start: StartPbxSimOptions): Promise<RunningPbxSim> {
  const { port = 0, host = '127.0.0.1', seed = 1, orgs = 100, snapshotPath, now, fetch: fetchImpl, ...raw } = start;
  const options = parsePbxSimOptions(raw);
  const state = new PbxSimState(options.keepCalls);
  const snapshot = snapshotPath === undefined ? null : await loadSnapshot(snapshotPath);
  if (snapshot !== null) {
    if (!isSnapshot(snapshot))
      throw new Error(`snapshot ${snapshotPath ?? ''} is not a PBX simulator snapshot (version 1)`);
    state.loadSnapshot(snapshot);
  }
  const writer = createSnapshotWriter(snapshotPath, () => state.toSnapshot());
  state.onChange(() => {
    writer.schedule();
  });

  const engine = createCallEngine({
    state,
    options,
    rng: createRng(seed),
    fetch: fetchImpl ?? fetch,
    now: now ?? Date.now,
    callers: callerPool(options, seed, orgs),
  });
  const app = buildPbxSimApp(state, engine, options);
  app.addHook('onClose', async () => {
    engine.stop();
    await engine.idle();
    await writer.flush();
  });
  let url: string;
  try {
    url = await app.listen({ port, host });
  } catch (error) {
    engine.stop();
    throw error;
  }
  const { secret: _secret, token: _token, ...visible } = options;
  return {
    url,
    options: visible,
    close: () => app.close(),
    placeCall: (input) => engine.place(input).done,
    calls: (limit = options.keepCalls) => state.list(limit),
    idle: () => engine.idle(),
    setRate: (rate) => {
      engine.setRate(rate);
    },
  };
}
