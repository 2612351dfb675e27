/** Refuses, before anything is stored or called, an address crmhub may not reach (the calls refuse it again). */
import { checkOutboundUrl } from '../../adapters/shared/outbound-policy.js';
import { fail } from './failure.js';

import type { Err } from '../../core/result.js';
import type { AppDeps } from '../deps.js';
import type { Failure } from './failure.js';

/**
 * `url_not_allowed` (reason `insecure_url`, `loopback` or `private_address`) on `field`; null when allowed. An address
 * that is not an http(s) URL is left to the form's own validation, which names it precisely.
 */
export function refusedUrl(deps: Pick<AppDeps, 'config'>, value: string, field: string): Err<Failure> | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const refusal = checkOutboundUrl(url, deps.config.outbound);
  if (refusal === null) return null;
  return fail('url_not_allowed', refusal.message, {
    reason: refusal.kind,
    errors: [{ field, code: 'url_not_allowed', params: { reason: refusal.kind }, message: refusal.message }],
  });
}
