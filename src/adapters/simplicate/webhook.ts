/** Simplicate webhooks ([C] docs/external-systems/simplicate.md#webhooks): an HMAC-SHA256 signature over the raw body, and a payload naming one record. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

import type { WebhookVerifier } from '../shared/system.js';

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

// docs/external-systems/simplicate.md#webhooks [I]: the payload names the event and the record; anything else in it is ignored.
const webhookPayload = z.looseObject({ event: z.string().optional(), id: z.string().min(1) });

export const simplicateWebhookVerifier: WebhookVerifier = {
  verify(rawBody, headers, secret) {
    const signature = headers['x-webhook-signature'];
    return verifyWebhookSignature(rawBody, typeof signature === 'string' ? signature : undefined, secret);
  },
  hint(payload) {
    const parsed = webhookPayload.safeParse(payload);
    if (!parsed.success) return null;
    // A person or link changed: the organisations it belongs to are found by an incremental read.
    return parsed.data.id.startsWith('organization:')
      ? { kind: 'record', recordId: parsed.data.id }
      : { kind: 'changes' };
  },
};
