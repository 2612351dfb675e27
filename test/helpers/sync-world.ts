// A whole sync setup for integration tests: Simplicate and Yuki simulators with the same seed (so KvK/VAT numbers
// match), a crmhub on a fresh database, an administrator, and both connections made through the API. The crmhub can be
// restarted on the same database (same secret key), and every Yuki call that reached a handler is logged.
import { setTimeout as sleep } from 'node:timers/promises';

import { generateSecretKey } from '../../src/adapters/crypto/secret-box.js';
import { simJson } from '../../src/sims/shared/admin-client.js';
import { startTestSimplicateSim } from '../../src/sims/simplicate/testing.js';
import { testSim } from '../../src/sims/yuki/testing.js';
import { loginOverHttp, sessionFetch } from './api-session.js';
import { createTestDb } from './db.js';
import { TEST_PASSWORD } from './http.js';
import { startTestServer } from './server.js';

import type { Role } from '../../src/app/runtime.js';
import type { TestSimplicateSim } from '../../src/sims/simplicate/testing.js';
import type { ListeningTestSim } from '../../src/sims/yuki/testing.js';
import type { TestDatabase } from './db.js';
import type { TestServer } from './server.js';

export type ApiClient = {
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
};

/** A Yuki simulator request that got past fault injection and body parsing; `status` is what its handler answered. */
export type YukiRequest = { readonly method: string; readonly path: string; status: number | null };

/** Holds back the answers to matching Yuki requests after their handler ran (the write is done, the reply is late). */
export type ResponseHold = { readonly method: string; readonly path: string; readonly ms: number };

