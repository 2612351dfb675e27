// Checks the connector HTTP client against a real local server: retries, Retry-After, backoff, timeouts and the
// network failure kinds that the UI turns into plain messages.
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { backoffDelay, classifyFetchError, createHttpClient, parseRetryAfter } from './http.js';
import { recordedSleep } from './http.testing.js';

import type { FastifyInstance } from 'fastify';
import type { HttpOptions } from './http.js';

let app: FastifyInstance;
let base: string;
let script: { status: number; headers?: Record<string, string>; body?: string }[];
let hits: number;
let sleeps: number[];

beforeEach(async () => {
  hits = 0;
  sleeps = [];
  script = [];
  app = Fastify({ forceCloseConnections: true });
  app.all('/x', (_request, reply) => {
    hits++;
    const step = script.shift() ?? { status: 200, body: '{"ok":true}' };
    return reply
      .code(step.status)
      .headers({ 'content-type': 'application/json', ...step.headers })
      .send(step.body ?? '{}');
  });
  app.get('/hang', () => new Promise(() => undefined));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  base = typeof address === 'object' && address !== null ? `http://127.0.0.1:${String(address.port)}` : '';
});

afterEach(async () => {
  await app.close();
});

const client = (extra: HttpOptions = {}) =>
  createHttpClient({
    sleep: recordedSleep(sleeps),
    random: () => 0.5,
    systemName: 'Simplicate',
    // The test server listens on http://127.0.0.1.
    outbound: { allowInsecureLoopback: true, allowPrivate: [] },
    ...extra,
  });

describe('retries', () => {
  it('retries 5xx with growing backoff and returns the final success', async () => {
    script = [{ status: 500 }, { status: 502 }, { status: 200, body: '{"data":1}' }];
    const res = await client({ baseDelayMs: 100 }).request({ method: 'GET', url: `${base}/x` });
    expect(res.ok && res.value.json).toEqual({ data: 1 });
    expect(hits).toBe(3);
    expect(sleeps).toEqual([75, 150]);
  });

  it('honours Retry-After in seconds on 429', async () => {
    script = [{ status: 429, headers: { 'retry-after': '7' } }, { status: 200 }];
    const res = await client().request({ method: 'GET', url: `${base}/x` });
    expect(res.ok && res.value.status).toBe(200);
    expect(sleeps).toEqual([7000]);
  });

  it('returns the last response when attempts run out, with Retry-After parsed', async () => {
    script = [1, 2, 3].map(() => ({ status: 429, headers: { 'retry-after': '2' } }));
    const res = await client({ maxAttempts: 3 }).request({ method: 'GET', url: `${base}/x` });
    expect(res.ok && res.value.status).toBe(429);
    expect(res.ok && res.value.retryAfterMs).toBe(2000);
    expect(hits).toBe(3);
  });

  it('does not wait out a Retry-After longer than the cap', async () => {
    script = [{ status: 429, headers: { 'retry-after': '3600' } }];
    const res = await client({ maxRetryAfterMs: 60_000 }).request({ method: 'GET', url: `${base}/x` });
    expect(res.ok && res.value.status).toBe(429);
    expect(hits).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('does not retry 4xx other than 429', async () => {
    script = [{ status: 401, body: '{"errors":[{"message":"nope"}]}' }];
    const res = await client().request({ method: 'GET', url: `${base}/x` });
    expect(res.ok && res.value.status).toBe(401);
    expect(hits).toBe(1);
  });

  it('does not repeat a POST after a 500 (it may have been applied) but does after 429', async () => {
    script = [{ status: 500 }];
    const res = await client().request({ method: 'POST', url: `${base}/x`, body: '{}' });
    expect(res.ok && res.value.status).toBe(500);
    expect(hits).toBe(1);
    script = [{ status: 429, headers: { 'retry-after': '0' } }, { status: 200 }];
    const again = await client().request({ method: 'POST', url: `${base}/x`, body: '{}' });
    expect(again.ok && again.value.status).toBe(200);
  });

  it('treats a 2xx that is not JSON as malformed when JSON is expected, and retries it', async () => {
    script = [
      { status: 200, body: '{"data":[{"id":' },
      { status: 200, body: '{"data":[]}' },
    ];
    const res = await client().request({ method: 'GET', url: `${base}/x`, expectJson: true });
    expect(res.ok && res.value.json).toEqual({ data: [] });
    script = [1, 2].map(() => ({ status: 200, body: '{"trunc' }));
    const bad = await client({ maxAttempts: 2 }).request({ method: 'GET', url: `${base}/x`, expectJson: true });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toMatchObject({ code: 'transient', network: 'malformed_response' });
      expect(bad.error.message).toContain('incomplete or invalid answer');
    }
  });
});

describe('network failures', () => {
  it('keeps the timeout kind for retries, but words it like every other failure to reach', async () => {
    const res = await client({ timeoutMs: 100, maxAttempts: 2 }).request({ method: 'GET', url: `${base}/hang` });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.network).toBe('timeout');
      expect(res.error.message).toBe(`Could not reach Simplicate at ${new URL(base).host}`);
    }
  });

  it('retries a refused connection', async () => {
    await app.close();
    const res = await client({ maxAttempts: 2 }).request({ method: 'GET', url: `${base}/x` });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error).toMatchObject({ code: 'transient', network: 'connection_refused' });
      expect(sleeps).toHaveLength(1);
    }
  });

  it('reports an unknown host at once, without retrying', async () => {
    let calls = 0;
    const resolve = (hostname: string) => {
      calls++;
      return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
    };
    const res = await client({ resolve }).request({ method: 'GET', url: 'https://firma.simplicate.nl/api/v2' });
    expect(calls).toBe(1);
    expect(!res.ok && res.error).toMatchObject({
      network: 'unknown_host',
      message: 'Could not reach Simplicate at firma.simplicate.nl',
    });
  });

  it('words an unknown host and a refused port the same (no port-scan oracle)', async () => {
    await app.close();
    const port = new URL(base).port;
    const resolve = (hostname: string) =>
      hostname === 'closed.example'
        ? Promise.resolve([{ address: '127.0.0.1', family: 4 }])
        : Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    const call = (host: string) =>
      client({ resolve, maxAttempts: 1 }).request({ method: 'GET', url: `https://${host}:${port}/x` });
    const refused = await call('closed.example');
    const unknown = await call('nowhere.example');
    expect(!refused.ok && refused.error.network).toBe('connection_refused');
    expect(!unknown.ok && unknown.error.network).toBe('unknown_host');
    const words = (r: typeof refused) => (r.ok ? null : r.error.message.replace(/closed|nowhere/, 'X'));
    expect(words(refused)).toBe(words(unknown));
  });

  it('classifies resets', () => {
    const reset = new TypeError('fetch failed', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    expect(classifyFetchError(reset).kind).toBe('connection_reset');
  });
});

describe('helpers', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-03-10T09:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 10 Mar 2025 09:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 10 Mar 2025 08:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('backs off exponentially within [half, full] and caps', () => {
    expect(backoffDelay(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelay(3, 100, 10_000, () => 0.999)).toBe(400);
    expect(backoffDelay(20, 100, 1000, () => 0)).toBe(500);
  });
});
