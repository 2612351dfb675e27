import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDb } from '../helpers/db.js';
import { TEST_PASSWORD } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';

import type { TestDatabase } from '../helpers/db.js';
import type { TestServer } from '../helpers/server.js';
import type { TcpProxy } from '../helpers/tcp-proxy.js';

let database: TestDatabase;
let proxy: TcpProxy;
let server: TestServer;
/** Every uncaught exception or unhandled rejection while the database comes and goes: in production each ends crmhub. */
const unhandled: unknown[] = [];
const collect = (error: unknown): void => {
  unhandled.push(error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : error);
};

beforeAll(async () => {
  process.on('uncaughtException', collect);
  process.on('unhandledRejection', collect);
  database = await createTestDb();
  const direct = new URL(database.url);
  proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  const viaProxy = new URL(database.url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  server = await startTestServer({
    database: { ...database, url: viaProxy.toString() },
    env: { CRMHUB_DATABASE_GRACE_SECONDS: '2' },
  });
});
afterAll(async () => {
  await proxy.restore().catch(() => undefined);
  await server.close();
  await proxy.close();
  await database.close();
  process.off('uncaughtException', collect);
  process.off('unhandledRejection', collect);
});

async function eventually(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('did not happen in time');
    await sleep(200);
  }
}

describe('losing the database while running', () => {
  it('answers 503 with Retry-After on /readyz and the API, and recovers by itself', async () => {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    await proxy.cut();
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
    expect(await ready.json()).toMatchObject({ code: 'database_unavailable' });

    const api = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.nl', password: TEST_PASSWORD }),
    });
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('5');
    expect(await api.json()).toMatchObject({ code: 'database_unavailable' });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    await proxy.restore();
    await eventually(async () => (await fetch(`${server.url}/readyz`)).status === 200);
    const setup = await fetch(`${server.url}/api/setup`);
    expect(setup.status).toBe(200);
  });

  it('raises no uncaught error or unhandled rejection while workers and the API lose the database', async () => {
    for (let outage = 0; outage < 3; outage += 1) {
      await proxy.cut();
      // Jobs keep polling, and a request runs into the outage mid-way.
      await fetch(`${server.url}/api/setup`).catch(() => undefined);
      await sleep(1_500);
      await proxy.restore();
      await eventually(async () => (await fetch(`${server.url}/readyz`)).status === 200);
    }
    await sleep(1_000);
    expect(unhandled).toEqual([]);
  });

  it('turns /healthz unhealthy once the database has been gone longer than the grace period, and healthy again', async () => {
    await proxy.cut();
    await eventually(async () => (await fetch(`${server.url}/healthz`)).status === 503);
    const unhealthy = await fetch(`${server.url}/healthz`);
    expect(await unhealthy.json()).toMatchObject({ code: 'database_unavailable' });
    await proxy.restore();
    await eventually(async () => (await fetch(`${server.url}/healthz`)).status === 200);
  });
});
