/** Who may read /metrics: only a scraper with the configured bearer token; without one, metrics are off. */
import { createHash, timingSafeEqual } from 'node:crypto';

import { ok } from '../../core/result.js';
import { fail } from './failure.js';

import type { Config } from '../config.js';
import type { Outcome } from './failure.js';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

export function authorizeMetrics(
  config: Pick<Config, 'metricsToken'>,
  authorization: string | undefined,
): Outcome<void> {
  if (config.metricsToken === null)
    return fail('not_found', 'metrics are off: set CRMHUB_METRICS_TOKEN to turn them on');
  const presented = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
  // Compared as digests, so neither the token's length nor its prefix shows in the timing.
  if (!timingSafeEqual(digest(presented), digest(config.metricsToken))) return fail('metrics_token_invalid');
  return ok(undefined);
}
