// Outbound-call regressions (issue 14): no redirect followed with credentials, https only, no private targets unless
// listed, and failures that neither echo a remote body nor tell an unknown host from a closed port.
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';

import { buildApp } from '../../src/app/http/app.js';
import { loggerOptions } from '../../src/app/http/logger.js';
import { buildTestApp } from '../helpers/app.js';
import { injectAs, loginAs } from '../helpers/http.js';

import type { FastifyInstance } from 'fastify';
import type { IncomingHttpHeaders, RequestListener, Server } from 'node:http';
import type { Server as TcpServer } from 'node:net';
import type { TestApp } from '../helpers/app.js';
import type { Session } from '../helpers/http.js';

type World = { t: TestApp; app: FastifyInstance; admin: Session; log: string[] };
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A crmhub app on a fresh database whose every log line (trace level) is kept. */
async function world(env: Record<string, string> = {}): Promise<World> {
  const t = await buildTestApp({ env });
  const log: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      log.push(chunk.toString());
      done();
    },
  });
  const app = await buildApp({ ...t.deps, metrics: new Registry() }, { logger: pino(loggerOptions('trace'), sink) });
  await app.ready();
  cleanups.push(async () => {
    await app.close();
    await t.close();
  });
  return { t, app, admin: await loginAs(app, t.deps.db, 'portal_admin'), log };
}

/** Listens on a free loopback port, closes after the test, and gives the port. */
async function listenLocal(s: Server | TcpServer): Promise<number> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        s.close(() => {
          resolve();
        });
      }),
  );
  const address = s.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** A local HTTP server recording each request it receives. */
async function server(handler: RequestListener): Promise<{ url: string; hits: IncomingHttpHeaders[] }> {
  const hits: IncomingHttpHeaders[] = [];
  const s: Server = createServer((request, response) => {
    hits.push(request.headers);
    handler(request, response);
  });
  return {
    url: `http://127.0.0.1:${String(await listenLocal(s))}`,
    hits,
  };
}

type Problem = { code: string; reason?: string; detail?: string; errors?: { field: string }[] };

async function connectCrm(w: World, baseUrl: string): Promise<{ status: number; body: Problem; raw: string }> {
  const response = await injectAs(w.app, w.admin, {
    method: 'POST',
    url: '/api/connections/crm',
    payload: { system: 'simplicate', baseUrl, apiKey: 'the-key', apiSecret: 'the-secret-0123456789' },
  });
  return { status: response.statusCode, body: response.json<Problem>(), raw: response.body };
}

describe('redirects', () => {
  it('answers a redirect with an error naming the Location; the credentials never reach it', async () => {
    const w = await world();
    const collector = await server((_request, response) => response.writeHead(200).end('{}'));
    const crm = await server((_request, response) =>
      response.writeHead(302, { location: `${collector.url}/collect` }).end(),
    );
    const answer = await connectCrm(w, crm.url);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'connection_failed', reason: 'redirected' });
    expect(answer.body.detail).toContain(`${collector.url}/collect`);
    expect(crm.hits[0]?.['authentication-secret']).toBe('the-secret-0123456789');
    expect(collector.hits).toEqual([]);
  });
});

describe('https only, loopback for development', () => {
  it('refuses plain http to a host that is not loopback, before any call', async () => {
    const w = await world();
    const answer = await connectCrm(w, 'http://kantoor.simplicate.nl');
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      code: 'url_not_allowed',
      reason: 'insecure_url',
      errors: [{ field: 'body.baseUrl' }],
    });
  });

  it('refuses loopback when crmhub was not started with the development flag', async () => {
    const w = await world({ CRMHUB_ALLOW_INSECURE_LOOPBACK: 'false' });
    const crm = await server((_request, response) => response.writeHead(200).end('{}'));
    for (const baseUrl of [crm.url, crm.url.replace('127.0.0.1', 'localhost'), 'https://127.0.0.1:1']) {
      const answer = await connectCrm(w, baseUrl);
      expect(answer.body).toMatchObject({ code: 'url_not_allowed', reason: 'loopback' });
    }
    expect(crm.hits).toEqual([]);
  });

  it('refuses an http AccountView environment, so the client secret and code are never posted in clear text', async () => {
    const w = await world();
    const response = await injectAs(w.app, w.admin, {
      method: 'POST',
      url: '/api/callerid/accountview/connect',
      payload: {
        apiKey: 'key',
        apiSecret: 'secret',
        companyId: 'C1',
        environmentUrl: 'http://accountview.example.com',
      },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'url_not_allowed', reason: 'insecure_url' });
  });
});

describe('private addresses', () => {
  it('refuses private, link-local (metadata) and CGNAT addresses', async () => {
    const w = await world();
    for (const baseUrl of ['https://10.0.0.1', 'https://169.254.169.254', 'https://100.64.0.1', 'https://[fd00::1]']) {
      const answer = await connectCrm(w, baseUrl);
      expect(answer.body).toMatchObject({ code: 'url_not_allowed', reason: 'private_address' });
    }
  });

  it('connects to a private address that CRMHUB_ALLOW_PRIVATE_URLS lists, and only then', async () => {
    let connections = 0;
    const tcp = createTcpServer((socket) => {
      connections++;
      socket.destroy();
    });
    // Linux routes 0.0.0.0 (in the refused "this network" range) to this host: a private target that exists here.
    const baseUrl = `https://0.0.0.0:${String(await listenLocal(tcp))}`;
    const refused = await connectCrm(await world(), baseUrl);
    expect(refused.body).toMatchObject({ code: 'url_not_allowed', reason: 'private_address' });
    expect(connections).toBe(0);
    const listed = await connectCrm(await world({ CRMHUB_ALLOW_PRIVATE_URLS: 'crm.kantoor.lan, 0.0.0.0/32' }), baseUrl);
    expect(listed.body).toMatchObject({ code: 'connection_failed', reason: 'unreachable' });
    expect(connections).toBe(1);
  });
});

describe('error details', () => {
  it('never echo the body of a server error, in the answer or the log', async () => {
    const w = await world();
    const secret = 'INTERNAL-SECRET-7f3a9c';
    const html = await server((_request, response) =>
      response.writeHead(500, { 'content-type': 'text/html' }).end(`<html><body>db password ${secret}</body></html>`),
    );
    const json = await server((_request, response) =>
      response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: secret })),
    );
    for (const crm of [html, json]) {
      const answer = await connectCrm(w, crm.url);
      expect(answer.status).toBe(422);
      expect(answer.raw).not.toContain(secret);
    }
    expect(w.log.join('\n')).not.toContain(secret);
  });

  it('say the same for a closed port and an unknown host (no port-scan oracle)', async () => {
    const w = await world();
    const closed = await server((_request, response) => response.end());
    const closedUrl = closed.url.replace('http:', 'https:');
    await cleanups.pop()?.();
    const refused = await connectCrm(w, closedUrl);
    const unknown = await connectCrm(w, 'https://nowhere.invalid');
    const shape = (answer: { raw: string }, host: string) => answer.raw.replaceAll(host, '<host>');
    expect(shape(refused, new URL(closedUrl).host)).toEqual(shape(unknown, 'nowhere.invalid'));
    expect(refused.body).toMatchObject({ code: 'connection_failed', reason: 'unreachable' });
  });
});
