// Exercises fault injection over real HTTP: each fault kind, counts, rates, path prefixes and the admin routes.
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { registerFaultInjection } from './faults.js';

import type { FastifyInstance } from 'fastify';
import type { FaultController } from './faults.js';

let app: FastifyInstance;
let base: string;
let controller: FaultController;
let dice = 0.5;

beforeEach(async () => {
  app = Fastify({ forceCloseConnections: true });
  controller = registerFaultInjection(app, {
    errorBody: (status, message) => ({
      contentType: 'application/json',
      body: JSON.stringify({ data: null, errors: [{ code: status, message }] }),
    }),
    malformedBody: { contentType: 'application/json', body: JSON.stringify({ data: [{ id: 'x:1' }], errors: null }) },
    random: () => dice,
  });
  app.get('/api/a', () => ({ ok: 'a' }));
  app.get('/api/b', () => ({ ok: 'b' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  base = `http://127.0.0.1:${String(address.port)}`;
});

afterEach(async () => {
  await app.close();
});

/** Posts a fault and reads the whole answer (an unread body keeps the connection busy and slows close()). */
const addFault = async (body: unknown): Promise<{ status: number; body: unknown }> => {
  const res = await fetch(`${base}/__sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};

describe('fault admin API', () => {
  it('validates the body with a specific message', async () => {
    const res = await addFault({ kind: 'explode' });
    expect(res.status).toBe(400);
    const body = res.body as { issues: { path: string }[] };
    expect(body.issues[0]?.path).toBe('kind');
    expect((await addFault({ kind: 'latency' })).status).toBe(400);
    expect((await addFault({ kind: 'status', count: 1, rate: 0.5 })).status).toBe(400);
  });

  it('lists and clears faults', async () => {
    expect((await addFault({ kind: 'status', status: 503, count: 2 })).status).toBe(201);
    const listed = (await (await fetch(`${base}/__sim/faults`)).json()) as {
      faults: { kind: string; remaining: number }[];
    };
    expect(listed.faults).toEqual([expect.objectContaining({ kind: 'status', remaining: 2 })]);
    await fetch(`${base}/__sim/faults`, { method: 'DELETE' });
    expect(controller.list()).toHaveLength(0);
    expect((await fetch(`${base}/api/a`)).status).toBe(200);
  });
});

describe('fault kinds', () => {
  it('status applies to the next N calls only, with the system error body', async () => {
    await addFault({ kind: 'status', status: 503, count: 2 });
    const first = await fetch(`${base}/api/a`);
    expect(first.status).toBe(503);
    const body = (await first.json()) as { data: null; errors: { code: number; message: string }[] };
    expect(body.data).toBeNull();
    expect(body.errors[0]?.code).toBe(503);
    expect(body.errors[0]?.message).toContain('503');
    expect((await fetch(`${base}/api/b`)).status).toBe(503);
    expect((await fetch(`${base}/api/a`)).status).toBe(200);
    expect(controller.list()).toHaveLength(0);
  });

  it('does not touch /__sim/ routes', async () => {
    await addFault({ kind: 'status', status: 500 });
    expect((await fetch(`${base}/__sim/faults`)).status).toBe(200);
    expect((await fetch(`${base}/api/a`)).status).toBe(500);
  });

  it('honours pathPrefix', async () => {
    await addFault({ kind: 'status', status: 502, pathPrefix: '/api/b', count: 1 });
    expect((await fetch(`${base}/api/a`)).status).toBe(200);
    expect((await fetch(`${base}/api/b?x=1`)).status).toBe(502);
  });

  it('rate_limit sends Retry-After by default and omits it when null', async () => {
    await addFault({ kind: 'rate_limit', count: 1, retryAfterSeconds: 7 });
    const limited = await fetch(`${base}/api/a`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    await addFault({ kind: 'rate_limit', count: 1, retryAfterSeconds: null });
    const bare = await fetch(`${base}/api/a`);
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
  });

  it('rate applies by probability', async () => {
    await addFault({ kind: 'status', status: 500, rate: 0.3 });
    dice = 0.9;
    expect((await fetch(`${base}/api/a`)).status).toBe(200);
    dice = 0.1;
    expect((await fetch(`${base}/api/a`)).status).toBe(500);
  });
});

describe('fault kinds: connection and body faults', () => {
  it('reset destroys the connection', async () => {
    await addFault({ kind: 'reset', count: 1 });
    await expect(fetch(`${base}/api/a`)).rejects.toThrow();
    expect((await fetch(`${base}/api/a`)).status).toBe(200);
  });

  it('timeout never answers until the client gives up, and does not block close()', async () => {
    await addFault({ kind: 'timeout', count: 1 });
    const outcome = await fetch(`${base}/api/a`, { signal: AbortSignal.timeout(200) }).then(
      () => 'answered',
      (err: unknown) => (err instanceof Error ? err.name : 'error'),
    );
    expect(outcome).toBe('TimeoutError');
    await addFault({ kind: 'timeout', count: 1 });
    const hanging = fetch(`${base}/api/a`).catch(() => 'closed');
    await new Promise((r) => setTimeout(r, 50));
    await app.close();
    expect(await hanging).toBe('closed');
  });

  it('malformed answers 200 with a truncated body', async () => {
    await addFault({ kind: 'malformed', count: 1 });
    const res = await fetch(`${base}/api/a`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(text.startsWith('{"data"')).toBe(true);
  });

  it('latency delays and then lets the call through', async () => {
    await addFault({ kind: 'latency', latencyMs: 30, count: 1 });
    const res = await fetch(`${base}/api/a`);
    expect(await res.json()).toEqual({ ok: 'a' });
    expect(controller.list()).toHaveLength(0);
  });
});
