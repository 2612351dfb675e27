import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startPbxSim } from './sim.js';
import { onDemandCalls, startReceiver } from './testing.js';

import type { RunningPbxSim, StartPbxSimOptions } from './sim.js';
import type { Received, Receiver } from './testing.js';

const SECRET = 'pbx-shared-secret';
const TOKEN = 'tok-abc123';
let receiver: Receiver;
let sim: RunningPbxSim | null = null;

beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await sim?.close();
  sim = null;
  await receiver.close();
});

async function start(overrides: Partial<StartPbxSimOptions> = {}): Promise<RunningPbxSim> {
  sim = await startPbxSim({
    target: receiver.url,
    mode: 'both',
    secret: SECRET,
    token: TOKEN,
    ...onDemandCalls,
    extensions: ['201', '202'],
    callers: ['020-123 45 67', '+31 6 1234 5678', '0031 30 699 1234'],
    ...overrides,
  });
  return sim;
}

/** Verifies a JSON delivery the way the contract says, independently of the simulator's code. */
function verifyJson(r: Received): Record<string, unknown> {
  const ts = String(r.headers['x-crmhub-timestamp']);
  const given = String(r.headers['x-crmhub-signature']);
  const expected = `sha256=${createHmac('sha256', SECRET)
    .update(`${ts}.${r.rawBody ?? ''}`)
    .digest('hex')}`;
  expect(given).toMatch(/^sha256=[0-9a-f]{64}$/);
  expect(timingSafeEqual(Buffer.from(given), Buffer.from(expected))).toBe(true);
  expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(300);
  return JSON.parse(r.rawBody ?? '') as Record<string, unknown>;
}

const jsonPosts = (): Received[] => receiver.received.filter((r) => r.method === 'POST');
const urlGets = (): Received[] => receiver.received.filter((r) => r.method === 'GET');
const segments = (r: Received): string[] => r.url.split('/').slice(5).map(decodeURIComponent);

describe('PBX simulator → receiver', () => {
  it('sends ringing, answered, ended as signed JSON POSTs, in order, with the call fields', async () => {
    const s = await start({ mode: 'json', token: undefined });
    const call = await s.placeCall({ from: '020-123 45 67', extension: '202', direction: 'in' });
    const posts = jsonPosts();
    expect(posts.map((r) => r.url)).toEqual(Array(3).fill('/api/callerid/events'));
    expect(posts.every((r) => r.headers['content-type'] === 'application/json')).toBe(true);
    const bodies = posts.map(verifyJson);
    expect(bodies.map((b) => b['state'])).toEqual(['ringing', 'answered', 'ended']);
    for (const body of bodies) {
      expect(body).toMatchObject({
        callId: call.callId,
        from: '020-123 45 67',
        to: '+31 20 760 4000',
        extension: '202',
        direction: 'in',
      });
      expect(typeof body['timestamp']).toBe('number');
    }
    expect(urlGets()).toEqual([]);
    expect(call.status).toBe('ended');
    expect(call.deliveries.map((d) => [d.channel, d.state, d.status])).toEqual([
      ['json', 'ringing', 204],
      ['json', 'answered', 204],
      ['json', 'ended', 204],
    ]);
  });

  it('sends URL-template GETs with the seven segments under the token', async () => {
    const s = await start({ mode: 'url_template', secret: undefined });
    const call = await s.placeCall({ from: '+31 6 1234 5678', extension: '201', direction: 'in' });
    const gets = urlGets();
    expect(gets).toHaveLength(3);
    for (const r of gets) {
      expect(r.url.startsWith(`/api/callerid/pbx/${TOKEN}/`)).toBe(true);
      expect(r.url.split('/')).toHaveLength(12);
      expect(r.rawBody).toBeNull();
    }
    expect(gets.map(segments)).toEqual(
      ['INCOMING_RINGING', 'CONNECTED', 'DISCONNECTED'].map((status, i): unknown[] => [
        call.callId,
        '+31 6 1234 5678',
        '201',
        status,
        ['Inkomend gesprek', 'Verbonden', 'Opgehangen'][i],
        'in',
        expect.stringMatching(/^\d{10}$/),
      ]),
    );
    expect(jsonPosts()).toEqual([]);
    // The call log never shows the token.
    expect(call.deliveries.every((d) => d.url.includes('/pbx/***/') && !d.url.includes(TOKEN))).toBe(true);
  });

  it('sends both channels for every state in mode both, an outbound call as OUTGOING_RINGING', async () => {
    const s = await start();
    const call = await s.placeCall({ direction: 'out', extension: '202', to: '06-12345678' });
    expect(call).toMatchObject({ from: '202', to: '06-12345678', direction: 'out' });
    expect(jsonPosts().map((r) => verifyJson(r)['state'])).toEqual(['ringing', 'answered', 'ended']);
    expect(urlGets().map((r) => segments(r).slice(1, 6))).toEqual([
      ['202', '06-12345678', 'OUTGOING_RINGING', 'Uitgaand gesprek', 'out'],
      ['202', '06-12345678', 'CONNECTED', 'Verbonden', 'out'],
      ['202', '06-12345678', 'DISCONNECTED', 'Opgehangen', 'out'],
    ]);
  });

  it('sends ringing → ended for a missed call', async () => {
    const s = await start({ mode: 'json', token: undefined });
    await s.placeCall({ answer: false });
    expect(jsonPosts().map((r) => verifyJson(r)['state'])).toEqual(['ringing', 'ended']);
  });
});

