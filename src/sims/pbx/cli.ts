/** Starts the PBX simulator from the CLI/demo: knobs come as strings in `extra` (target, mode, secret, token, …). */
import { startPbxSim as startWith } from './sim.js';

import type { RunningSim, SimStartOptions } from '../shared/types.js';
import type { RunningPbxSim } from './sim.js';

/**
 * `extra` keys: `target` (crmhub base URL, required), `mode` (json | url_template | both), `secret`, `token`,
 * `ratePerSecond`, `durationSeconds`, `extensions` and `callers` (comma- or `|`-separated, or a JSON array),
 * `timeScale`, `outboundShare`, `missedShare`, and the other options in options.ts.
 */
export async function startPbxSim(
  opts: SimStartOptions,
): Promise<RunningSim & Pick<RunningPbxSim, 'placeCall' | 'calls' | 'idle'>> {
  const extra = opts.extra ?? {};
  if (extra['target'] === undefined) {
    throw new Error('the PBX simulator needs extra.target: the crmhub base URL to send call events to');
  }
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extra)) {
    // Ranges and status texts arrive as JSON objects; everything else is coerced by the options schema.
    raw[key] = /^\s*\{/.test(value) ? (JSON.parse(value) as unknown) : value;
  }
  return startWith({
    ...raw,
    target: extra['target'],
    port: opts.port,
    seed: opts.seed,
    orgs: opts.orgs,
    ...(opts.host === undefined ? {} : { host: opts.host }),
    ...(opts.snapshotPath === undefined ? {} : { snapshotPath: opts.snapshotPath }),
  });
}
