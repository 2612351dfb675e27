/** Who pushed: the intake source an API key names, proven by its secret or by an HMAC-SHA256 signature of the body. */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { findIntakeCaller, hashIntakeCredential } from '../../../adapters/db/repos/intake-sources.repo.js';
import { ok } from '../../../core/result.js';
import { fail } from '../failure.js';

import type { WebhookHeaders } from '../../../adapters/shared/system.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';

/** How far the signature timestamp may be from crmhub's clock, either way. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export const API_KEY_HEADER = 'x-api-key';
export const API_SECRET_HEADER = 'x-api-secret';
export const SIGNATURE_HEADER = 'x-crmhub-signature';
export const TIMESTAMP_HEADER = 'x-crmhub-timestamp';

export type PushCaller = {
  readonly connectionId: string;
  readonly portalId: string;
  /** The accepted signature (hex), which may be used only once; null for key+secret requests. */
  readonly signature: string | null;
};

function header(headers: WebhookHeaders, name: string): string | null {
  const value = headers[name];
  const first = typeof value === 'string' ? value : value?.[0];
  return first === undefined || first.trim() === '' ? null : first.trim();
}

/** Equal byte strings, compared in constant time (a length mismatch costs the same as a comparison). */
function sameBytes(given: Buffer, expected: Buffer): boolean {
  if (given.length !== expected.length) return !timingSafeEqual(expected, expected);
  return timingSafeEqual(given, expected);
}

/** The HMAC-SHA256 (hex) a sender computes over `${timestamp}.${rawBody}` with the API secret (docs/intake.md). */
export function signIntakeBody(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

function checkSignature(
  input: { headers: WebhookHeaders; rawBody: Buffer; nowMs: number },
  secret: string,
): Outcome<string> {
  const timestamp = header(input.headers, TIMESTAMP_HEADER);
  if (timestamp === null || !/^\d{1,12}$/.test(timestamp)) {
    return fail('intake_timestamp_invalid', 'X-Crmhub-Timestamp must be the unix time in whole seconds');
  }
  const skew = Math.abs(input.nowMs / 1000 - Number(timestamp));
  if (skew > SIGNATURE_WINDOW_SECONDS) {
    return fail(
      'intake_timestamp_invalid',
      `X-Crmhub-Timestamp is ${Math.round(skew)} s from crmhub's clock; at most ${SIGNATURE_WINDOW_SECONDS} s is accepted`,
    );
  }
  const given = /^sha256=([0-9a-f]{64})$/i.exec(header(input.headers, SIGNATURE_HEADER) ?? '')?.[1]?.toLowerCase();
  if (given === undefined) {
    return fail('intake_signature_invalid', 'X-Crmhub-Signature must be "sha256=" and 64 hex digits');
  }
  const expected = signIntakeBody(secret, timestamp, input.rawBody);
  if (!sameBytes(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'))) {
    return fail('intake_signature_invalid', 'the signature does not match the raw body under this source’s secret');
  }
  return ok(given);
}

/** Authenticates a push: X-Api-Key plus X-Api-Secret, or plus a fresh signature over timestamp and raw body. */
export async function authenticatePush(
  deps: Pick<AppDeps, 'db' | 'secretBox' | 'clock'>,
  input: { readonly headers: WebhookHeaders; readonly rawBody: Buffer },
): Promise<Outcome<PushCaller>> {
  const apiKey = header(input.headers, API_KEY_HEADER);
  const caller = apiKey === null ? null : await findIntakeCaller(deps.db, apiKey);
  if (caller === null || caller.status === 'disconnected') {
    return fail('intake_auth_invalid', 'X-Api-Key names no live intake source');
  }
  const base = { connectionId: caller.connectionId, portalId: caller.portalId };
  const secret = header(input.headers, API_SECRET_HEADER);
  if (secret !== null) {
    const given = Buffer.from(hashIntakeCredential('secret', secret));
    if (!sameBytes(given, Buffer.from(caller.secretHash))) return fail('intake_auth_invalid', 'wrong API secret');
    return ok({ ...base, signature: null });
  }
  if (header(input.headers, SIGNATURE_HEADER) === null) {
    return fail('intake_auth_invalid', 'send X-Api-Secret, or X-Crmhub-Timestamp and X-Crmhub-Signature');
  }
  const signature = checkSignature(
    { headers: input.headers, rawBody: input.rawBody, nowMs: deps.clock().getTime() },
    deps.secretBox.decrypt(caller.secretEnc),
  );
  return signature.ok ? ok({ ...base, signature: signature.value }) : signature;
}
