/** HMAC-SHA256 signatures of crmhub's JSON call-event webhook: `X-Crmhub-Signature` over `${timestamp}.${rawBody}`. */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { err, ok } from '../../core/result.js';
import { pbxError } from './errors.js';

import type { Result } from '../../core/result.js';
import type { PbxError } from './errors.js';

export const SIGNATURE_HEADER = 'x-crmhub-signature';
export const TIMESTAMP_HEADER = 'x-crmhub-timestamp';
const PREFIX = 'sha256=';
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

export type IncomingHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export type VerifyInput = {
  readonly rawBody: string | Buffer;
  /** Request headers with lower-case names, as Node and Fastify give them. */
  readonly headers: IncomingHeaders;
  /** The shared secret; several during a rotation (any one may match). */
  readonly secret: string | readonly string[];
  /** Current time in milliseconds (the clock is injected). */
  readonly nowMs: number;
  /** How far the timestamp may be from now, either way, in seconds (default 300). */
  readonly replayWindowSeconds?: number;
};

function header(headers: IncomingHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

/** `sha256=<hex>` for a body signed at `timestamp` (unix seconds) with `secret`. */
export function signPbxPayload(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${String(timestamp)}.`);
  hmac.update(rawBody);
  return `${PREFIX}${hmac.digest('hex')}`;
}

/**
 * Checks a webhook's signature and timestamp: the timestamp must be unix seconds within the replay window, and the
 * signature must be the HMAC-SHA256 of `${timestamp}.${rawBody}`, compared in constant time. Returns the timestamp.
 */
export function verifyPbxSignature(input: VerifyInput): Result<{ timestamp: number }, PbxError> {
  const rawTimestamp = header(input.headers, TIMESTAMP_HEADER)?.trim();
  if (rawTimestamp === undefined || rawTimestamp === '') {
    return err(pbxError('timestamp_missing', 'The X-Crmhub-Timestamp header is missing.', TIMESTAMP_HEADER));
  }
  if (!/^\d{1,12}$/.test(rawTimestamp)) {
    return err(
      pbxError('timestamp_invalid', 'X-Crmhub-Timestamp must be a unix time in whole seconds.', TIMESTAMP_HEADER),
    );
  }
  const timestamp = Number(rawTimestamp);
  const window = input.replayWindowSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS;
  const skew = Math.abs(input.nowMs / 1000 - timestamp);
  if (skew > window) {
    return err(
      pbxError(
        'timestamp_stale',
        `X-Crmhub-Timestamp is ${String(Math.round(skew))} s away from our clock; at most ${String(window)} s is accepted (replayed request or wrong PBX clock).`,
        TIMESTAMP_HEADER,
      ),
    );
  }

  const signature = header(input.headers, SIGNATURE_HEADER)?.trim();
  if (signature === undefined || signature === '') {
    return err(pbxError('signature_missing', 'The X-Crmhub-Signature header is missing.', SIGNATURE_HEADER));
  }
  const hex = signature.toLowerCase().startsWith(PREFIX) ? signature.slice(PREFIX.length) : null;
  if (hex === null || !/^[0-9a-fA-F]{64}$/.test(hex)) {
    return err(
      pbxError(
        'signature_malformed',
        'X-Crmhub-Signature must be "sha256=" followed by 64 hex digits.',
        SIGNATURE_HEADER,
      ),
    );
  }
  const given = Buffer.from(hex, 'hex');
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  // Check every secret (no early exit) so timing does not reveal which one matched.
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(signPbxPayload(secret, rawTimestamp, input.rawBody).slice(PREFIX.length), 'hex');
    if (timingSafeEqual(expected, given)) matched = true;
  }
  if (!matched) {
    return err(
      pbxError(
        'signature_mismatch',
        'X-Crmhub-Signature does not match the body: check the shared secret and that the raw body is signed unchanged.',
        SIGNATURE_HEADER,
      ),
    );
  }
  return ok({ timestamp });
}

/** Constant-time comparison of the token in a URL-template path with the configured one. */
export function verifyUrlToken(given: string, expected: string): Result<void, PbxError> {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // Compare against itself on a length mismatch so the work done does not depend on the token's length.
  const same = a.length === b.length ? timingSafeEqual(a, b) : !timingSafeEqual(b, b);
  return same && expected !== ''
    ? ok(undefined)
    : err(pbxError('token_invalid', 'The PBX token in the URL is not valid.'));
}
