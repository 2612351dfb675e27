// A whole sync setup for integration tests: Simplicate and Yuki simulators with the same seed (so KvK/VAT numbers
// match), a crmhub on a fresh database, an administrator, and both connections made through the API.
import { setTimeout as sleep } from 'node:timers/promises';

import { startTestSimplicateSim } from '../../src/sims/simplicate/testing.js';
import { startTestYukiSim } from '../../src/sims/yuki/testing.js';
import { TEST_PASSWORD } from './http.js';
import { startTestServer } from './server.js';

import type { TestSimplicateSim } from '../../src/sims/simplicate/testing.js';
import type { ListeningTestSim } from '../../src/sims/yuki/testing.js';
import type { TestServer } from './server.js';

export type ApiClient = {
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
};

export type SyncWorld = {
  readonly crm: TestSimplicateSim;
  readonly yuki: ListeningTestSim;
  readonly server: TestServer;
  readonly admin: ApiClient;
  readonly crmConnectionId: string;
  simJson<T>(base: string, path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  close(): Promise<void>;
};

/** Logs in through the real API and keeps the cookie and CSRF token. */
export async function apiClient(baseUrl: string, credentials: { email: string; password: string }): Promise<ApiClient> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    async request<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      return { status: response.status, body: (type.includes('json') && text !== '' ? JSON.parse(text) : text) as T };
    },
  };
}

export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(100);
  }
}

export async function startSyncWorld(
  options: { orgs?: number; seed?: number; webhookSecret?: string } = {},
): Promise<SyncWorld> {
  const seed = options.seed ?? 11;
  const orgs = options.orgs ?? 12;
  const crm = await startTestSimplicateSim({ orgs, seed });
  const yuki = await startTestYukiSim({ orgs, seed });
  const server = await startTestServer();
  const setup = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@kantoor.nl', password: TEST_PASSWORD, name: 'Anna Admin' }),
  });
  if (setup.status !== 201) throw new Error(`setup failed: ${await setup.text()}`);
  const admin = await apiClient(server.url, { email: 'admin@kantoor.nl', password: TEST_PASSWORD });
  const simJson = async <T>(base: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const response = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      ...(init.body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const connected = await admin.request<{ id: string }>('POST', '/api/connections/crm', {
    system: 'simplicate',
    baseUrl: crm.url,
    apiKey: crm.key,
    apiSecret: crm.secret,
    ...(options.webhookSecret === undefined ? {} : { webhookSecret: options.webhookSecret }),
  });
  if (connected.status !== 201) throw new Error(`CRM connect failed: ${JSON.stringify(connected.body)}`);
  const creds = await simJson<{ portalId: string; accessKeys: { key: string }[]; platformTokens: { token: string }[] }>(
    yuki.url,
    '/__sim/credentials',
  );
  const portal = await admin.request('POST', '/api/connections/portal', {
    accessKey: creds.accessKeys[0]?.key,
    platformToken: creds.platformTokens[0]?.token,
    portalId: creds.portalId,
    baseUrl: yuki.url,
  });
  if (portal.status !== 201) throw new Error(`portal connect failed: ${JSON.stringify(portal.body)}`);
  // The first full read of the CRM runs as a job.
  await eventually(async () => {
    const row = await server.deps.db
      .selectFrom('crm_organizations')
      .select(server.deps.db.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return row.count >= orgs;
  });
  return {
    crm,
    yuki,
    server,
    admin,
    crmConnectionId: connected.body.id,
    simJson,
    async close() {
      await server.close();
      await crm.close();
      await yuki.close();
    },
  };
}
