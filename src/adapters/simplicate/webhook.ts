/** Simplicate webhooks ([C] docs/external-systems/simplicate.md#webhooks): an HMAC-SHA256 signature over the raw body; the body is only a hint. */
import { createHmac, timingSafeEqual } from 'node:crypto';

import type { WebhookHint, WebhookVerifier } from '../shared/system.js';

/**
 * Verifies `X-Webhook-Signature: sha256=<hex HMAC-SHA256(raw body, secret)>` ([C]
 * docs/external-systems/simplicate.md#webhooks) in constant time. Works on the raw bytes: re-serialised JSON would not match.
 */
export function verifyWebhookSignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (header === undefined || secret === '') return false;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (m === null) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(m[1] ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Organisation ids read one by one; a body naming more is treated as a batch and polled instead. */
const MAX_TARGETED = 25;
const ORGANIZATION_ID = /^organization:[A-Za-z0-9_-]{1,64}$/;
const OTHER_CRM_ID = /^(person|contactperson):[A-Za-z0-9_-]{1,64}$/;

/** Every string value (and key) anywhere in a JSON value, depth-first, bounded so a hostile body costs little. */
function strings(value: unknown, out: string[], depth = 0): void {
  if (depth > 32 || out.length > 10_000) return;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out, depth + 1);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      strings(item, out, depth + 1);
    }
  }
}

/**
 * The hint of a signed body of any shape ([C] docs/external-systems/simplicate.md#webhooks: no organisation or person
 * payload is documented): organisation ids found anywhere are re-read by id; a person or link id, too many ids, none,
 * or a body that is not JSON asks for an incremental poll.
 */
export function simplicateWebhookHint(rawBody: Buffer): WebhookHint {
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { kind: 'changes' };
  }
  const found: string[] = [];
  strings(payload, found);
  const organizations = [...new Set(found.filter((s) => ORGANIZATION_ID.test(s)))];
  if (organizations.length === 0 || organizations.length > MAX_TARGETED) return { kind: 'changes' };
  // A person or link changed: the organisations it belongs to are found by an incremental read.
  return { kind: 'records', recordIds: organizations, poll: found.some((s) => OTHER_CRM_ID.test(s)) };
}

export const simplicateWebhookVerifier: WebhookVerifier = {
  verify(rawBody, headers, secret) {
    const signature = headers['x-webhook-signature'];
    return verifyWebhookSignature(rawBody, typeof signature === 'string' ? signature : undefined, secret);
  },
  hint: simplicateWebhookHint,
};
