// Live pop-ups over SSE across two crmhub instances on one database (LISTEN/NOTIFY), replay by Last-Event-ID,
// heartbeats, the PBX simulator end to end, and the shipped 3CX template run against the real lookup route.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateSecretKey } from '../../src/adapters/crypto/secret-box.js';
import { ensurePortal } from '../../src/adapters/db/repos/users.repo.js';
import { parseThreeCxTemplate, runThreeCxLookup } from '../../src/adapters/pbx/threecx-template.js';
import { placeDemoCall, setUpDemoCallerId } from '../../src/app/cli/callerid-demo.js';
import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { createUser, DEFAULT_PORTAL_NAME } from '../../src/app/use-cases/users.js';
import { startPbxSim } from '../../src/sims/pbx/sim.js';
import { callEvent, phoneRecord, setUpRinging, signedHeaders, startTestPbxSim } from '../helpers/callerid.js';
import { createTestDb } from '../helpers/db.js';
import { TEST_PASSWORD } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';
import { openSse } from '../helpers/sse-client.js';

import type { PopupPayload } from '../../src/app/use-cases/callerid/popups.js';
import type { TestDatabase } from '../helpers/db.js';
import type { TestServer } from '../helpers/server.js';
import type { SseClient, SseMessage } from '../helpers/sse-client.js';

let database: TestDatabase;
let a: TestServer;
let b: TestServer;
let cookie: string;
let pbx: { id: string; token: string; webhookSecret: string };
let connection: string;

async function login(server: TestServer, email: string): Promise<string> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  expect(response.status).toBe(200);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0] ?? '';
}

async function postEvent(server: TestServer, body: string): Promise<Response> {
  return fetch(`${server.url}/api/callerid/events`, {
    method: 'POST',
    headers: signedHeaders(pbx.webhookSecret, body),
    body,
  });
}

const popupOf = (m: SseMessage): PopupPayload => JSON.parse(m.data) as PopupPayload;
const isCall = (callId: string, state: string) => (m: SseMessage) =>
  m.event === 'call' && popupOf(m).callId === callId && popupOf(m).state === state;

beforeAll(async () => {
  database = await createTestDb();
  // Instances of one installation share the master key (stored secrets are encrypted with it).
  const env = { CRMHUB_SECRET_KEY: generateSecretKey() };
  a = await startTestServer({ database, env });
  b = await startTestServer({ database, env });
  const email = 'anna@kantoor.nl';
  const user = mustSucceed(
    await createUser(database.db, { email, name: 'Anna', password: TEST_PASSWORD, role: 'employee' }),
  );
  ({ connectionId: connection, pbx } = await setUpRinging(database.db, a.deps.secretBox, user.id, [
    phoneRecord({
      recordId: '10043',
      raw: '06 23456789',
      name: 'Piet Jansen',
      field: 'work_mobile',
      recordKind: 'contact_person',
      companyId: 'org-43',
      personal: true,
      company: 'Jansen Installatie',
    }),
  ]));
  cookie = await login(a, email);
});
afterAll(async () => {
  await a.close();
  await b.close();
  await database.close();
});

