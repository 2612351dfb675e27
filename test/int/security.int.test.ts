// Security regressions, one test per finding of the hardening review: headers, bad input at the edge, tokens in logs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../../src/app/http/app.js';
import { buildLoggingApp, buildTestApp } from '../helpers/app.js';
import { postPhoneSystem } from '../helpers/callerid.js';
import { injectAs, loginAs, postLogin } from '../helpers/http.js';

import type { FastifyInstance } from 'fastify';
import type { TestApp } from '../helpers/app.js';
import type { Session } from '../helpers/http.js';

let t: TestApp;
let app: FastifyInstance;
let port: number;
let admin: Session;
let logLines: string[];
const TOKEN = 'pbxtoken0123456789abcdefTOKEN';

beforeAll(async () => {
  t = await buildTestApp();
  ({ app, logLines } = await buildLoggingApp(t.deps));
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  port = Number(new URL(address).port);
  admin = await loginAs(app, t.deps.db, 'portal_admin');
});
afterAll(async () => {
  await app.close();
  await t.close();
});

/** Sends a request exactly as written (no client normalises the address), returns status, headers and body. */
function rawRequest(target: string, extraHeaders = ''): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: localhost\r\n${extraHeaders}Connection: close\r\n\r\n`);
    });
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), head: head.toLowerCase(), body: rest.join('\r\n\r\n') });
    });
  });
}

function expectProblem(answer: { status: number; head: string; body: string }, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(answer.head).toContain('content-type: application/problem+json');
  expect(JSON.parse(answer.body)).toMatchObject({ status, code });
}

describe('security headers', () => {
  it('every answer forbids framing and sniffing, sends no Referer and allows no inline script', async () => {
    for (const url of ['/healthz', '/api/setup', '/api/nope', '/api/docs']) {
      const response = await app.inject({ url });
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.headers['referrer-policy'], url).toBe('no-referrer');
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).toMatch(/frame-ancestors 'none'/);
      expect(csp, url).toMatch(/script-src 'self'/);
      expect(csp, url).not.toMatch(/unsafe-inline/);
      expect(csp, url).not.toMatch(/nonce-/);
    }
  });

  it("the UI's page alone allows its own <style> elements, by a nonce fresh for each answer", async () => {
    const webRoot = await mkdtemp(path.join(tmpdir(), 'crmhub-web-'));
    await writeFile(path.join(webRoot, 'index.html'), '<html><head><title>crmhub</title></head></html>');
    const withUi = await buildApp({ ...t.deps, metrics: new Registry(), webRoot });
    try {
      const nonces = [];
      for (const url of ['/', '/review', '/index.html']) {
        const page = await withUi.inject({ url, headers: { accept: 'text/html' } });
        const nonce = /<meta name="csp-nonce" content="([0-9a-f]{32})"/.exec(page.body)?.[1];
        expect(nonce, url).toBeDefined();
        expect(String(page.headers['content-security-policy']), url).toContain(
          `style-src 'self' 'nonce-${String(nonce)}'`,
        );
        nonces.push(nonce);
      }
      expect(new Set(nonces).size).toBe(3);
      const api = await withUi.inject({ url: '/api/setup' });
      expect(String(api.headers['content-security-policy'])).not.toMatch(/nonce-/);
    } finally {
      await withUi.close();
      await rm(webRoot, { recursive: true, force: true });
    }
  });
});

describe('/metrics', () => {
  it('is off without CRMHUB_METRICS_TOKEN and asks for the bearer token when it is set', async () => {
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(404);
    const secured = await buildTestApp({ env: { CRMHUB_METRICS_TOKEN: 'scrape-token-0123456789' } });
    try {
      expect((await secured.app.inject({ url: '/metrics' })).json()).toMatchObject({ code: 'metrics_token_invalid' });
      const wrong = await secured.app.inject({ url: '/metrics', headers: { authorization: 'Bearer nope' } });
      expect(wrong.statusCode).toBe(401);
      const right = await secured.app.inject({
        url: '/metrics',
        headers: { authorization: 'Bearer scrape-token-0123456789' },
      });
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain('crmhub_http_request_duration_seconds');
    } finally {
      await secured.close();
    }
  });
});

describe('bad input at the edge is a 4xx problem, never a 500', () => {
  it('a NUL byte in an anonymous login', async () => {
    const response = await postLogin(app, 'anna\u0000@kantoor.nl', 'x');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'body.email' }] });
  });

  it('a lone UTF-16 surrogate in crmExternalId', async () => {
    const response = await injectAs(app, admin, {
      method: 'POST',
      url: '/api/administrations/00000000-0000-4000-8000-000000000000/link',
      headers: { 'content-type': 'application/json' },
      payload: '{"crmExternalId":"organization:\\ud800x","mode":"manual"}',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'body.crmExternalId' }] });
  });

  it('a NUL byte in a query string', async () => {
    const response = await injectAs(app, admin, { url: '/api/audit?field=%00' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'query.field' }] });
  });

  it('static paths the UI cannot serve are 404', async () => {
    for (const target of ['/%2e%2e/x', '/%00', '/assets/%00.js', '/..%2f..%2fetc/passwd']) {
      expectProblem(await rawRequest(target), 404, 'not_found');
    }
  });

  it('a badly percent-encoded address and over-large headers are problem+json', async () => {
    expectProblem(await rawRequest('/api/%E0%A4%A'), 400, 'malformed_url');
    expectProblem(await rawRequest('/', `X-Big: ${'y'.repeat(20_000)}\r\n`), 431, 'headers_too_large');
  });
});

describe('call events', () => {
  it('a signed call event must be application/json', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/callerid/events',
      headers: { 'content-type': 'text/plain' },
      payload: '{"callId":"c-1"}',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('a URL-template call dated more than 24 hours from now is refused (2001, 2286)', async () => {
    const created = await postPhoneSystem(app, admin, 'Clock test');
    const { token } = created.json<{ token: string }>();
    const call = (timestamp: string): Promise<{ statusCode: number; json: () => unknown }> =>
      app.inject({
        url: `/api/callerid/pbx/${token}/c-${timestamp}/0612345678/201/INCOMING_RINGING/x/in/${timestamp}`,
      });
    for (const timestamp of ['978307200', '9999999999']) {
      const refused = await call(timestamp);
      expect(refused.statusCode, timestamp).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'call_event_invalid', errors: [{ field: 'timestamp' }] });
    }
    expect((await call(String(Math.floor(Date.now() / 1000)))).statusCode).toBe(200);
  });
});

describe('a phone-system token in the address never reaches the log', () => {
  it('not for a matching call, a segment over 100 characters, an encoded slash, 404 or 431', async () => {
    const tail = `/call-1/0612345678/201/INCOMING_RINGING/x/in/${String(Math.floor(Date.now() / 1000))}`;
    await rawRequest(`/api/callerid/pbx/${TOKEN}${tail}`);
    await rawRequest(`/api/callerid/pbx/${TOKEN}${'a'.repeat(120)}${tail}`);
    await rawRequest(`/api/callerid/pbx/${TOKEN}%2Fextra${tail}`);
    await rawRequest(`/api/callerid/pbx/${TOKEN}`);
    await rawRequest(`/api/callerid/pbx/${TOKEN}${tail}`, `X-Big: ${'y'.repeat(20_000)}\r\n`);
    await rawRequest(`/api/callerid/pbx%2F${TOKEN}${tail}`);
    const log = logLines.join('');
    expect(log).toContain('/api/callerid/pbx/[redacted]');
    expect(log).not.toContain(TOKEN);
  });
});
