import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { parseSignedCallEvent, parseUrlTemplateRequest } from './webhook.js';

const SECRET = 'whsec-test';
const NOW_MS = 1_740_820_000_000;
const ts = String(NOW_MS / 1000);
const rawBody = JSON.stringify({
  callId: 'c-9',
  state: 'answered',
  from: '+31612345678',
  to: '0201112233',
  extension: '204',
  direction: 'in',
  timestamp: NOW_MS / 1000,
});
const signature = `sha256=${createHmac('sha256', SECRET).update(`${ts}.${rawBody}`).digest('hex')}`;

describe('parseSignedCallEvent', () => {
  it('verifies, then parses', () => {
    const result = parseSignedCallEvent({
      rawBody,
      headers: { 'x-crmhub-signature': signature, 'x-crmhub-timestamp': ts },
      secret: SECRET,
      nowMs: NOW_MS,
    });
    expect(result).toMatchObject({
      ok: true,
      value: { callId: 'c-9', state: 'answered', extension: '204', source: 'json' },
    });
  });

  it('does not look at the body when the signature is wrong', () => {
    const result = parseSignedCallEvent({
      rawBody: 'not json at all',
      headers: { 'x-crmhub-signature': signature, 'x-crmhub-timestamp': ts },
      secret: SECRET,
      nowMs: NOW_MS,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'signature_mismatch' } });
  });

  it('reports a bad body once the signature is right', () => {
    const bad = '{"callId":"x"}';
    const sig = `sha256=${createHmac('sha256', SECRET).update(`${ts}.${bad}`).digest('hex')}`;
    const result = parseSignedCallEvent({
      rawBody: bad,
      headers: { 'x-crmhub-signature': sig, 'x-crmhub-timestamp': ts },
      secret: SECRET,
      nowMs: NOW_MS,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'body_invalid', field: 'state' } });
  });
});

describe('parseUrlTemplateRequest', () => {
  const phone = { defaultCountry: 'NL' } as const;
  it('checks the token before the path', () => {
    expect(parseUrlTemplateRequest({ token: 'nope', expectedToken: 'tok', path: '/garbage' }, { phone })).toMatchObject(
      {
        ok: false,
        error: { code: 'token_invalid' },
      },
    );
    expect(
      parseUrlTemplateRequest(
        { token: 'tok', expectedToken: 'tok', path: '/u1/0612345678/203/INCOMING_RINGING/Ringing/in/1740820000' },
        { phone },
      ),
    ).toMatchObject({ ok: true, value: { callId: 'u1', extension: '203', state: 'ringing', source: 'url_template' } });
    expect(parseUrlTemplateRequest({ token: 'tok', expectedToken: 'tok', path: '/a/b' }, { phone })).toMatchObject({
      ok: false,
      error: { code: 'path_invalid' },
    });
  });
});