describe('PBX simulator \u2192 receiver: failures, generation and dry-run', () => {
  it('can corrupt the signature or the timestamp, and records the receiver’s answer', async () => {
    const s = await start({ mode: 'json', token: undefined });
    receiver.respondWith = (r) => {
      const ts = String(r.headers['x-crmhub-timestamp']);
      const expected = `sha256=${createHmac('sha256', SECRET)
        .update(`${ts}.${r.rawBody ?? ''}`)
        .digest('hex')}`;
      const fresh = Math.abs(Number(ts) - Date.now() / 1000) <= 300;
      return r.headers['x-crmhub-signature'] === expected && fresh ? 204 : 401;
    };
    const badSig = await s.placeCall({ corrupt: 'signature' });
    const stale = await s.placeCall({ corrupt: 'timestamp' });
    const good = await s.placeCall();
    expect(badSig.deliveries.map((d) => d.status)).toEqual([401, 401, 401]);
    expect(stale.deliveries.map((d) => d.status)).toEqual([401, 401, 401]);
    expect(good.deliveries.map((d) => d.status)).toEqual([204, 204, 204]);
    const status = (await (await fetch(`${s.url}/__sim/status`)).json()) as { counters: Record<string, number> };
    expect(status.counters).toMatchObject({ placed: 3, deliveries: 9, failedDeliveries: 6 });
  });

  it('retries a 5xx delivery when configured and keeps going when crmhub is down', async () => {
    const s = await start({ mode: 'json', token: undefined, retries: 1 });
    let n = 0;
    receiver.respondWith = () => (n++ === 0 ? 503 : 204);
    const call = await s.placeCall();
    expect(call.deliveries[0]).toMatchObject({ status: 204, attempts: 2 });
    await receiver.close();
    const lost = await s.placeCall();
    expect(lost.status).toBe('ended');
    expect(lost.deliveries.every((d) => d.status === null && d.error !== null)).toBe(true);
  });

  it('generates calls on its own at the configured rate, each with a complete life', async () => {
    const s = await start({ ratePerSecond: 200, durationSeconds: 0.3, callers: [], seed: 9, orgs: 20 });
    // The generator stops by itself once durationSeconds has passed; then let running calls finish.
    const generating = async (): Promise<boolean> =>
      ((await (await fetch(`${s.url}/__sim/status`)).json()) as { generating: boolean }).generating;
    while (await generating()) await new Promise((resolve) => setTimeout(resolve, 20));
    await s.idle();
    const calls = s.calls();
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.events.map((e) => e.state)).toEqual(['ringing', 'answered', 'ended']);
      expect(['201', '202']).toContain(call.extension);
    }
    const byCall = new Map<string, string[]>();
    for (const r of jsonPosts()) {
      const body = verifyJson(r);
      byCall.set(String(body['callId']), [...(byCall.get(String(body['callId'])) ?? []), String(body['state'])]);
    }
    expect(byCall.size).toBe(calls.length);
    for (const states of byCall.values()) expect(states).toEqual(['ringing', 'answered', 'ended']);
  });

  it('sends nothing in dry-run mode but still logs the call', async () => {
    const s = await start({ dryRun: true });
    const call = await s.placeCall();
    expect(call.events).toHaveLength(3);
    expect(call.deliveries).toEqual([]);
    expect(receiver.received).toEqual([]);
  });
});

describe('admin API /__sim/', () => {
  it('places a call on demand and lists it', async () => {
    const s = await start({ mode: 'json', token: undefined });
    const placed = await fetch(`${s.url}/__sim/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '0031 30 699 1234', extension: '201', wait: true }),
    });
    expect(placed.status).toBe(200);
    const call = (await placed.json()) as { callId: string; status: string; from: string };
    expect(call).toMatchObject({ status: 'ended', from: '0031 30 699 1234' });
    expect(jsonPosts()).toHaveLength(3);

    const list = (await (await fetch(`${s.url}/__sim/calls?limit=5`)).json()) as { calls: { callId: string }[] };
    expect(list.calls.map((c) => c.callId)).toEqual([call.callId]);
    const one = await fetch(`${s.url}/__sim/calls/${encodeURIComponent(call.callId)}`);
    expect(one.status).toBe(200);
    expect((await fetch(`${s.url}/__sim/calls/nope`)).status).toBe(404);
  });

  it('answers 202 at once without wait, and rejects bad input with the field named', async () => {
    const s = await start({ mode: 'json', token: undefined, timeScale: 0 });
    const accepted = await fetch(`${s.url}/__sim/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ direction: 'in' }),
    });
    expect(accepted.status).toBe(202);
    await s.idle();
    const bad = await fetch(`${s.url}/__sim/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extension: 'x1', direction: 'sideways' }),
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { issues: { field: string }[] };
    expect(body.issues.map((i) => i.field).sort()).toEqual(['direction', 'extension']);
    expect((await fetch(`${s.url}/__sim/calls?limit=0`)).status).toBe(400);
  });

  it('shows status without secrets and changes the rate', async () => {
    const s = await start();
    const status = await (await fetch(`${s.url}/__sim/status`)).text();
    expect(status).not.toContain(SECRET);
    expect(status).not.toContain(TOKEN);
    expect(JSON.parse(status)).toMatchObject({ mode: 'both', generating: false });
    const changed = await fetch(`${s.url}/__sim/rate`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ratePerSecond: 0.001 }),
    });
    expect(await changed.json()).toEqual({ ratePerSecond: 0.001, generating: true });
    expect(
      (
        await fetch(`${s.url}/__sim/rate`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: '{"ratePerSecond":-1}',
        })
      ).status,
    ).toBe(400);
    expect(JSON.stringify(s.options)).not.toContain(SECRET);
  });
});
