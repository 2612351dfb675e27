import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { signPbxPayload, verifyPbxSignature, verifyUrlToken } from './signature.js';

const SECRET = 'whsec-test-3f9a';
const NOW_MS = 1_740_820_000_000;
const NOW_S = NOW_MS / 1000;
const BODY = '{"callId":"c1","state":"ringing"}';

// Independent of signPbxPayload, so a bug in it cannot hide in both sides.
function sign(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac('sha256', secret)
    .update(`${String(timestamp)}.${body}`)
    .digest('hex')}`;
}
const headers = (signature: string | undefined, timestamp: string | undefined) => ({
  'x-crmhub-signature': signature,
  'x-crmhub-timestamp': timestamp,
});

describe('signPbxPayload', () => {
  it('is HMAC-SHA256 over `${timestamp}.${rawBody}` as sha256=<hex>', () => {
    expect(signPbxPayload(SECRET, NOW_S, BODY)).toBe(sign(SECRET, NOW_S, BODY));
    expect(signPbxPayload(SECRET, NOW_S, Buffer.from(BODY))).toBe(sign(SECRET, NOW_S, BODY));
  });
});

const verify = (
  h: ReturnType<typeof headers>,
  extra: { body?: string; secret?: string | string[]; nowMs?: number; window?: number } = {},
) =>
  verifyPbxSignature({
    rawBody: extra.body ?? BODY,
    headers: h,
    secret: extra.secret ?? SECRET,
    nowMs: extra.nowMs ?? NOW_MS,
    ...(extra.window === undefined ? {} : { replayWindowSeconds: extra.window }),
  });

describe('verifyPbxSignature', () => {
  it('accepts a correct signature and returns the timestamp', () => {
    expect(verify(headers(sign(SECRET, NOW_S, BODY), String(NOW_S)))).toEqual({
      ok: true,
      value: { timestamp: NOW_S },
    });
  });

  it('accepts upper-case hex, an array header and any of several secrets (rotation)', () => {
    const upper = `sha256=${sign(SECRET, NOW_S, BODY).slice(7).toUpperCase()}`;
    expect(verify(headers(upper, String(NOW_S))).ok).toBe(true);
    expect(
      verifyPbxSignature({
        rawBody: BODY,
        headers: { 'x-crmhub-signature': [sign(SECRET, NOW_S, BODY)], 'x-crmhub-timestamp': [String(NOW_S)] },
        secret: SECRET,
        nowMs: NOW_MS,
      }).ok,
    ).toBe(true);
    expect(verify(headers(sign('new-secret', NOW_S, BODY), String(NOW_S)), { secret: [SECRET, 'new-secret'] }).ok).toBe(
      true,
    );
  });

  it('rejects a missing or empty timestamp', () => {
    expect(verify(headers(sign(SECRET, NOW_S, BODY), undefined))).toMatchObject({
      ok: false,
      error: { code: 'timestamp_missing', field: 'x-crmhub-timestamp' },
    });
    expect(verify(headers(sign(SECRET, NOW_S, BODY), ' '))).toMatchObject({ error: { code: 'timestamp_missing' } });
  });

  it.each(['2025-03-01T09:00:00Z', '1740820000.5', '-1', 'abc'])('rejects a non-unix-seconds timestamp %j', (ts) => {
    expect(verify(headers(sign(SECRET, ts, BODY), ts))).toMatchObject({ error: { code: 'timestamp_invalid' } });
  });

  it('rejects timestamps outside the replay window, past or future, and honours a configured window', () => {
    const old = NOW_S - 301;
    expect(verify(headers(sign(SECRET, old, BODY), String(old)))).toMatchObject({ error: { code: 'timestamp_stale' } });
    const future = NOW_S + 301;
    expect(verify(headers(sign(SECRET, future, BODY), String(future)))).toMatchObject({
      error: { code: 'timestamp_stale' },
    });
    const edge = NOW_S - 300;
    expect(verify(headers(sign(SECRET, edge, BODY), String(edge))).ok).toBe(true);
    expect(verify(headers(sign(SECRET, old, BODY), String(old)), { window: 600 }).ok).toBe(true);
    expect(verify(headers(sign(SECRET, edge, BODY), String(edge)), { window: 60 })).toMatchObject({
      error: { code: 'timestamp_stale' },
    });
  });
});

describe('verifyPbxSignature: signature header', () => {
  it('rejects a missing signature', () => {
    expect(verify(headers(undefined, String(NOW_S)))).toMatchObject({
      error: { code: 'signature_missing', field: 'x-crmhub-signature' },
    });
  });

  it.each(['abc', 'sha1=' + 'a'.repeat(40), 'sha256=' + 'a'.repeat(63), 'sha256=' + 'g'.repeat(64), 'a'.repeat(64)])(
    'rejects a malformed signature %j',
    (signature) => {
      expect(verify(headers(signature, String(NOW_S)))).toMatchObject({ error: { code: 'signature_malformed' } });
    },
  );

  it('rejects a signature over another body, timestamp or secret', () => {
    const ts = String(NOW_S);
    expect(verify(headers(sign(SECRET, NOW_S, BODY), ts), { body: `${BODY} ` })).toMatchObject({
      error: { code: 'signature_mismatch' },
    });
    expect(verify(headers(sign(SECRET, NOW_S - 1, BODY), ts))).toMatchObject({ error: { code: 'signature_mismatch' } });
    expect(verify(headers(sign('other', NOW_S, BODY), ts))).toMatchObject({ error: { code: 'signature_mismatch' } });
  });

  it('never puts the secret in an error message', () => {
    const result = verify(headers(sign('other', NOW_S, BODY), String(NOW_S)));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).not.toContain(SECRET);
  });
});

describe('verifyUrlToken', () => {
  it('accepts only the exact token', () => {
    expect(verifyUrlToken('tok-123', 'tok-123').ok).toBe(true);
    expect(verifyUrlToken('tok-124', 'tok-123')).toMatchObject({ ok: false, error: { code: 'token_invalid' } });
    expect(verifyUrlToken('tok-1234', 'tok-123').ok).toBe(false);
    expect(verifyUrlToken('', '').ok).toBe(false);
  });
});