export type SyncWorld = {
  readonly crm: TestSimplicateSim;
  readonly yuki: ListeningTestSim;
  /** The current crmhub (replaced by `restart`). */
  readonly server: TestServer;
  readonly database: TestDatabase;
  /** The crmhub secret key, for another crmhub (e.g. a worker child process) on the same database. */
  readonly secretKey: string;
  readonly admin: ApiClient;
  readonly crmConnectionId: string;
  readonly yukiRequests: readonly YukiRequest[];
  /** Delays Yuki's answers to matching requests until the returned function is called. */
  holdYukiResponses(hold: ResponseHold): () => void;
  simJson<T>(base: string, path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  /** Stops crmhub and starts it again on the same database (optionally in another role); sessions stay valid. */
  restart(options?: { role?: Role }): Promise<void>;
  close(): Promise<void>;
};

/** Logs in through the real API and keeps the cookie and CSRF token; the base URL is read per request. */
export async function apiClient(
  baseUrl: string | (() => string),
  credentials: { email: string; password: string },
): Promise<ApiClient> {
  const base = typeof baseUrl === 'string' ? () => baseUrl : baseUrl;
  const session = await loginOverHttp(base(), credentials);
  return {
    async request<T>(method: string, path: string, body?: unknown) {
      const response = await sessionFetch(`${base()}${path}`, session, method, body);
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

/** A Yuki simulator on a free port whose handled requests are logged (hooks must be added before it listens). */
async function startLoggedYukiSim(
  seed: number,
  orgs: number,
  assumedCompanyApi: boolean,
): Promise<{ sim: ListeningTestSim; requests: YukiRequest[]; holds: Set<ResponseHold> }> {
  // The automatic write mode needs the undocumented company read and write; otherwise the simulator stays strict.
  const options = assumedCompanyApi ? { platformCompanyReads: true, platformCompanyWrite: true } : {};
  const sim = testSim({ seed, orgs, options });
  const requests: YukiRequest[] = [];
  const holds = new Set<ResponseHold>();
  const entries = new WeakMap<object, YukiRequest>();
  sim.app.addHook('preHandler', (request, _reply, done) => {
    if (!request.url.startsWith('/__sim/')) {
      const entry: YukiRequest = { method: request.method, path: request.url.split('?', 1)[0] ?? '', status: null };
      entries.set(request, entry);
      requests.push(entry);
    }
    done();
  });
  sim.app.addHook('onSend', async (request, reply) => {
    const entry = entries.get(request);
    if (entry === undefined) return;
    entry.status = reply.statusCode;
    const hold = [...holds].find((candidate) => candidate.method === entry.method && candidate.path === entry.path);
    if (hold !== undefined) await sleep(hold.ms);
  });
  await sim.app.listen({ port: 0, host: '127.0.0.1' });
  const address = sim.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { sim: { ...sim, url: `http://127.0.0.1:${String(port)}`, close: () => sim.app.close() }, requests, holds };
}

/** The administrator connects the Platform API with (simulated) Visma Connect, then re-imports the profiles. */
export async function connectVismaConnectOverHttp(
  admin: ApiClient,
  yukiUrl: string,
  yukiPortalId: string,
): Promise<void> {
  const client = (await (await fetch(`${yukiUrl}/__sim/visma-connect`)).json()) as {
    clientId: string;
    clientSecret: string;
  };
  const started = await admin.request<{ authorizationUrl: string }>('POST', '/api/connections/portal/visma-connect', {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    yukiPortalId,
  });
  if (started.status !== 200) throw new Error(`Visma Connect start failed: ${JSON.stringify(started.body)}`);
  const consent = await fetch(started.body.authorizationUrl, { redirect: 'manual' });
  const callback = await fetch(consent.headers.get('location') ?? '', { redirect: 'manual' });
  if (!(callback.headers.get('location') ?? '').includes('vismaconnect=connected')) {
    throw new Error(`Visma Connect callback failed: ${callback.headers.get('location') ?? String(callback.status)}`);
  }
  const imported = await admin.request('POST', '/api/connections/portal/import');
  if (imported.status !== 200) throw new Error(`portal import failed: ${JSON.stringify(imported.body)}`);
}

export async function startSyncWorld(
  options: {
    orgs?: number;
    seed?: number;
    webhookSecret?: string;
    pollIntervalSeconds?: number;
    /** Simplicate simulator options, e.g. `updatedAtFilter` (docs/external-systems/simplicate.md#modified-since). */
    crmOptions?: Record<string, unknown>;
    /** How approved changes reach Yuki (crmhub's default is assisted; most sync tests exercise the automatic write). */
    writeMode?: 'assisted' | 'automatic';
    /** A database made elsewhere (a benchmark outside vitest); by default a fresh test database. */
    database?: TestDatabase;
  } = {},
): Promise<SyncWorld> {
  const seed = options.seed ?? 11;
  const orgs = options.orgs ?? 12;
  const crm = await startTestSimplicateSim({
    orgs,
    seed,
    ...(options.crmOptions ? { options: options.crmOptions } : {}),
  });
  const writeMode = options.writeMode ?? 'automatic';
  const { sim: yuki, requests: yukiRequests, holds } = await startLoggedYukiSim(seed, orgs, writeMode === 'automatic');
  const database = options.database ?? (await createTestDb());
  const secretKey = generateSecretKey();
  const env = { CRMHUB_SECRET_KEY: secretKey };
  let server = await startTestServer({ database, env });
  const setup = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@kantoor.nl', password: TEST_PASSWORD, name: 'Anna Admin' }),
  });
  if (setup.status !== 201) throw new Error(`setup failed: ${await setup.text()}`);
  const admin = await apiClient(() => server.url, { email: 'admin@kantoor.nl', password: TEST_PASSWORD });
  const mode = await admin.request('PUT', '/api/settings/write-mode', { mode: writeMode });
  if (mode.status !== 200) throw new Error(`write mode failed: ${JSON.stringify(mode.body)}`);
  const connected = await admin.request<{ id: string }>('POST', '/api/connections/crm', {
    system: 'simplicate',
    baseUrl: crm.url,
    apiKey: crm.key,
    apiSecret: crm.secret,
    ...(options.webhookSecret === undefined ? {} : { webhookSecret: options.webhookSecret }),
    ...(options.pollIntervalSeconds === undefined ? {} : { pollIntervalSeconds: options.pollIntervalSeconds }),
  });
  if (connected.status !== 201) throw new Error(`CRM connect failed: ${JSON.stringify(connected.body)}`);
  const creds = await simJson<{ portalId: string; accessKeys: { key: string }[] }>(yuki.url, '/__sim/credentials');
  const portal = await admin.request('POST', '/api/connections/portal', {
    accessKey: creds.accessKeys[0]?.key,
    baseUrl: yuki.url,
  });
  if (portal.status !== 201) throw new Error(`portal connect failed: ${JSON.stringify(portal.body)}`);
  await connectVismaConnectOverHttp(admin, yuki.url, creds.portalId);
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
    get server() {
      return server;
    },
    database,
    secretKey,
    admin,
    crmConnectionId: connected.body.id,
    yukiRequests,
    holdYukiResponses(hold) {
      holds.add(hold);
      return () => {
        holds.delete(hold);
      };
    },
    simJson,
    async restart(restartOptions = {}) {
      await server.close();
      server = await startTestServer({ database, env, ...(restartOptions.role ? { role: restartOptions.role } : {}) });
    },
    async close() {
      await server.close();
      await database.close();
      await crm.close();
      await yuki.close();
    },
  };
}