describe('pop-up stream', () => {
  let stream: SseClient;

  it('refuses a request that does not accept an event stream', async () => {
    const response = await fetch(`${a.url}/api/callerid/stream`, { headers: { cookie } });
    expect(response.status).toBe(406);
    expect(await response.json()).toMatchObject({ code: 'not_acceptable' });
    expect((await fetch(`${a.url}/api/callerid/stream`, { headers: { accept: 'text/event-stream' } })).status).toBe(
      401,
    );
  });

  it('delivers an event posted to instance B to the stream held by instance A, and its updates', async () => {
    stream = await openSse(`${a.url}/api/callerid/stream?heartbeatSeconds=1`, { cookie });
    expect(stream.status).toBe(200);
    await stream.waitFor((m) => m.event === 'ready');
    const callId = 'two-instances-1';
    expect((await postEvent(b, callEvent({ callId, from: '+31201234567', extension: '201' }))).status).toBe(200);
    const ringing = popupOf(await stream.waitFor(isCall(callId, 'ringing')));
    expect(ringing.companies[0]?.name).toBe('Bakkerij De Vries');
    await postEvent(b, callEvent({ callId, from: '+31201234567', extension: '201', state: 'answered' }));
    await postEvent(a, callEvent({ callId, from: '+31201234567', extension: '201', state: 'ended' }));
    await stream.waitFor(isCall(callId, 'ended'));
    const states = stream.messages
      .filter((m) => m.event === 'call' && popupOf(m).callId === callId)
      .map((m) => popupOf(m).state);
    expect(states).toEqual(['ringing', 'answered', 'ended']);
    const ids = stream.messages.filter((m) => m.event === 'call').map((m) => Number(m.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
  });

  it('sends heartbeats', async () => {
    const before = stream.comments.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(stream.comments.slice(before)).toContain('heartbeat');
  });

  it('replays what was missed after a reconnect with Last-Event-ID, and nothing twice', async () => {
    const lastEventId = stream.lastEventId ?? '';
    stream.close();
    await postEvent(b, callEvent({ callId: 'while-away', from: '06-23456789', extension: '201' }));
    await postEvent(b, callEvent({ callId: 'while-away', from: '06-23456789', extension: '201', state: 'ended' }));
    stream = await openSse(`${b.url}/api/callerid/stream`, { cookie, lastEventId });
    await stream.waitFor(isCall('while-away', 'ended'));
    const calls = stream.messages
      .filter((m) => m.event === 'call')
      .map((m) => `${popupOf(m).callId}:${popupOf(m).state}`);
    expect(calls).toEqual(['while-away:ringing', 'while-away:ended']);
    const first = await stream.waitFor((m) => m.event === 'call');
    expect(popupOf(first).companies[0]?.name).toBe('Jansen Installatie');
  });

  it('keeps delivering after the LISTEN connection is killed (it reconnects and catches up)', async () => {
    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'crmhub-popups'`.execute(
      database.db,
    );
    await postEvent(a, callEvent({ callId: 'after-kill', from: '0201234567', extension: '201' }));
    await stream.waitFor(isCall('after-kill', 'ringing'), 15_000);
    stream.close();
  });
});

describe('PBX simulator and 3CX end to end', () => {
  it('turns a simulated call sent on both channels into one pop-up that follows the call', async () => {
    const stream = await openSse(`${a.url}/api/callerid/stream`, { cookie });
    await stream.waitFor((m) => m.event === 'ready');
    const sim = await startTestPbxSim(b.url, pbx);
    try {
      const call = await sim.placeCall({ from: '020 123 45 67', extension: '201', direction: 'in' });
      expect(call.deliveries.every((d) => d.status === 200)).toBe(true);
      await stream.waitFor(isCall(call.callId, 'ended'));
      const states = stream.messages
        .filter((m) => m.event === 'call' && popupOf(m).callId === call.callId)
        .map((m) => popupOf(m).state);
      expect(states).toEqual(['ringing', 'answered', 'ended']);
    } finally {
      stream.close();
      await sim.close();
    }
  });

  it('sets a demo user up and rings their extension from an indexed number (crmhub demo)', async () => {
    const email = 'demo@kantoor.nl';
    const user = mustSucceed(
      await createUser(database.db, { email, name: 'Demo', password: TEST_PASSWORD, role: 'employee' }),
    );
    const portalId = await ensurePortal(database.db, DEFAULT_PORTAL_NAME);
    const credentials = await setUpDemoCallerId(a.deps, {
      portalId,
      userId: user.id,
      extension: '205',
      connectionIds: [connection],
    });
    const stream = await openSse(`${a.url}/api/callerid/stream`, { cookie: await login(a, email) });
    await stream.waitFor((m) => m.event === 'ready');
    const sim = await startPbxSim({
      target: a.url,
      mode: 'json',
      secret: credentials.webhookSecret,
      ratePerSecond: 0,
      timeScale: 0,
      extensions: ['205'],
    });
    try {
      const from = await placeDemoCall(a.deps, sim, { extension: '205', connectionId: connection });
      const popup = popupOf(await stream.waitFor((m) => m.event === 'call' && popupOf(m).state === 'ended'));
      expect(popup.result).toBe('match');
      expect(popup.number.raw).toBe(from);
    } finally {
      stream.close();
      await sim.close();
    }
  });

  it('runs the lookup scenario of integrations/3cx/crmhub.xml against the real route', async () => {
    const xml = readFileSync(path.resolve(import.meta.dirname, '../../integrations/3cx/crmhub.xml'), 'utf8');
    const template = parseThreeCxTemplate(xml);
    if (!template.ok) throw new Error(template.error.message);
    const lookup = (number: string, token = pbx.token) =>
      runThreeCxLookup(template.value, { number, parameters: { ServerUrl: a.url, ApiToken: token }, fetch });
    const known = await lookup('0201234567');
    expect(known.ok && known.value.matched).toBe(true);
    if (!known.ok) throw new Error(known.error.message);
    expect(known.value.number).toBe('+31201234567');
    expect(known.value.contacts[0]).toMatchObject({
      CompanyName: 'Bakkerij De Vries',
      PhoneBusiness: '+31201234567',
      EntityType: 'Accounts',
    });
    const mobile = await lookup('+31 6 23456789');
    expect(mobile.ok && mobile.value.contacts[0]).toMatchObject({
      PhoneMobile: '+31623456789',
      FirstName: 'Piet',
      LastName: 'Jansen',
      CompanyName: 'Jansen Installatie',
    });
    const unknown = await lookup('+31 20 999 99 99');
    expect(unknown.ok && unknown.value.matched).toBe(false);
    const refused = await lookup('0201234567', 'wrong');
    expect(refused.ok ? 'ok' : refused.error.code).toBe('http_error');
    // Lookups are in the portal call log, written in a batch shortly after the answers.
    const logged = async () =>
      (await database.db.selectFrom('calls').select('result').where('source', '=', '3cx').execute())
        .map((c) => c.result)
        .sort();
    for (let i = 0; i < 50 && (await logged()).length < 3; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await logged()).toEqual(['match', 'match', 'no_match']);
  });
});
