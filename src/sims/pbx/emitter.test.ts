import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { buildJsonRequest, buildUrlTemplateRequest, deliver } from './emitter.js';

import type { CallEmission, FetchLike } from './emitter.js';

const AT = 1_740_820_000_250;
const emission: CallEmission = {
  callId: '1740820000.7',
  state: 'ringing',
  from: '+31 (0)20 123 45 67',
  to: '+31 20 760 4000',
  extension: '203',
  direction: 'in',
  atMs: AT,
};
const descriptions = {
  INCOMING_RINGING: 'Inkomend gesprek',
  OUTGOING_RINGING: 'Uitgaand gesprek',
  CONNECTED: 'Verbonden',
  DISCONNECTED: 'Opgehangen',
};

describe('buildJsonRequest', () => {
  const options = { target: 'http://crmhub.test', jsonTimestamp: 'unix' as const, secret: 'sekrit' };

  it('POSTs the event fields with an HMAC over `${timestamp}.${body}`', () => {
    const request = buildJsonRequest(emission, options);
    expect(request).toMatchObject({ method: 'POST', url: 'http://crmhub.test/api/callerid/events' });
    const { atMs: _atMs, ...fields } = emission;
    expect(JSON.parse(request.body ?? '')).toEqual({ ...fields, timestamp: 1_740_820_000 });
    const ts = request.headers['x-crmhub-timestamp'];
    expect(ts).toBe('1740820000');
    const expected = createHmac('sha256', 'sekrit')
      .update(`${ts ?? ''}.${request.body ?? ''}`)
      .digest('hex');
    expect(request.headers['x-crmhub-signature']).toBe(`sha256=${expected}`);
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('can send an ISO timestamp in the body', () => {
    const request = buildJsonRequest(emission, { ...options, jsonTimestamp: 'iso' });
    expect(JSON.parse(request.body ?? '')).toMatchObject({ timestamp: '2025-03-01T09:06:40.250Z' });
  });

  it('corrupts the signature or the timestamp on request', () => {
    const good = buildJsonRequest(emission, options);
    const badSig = buildJsonRequest(emission, options, 'signature');
    expect(badSig.headers['x-crmhub-signature']).not.toBe(good.headers['x-crmhub-signature']);
    expect(badSig.headers['x-crmhub-timestamp']).toBe(good.headers['x-crmhub-timestamp']);
    const stale = buildJsonRequest(emission, options, 'timestamp');
    expect(Number(stale.headers['x-crmhub-timestamp'])).toBe(1_740_820_000 - 3600);
    // Still correctly signed for its (stale) timestamp: only the replay window should reject it.
    const sig = createHmac('sha256', 'sekrit')
      .update(`${String(1_740_820_000 - 3600)}.${stale.body ?? ''}`)
      .digest('hex');
    expect(stale.headers['x-crmhub-signature']).toBe(`sha256=${sig}`);
  });
});

describe('buildUrlTemplateRequest', () => {
  const options = {
    target: 'http://crmhub.test',
    token: 'tok-1',
    statusDescriptions: descriptions,
    urlInboundCallTo: 'extension' as const,
  };

  it('builds /{calluniqueid}/{callfrom}/{callto}/{status}/{status_desc}/{direction}/{timestamp} with encoded segments', () => {
    expect(buildUrlTemplateRequest(emission, options)).toEqual({
      channel: 'url_template',
      method: 'GET',
      url: 'http://crmhub.test/api/callerid/pbx/tok-1/1740820000.7/%2B31%20(0)20%20123%2045%2067/203/INCOMING_RINGING/Inkomend%20gesprek/in/1740820000',
      headers: {},
      body: null,
    });
  });

  it.each([
    ['ringing', 'out', 'OUTGOING_RINGING'],
    ['answered', 'in', 'CONNECTED'],
    ['ended', 'out', 'DISCONNECTED'],
  ] as const)('maps %s/%s to %s', (state, direction, status) => {
    const url = buildUrlTemplateRequest({ ...emission, state, direction }, options).url;
    expect(url.split('/')[10]).toBe(status);
    expect(url.split('/')[12]).toBe(direction);
  });

  it('puts the dialled number in {callto} when configured', () => {
    const url = buildUrlTemplateRequest(emission, { ...options, urlInboundCallTo: 'did' }).url;
    expect(decodeURIComponent(url.split('/')[9] ?? '')).toBe('+31 20 760 4000');
    const out = buildUrlTemplateRequest({ ...emission, direction: 'out', from: '203', to: '06 12345678' }, options).url;
    expect(decodeURIComponent(out.split('/')[9] ?? '')).toBe('06 12345678');
  });

  it('keeps an empty {callfrom} segment for a withheld caller', () => {
    expect(buildUrlTemplateRequest({ ...emission, from: '' }, options).url).toContain('/1740820000.7//203/');
  });
});

describe('deliver', () => {
  const request = {
    channel: 'json' as const,
    method: 'POST' as const,
    url: 'http://crmhub.test/x',
    headers: {},
    body: '{}',
  };
  const scripted = (outcomes: (number | Error)[]): FetchLike => {
    let i = 0;
    return () => {
      const outcome = outcomes[i++] ?? 204;
      return outcome instanceof Error
        ? Promise.reject(outcome)
        : Promise.resolve({ status: outcome, text: () => Promise.resolve('') });
    };
  };

  it('retries network errors and 5xx, not 4xx', async () => {
    const flaky = scripted([new Error('ECONNRESET'), 503, 204]);
    expect(await deliver(request, { fetch: flaky, retries: 2, timeoutMs: 1000 })).toEqual({
      status: 204,
      error: null,
      attempts: 3,
    });
    const refused = scripted([401, 204]);
    expect(await deliver(request, { fetch: refused, retries: 3, timeoutMs: 1000 })).toEqual({
      status: 401,
      error: null,
      attempts: 1,
    });
  });

  it('reports the last failure when retries run out, without throwing', async () => {
    const down = scripted([new Error('ECONNREFUSED'), new Error('ECONNREFUSED')]);
    expect(await deliver(request, { fetch: down, retries: 1, timeoutMs: 1000 })).toEqual({
      status: null,
      error: 'ECONNREFUSED',
      attempts: 2,
    });
  });
});
