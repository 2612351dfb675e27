// Voys / VoIPGRID call notifications over HTTP: token and sender allow-list, multi-device ringing, replays, out of
// order, withheld and unknown destinations, ignored input, and the token never in a log line.
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { fetchUserEventsSince, latestUserSeq } from '../../src/adapters/db/repos/callerid-events.repo.js';
import { buildLoggingApp, buildTestApp } from '../helpers/app.js';
import {
  addPhoneSystem,
  deVriesRecord,
  indexRecords,
  insertSourceConnection,
  setUpCallerIdUser,
} from '../helpers/callerid.js';
import { injectAs, loginAs } from '../helpers/http.js';

import type { FastifyInstance } from 'fastify';
import type { PopupPayload } from '../../src/app/use-cases/callerid/popups.js';
import type { TestApp } from '../helpers/app.js';
import type { Session } from '../helpers/http.js';

let t: TestApp;
let logged: { app: FastifyInstance; logLines: string[] };
let admin: Session;
let anna: Session; // extension 201
let carla: Session; // known to Voys by her e-mail address only
let pbx: { id: string; token: string };
let seq = 0;
const CARLA = 'carla.voys@kantoor.nl';

beforeAll(async () => {
  t = await buildTestApp();
  logged = await buildLoggingApp(t.deps);
  admin = await loginAs(t.app, t.deps.db, 'portal_admin');
  anna = await loginAs(t.app, t.deps.db, 'employee');
  carla = await loginAs(t.app, t.deps.db, 'employee', CARLA);
  const source = await insertSourceConnection(t.deps.db, { system: 'accountview', role: 'callerid_source' });
  await indexRecords(t.deps.db, source, [deVriesRecord]);
  await setUpCallerIdUser(t.deps.db, { userId: anna.userId, phones: ['201'], connectionIds: [source] });
  await setUpCallerIdUser(t.deps.db, { userId: carla.userId, phones: [], connectionIds: [source] });
  pbx = await addPhoneSystem(t.deps.db, t.deps.secretBox, 'Voys');
});
afterAll(async () => {
  await logged.app.close();
  await t.close();
});

const since = new Map<string, number>();
beforeEach(async () => {
  for (const s of [anna, carla]) since.set(s.userId, await latestUserSeq(t.deps.db, s.userId));
});

async function popupsOf(session: Session): Promise<PopupPayload[]> {
  const events = await fetchUserEventsSince(t.deps.db, session.userId, since.get(session.userId) ?? 0, 100);
  return events.map((e) => e.payload as PopupPayload);
}

/** A notification in the documented v2 shape; `destination` names the ringing account and users ([I] its detail). */
function notification(callId: string, status: string, extra: Record<string, unknown> = {}, atMs = Date.now()) {
  return {
    call_id: callId,
    timestamp: new Date(atMs).toISOString().replace('Z', '+00:00'),
    status,
    version: 'v2',
    direction: 'inbound',
    caller: { number: '+31201234567', name: null, account_number: null, user_numbers: [], user_emails: [] },
    destination: { number: '+31207604000' },
    ...extra,
  };
}

const ringsAnna = { destination: { number: '+31207604000', account_number: '201', user_numbers: ['201'] } };

function send(body: unknown, options: { token?: string; ip?: string } = {}) {
  return t.app.inject({
    method: 'POST',
    url: `/api/callerid/pbx/${options.token ?? pbx.token}/voys`,
    headers: { 'content-type': 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
    remoteAddress: options.ip ?? '127.0.0.1',
  });
}

const nextCall = (): string => `voys-${String(++seq)}-${String(Date.now())}`;

describe('Voys call notifications', () => {
  it('created → ringing (twice, more devices) → in-progress → ended pops up once per user and follows the call', async () => {
    const callId = nextCall();
    expect((await send(notification(callId, 'created'))).json()).toMatchObject({ status: 'new', recipients: 0 });
    const ring = await send(notification(callId, 'ringing', ringsAnna));
    expect(ring.json()).toMatchObject({ status: 'updated', step: 'ringing', recipients: 1, result: 'match' });
    // Carla's phone starts ringing too: only she is added; Anna gets nothing twice.
    const more = {
      destination: { number: '+31207604000', account_number: '201', user_numbers: ['201'], user_emails: [CARLA] },
    };
    expect((await send(notification(callId, 'ringing', more))).json()).toMatchObject({
      status: 'updated',
      recipients: 1,
    });
    expect((await send(notification(callId, 'ringing', more))).json()).toMatchObject({ status: 'duplicate' });
    expect((await send(notification(callId, 'in-progress', ringsAnna))).json()).toMatchObject({
      status: 'updated',
      state: 'answered',
      recipients: 2,
    });
    expect((await send(notification(callId, 'ended', ringsAnna))).json()).toMatchObject({ state: 'ended' });
    expect((await popupsOf(anna)).map((p) => p.state)).toEqual(['ringing', 'answered', 'ended']);
    expect((await popupsOf(carla)).map((p) => p.state)).toEqual(['ringing', 'answered', 'ended']);
    const [first] = await popupsOf(anna);
    expect(first).toMatchObject({ channel: 'voys', callId, result: 'match', extension: '201' });
    expect(first?.companies[0]?.name).toBe('Bakkerij De Vries');
  });

  it('a replayed notification changes nothing; ended before ringing is not undone by the late ringing', async () => {
    const callId = nextCall();
    const ended = notification(callId, 'ended', ringsAnna);
    expect((await send(ended)).json()).toMatchObject({ status: 'new', state: 'ended' });
    expect((await send(ended)).json()).toMatchObject({ status: 'duplicate' });
    const late = notification(callId, 'ringing', ringsAnna, Date.now() - 5_000);
    expect((await send(late)).json()).toMatchObject({ status: 'duplicate' });
    // One pop-up, already ended (the web collapses it); no error pop-up, no second one.
    expect((await popupsOf(anna)).map((p) => p.state)).toEqual(['ended']);
  });

  it('a transfer pops the call up for its new party, answered', async () => {
    const callId = nextCall();
    await send(notification(callId, 'ringing', ringsAnna));
    await send(notification(callId, 'in-progress', ringsAnna));
    const transfer = notification(callId, 'cold-transfer', { destination: { number: '', user_emails: [CARLA] } });
    expect((await send(transfer)).json()).toMatchObject({ status: 'updated', step: 'transfer', recipients: 1 });
    expect((await popupsOf(carla)).map((p) => p.state)).toEqual(['answered']);
  });

  it('an anonymous caller is a withheld number, an unknown destination pops up for no one', async () => {
    const anonymous = notification(nextCall(), 'ringing', { ...ringsAnna, caller: { number: 'anonymous' } });
    expect((await send(anonymous)).json()).toMatchObject({ status: 'new', result: 'withheld', recipients: 1 });
    const nobody = notification(nextCall(), 'ringing', {
      destination: { number: '+31207609999', account_number: '299' },
    });
    expect((await send(nobody)).json()).toMatchObject({ status: 'new', recipients: 0 });
    expect((await popupsOf(anna)).map((p) => p.result)).toEqual(['withheld']);
    expect(await popupsOf(carla)).toEqual([]);
  });

  it('ignores unknown statuses, versions and stale notifications; names a missing field', async () => {
    const callId = nextCall();
    expect((await send(notification(callId, 'parked', ringsAnna))).json()).toMatchObject({
      status: 'ignored',
      reason: 'status_unknown',
      detail: 'parked',
    });
    expect((await send({ ...notification(callId, 'ringing', ringsAnna), version: 'v3' })).json()).toMatchObject({
      status: 'ignored',
      reason: 'version_unsupported',
    });
    const stale = notification(callId, 'ringing', ringsAnna, Date.now() - 3 * 24 * 3600_000);
    expect((await send(stale)).json()).toMatchObject({ status: 'ignored', reason: 'timestamp_stale' });
    const missing = await send({ ...notification(callId, 'ringing'), call_id: undefined });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'call_event_invalid', errors: [{ field: 'call_id' }] });
    expect((await send('not json')).json()).toMatchObject({ code: 'call_event_invalid' });
    expect(await popupsOf(anna)).toEqual([]);
  });

  it('needs the token and, when the phone system has an allow-list, a listed sender address', async () => {
    const bad = await send(notification(nextCall(), 'ringing', ringsAnna), { token: 'not-the-token' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ code: 'pbx_token_invalid' });
    const set = (allowedSenders: string[]) =>
      injectAs(t.app, admin, {
        method: 'PUT',
        url: `/api/callerid/pbx-integrations/${pbx.id}/allowed-senders`,
        payload: { allowedSenders },
      });
    const refused = await set(['voys.nl']);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ errors: [{ field: 'body.allowedSenders', code: 'senders_invalid' }] });
    expect((await set(['203.0.113.0/24'])).json()).toMatchObject({ allowedSenders: ['203.0.113.0/24'] });
    const outside = await send(notification(nextCall(), 'ringing', ringsAnna), { ip: '198.51.100.1' });
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({ code: 'pbx_sender_not_allowed' });
    const inside = await send(notification(nextCall(), 'ringing', ringsAnna), { ip: '203.0.113.9' });
    expect(inside.json()).toMatchObject({ status: 'new', recipients: 1 });
    expect((await set([])).json()).toMatchObject({ allowedSenders: [] });
    const list = await injectAs(t.app, admin, { url: '/api/callerid/pbx-integrations' });
    expect(list.json()).toMatchObject({ integrations: [{ id: pbx.id, allowedSenders: [] }] });
  });
});

describe('the Voys address never puts its token in a log line', () => {
  it('not for a notification, a refused or ignored one, a 404, or an address too long to read', async () => {
    const address = await logged.app.listen({ host: '127.0.0.1', port: 0 });
    const port = Number(new URL(address).port);
    const post = (path: string, body: string) =>
      fetch(`${address}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const base = `/api/callerid/pbx/${pbx.token}/voys`;
    expect((await post(base, JSON.stringify(notification(nextCall(), 'ringing', ringsAnna)))).status).toBe(200);
    expect((await post(base, JSON.stringify(notification(nextCall(), 'parked')))).status).toBe(200);
    expect((await post(base, '{"call_id": 1}')).status).toBe(400);
    expect((await post(`${base}/extra`, '{}')).status).toBe(404);
    expect((await post(`/api/callerid/pbx/${pbx.token}%2Fvoys`, '{}')).status).toBe(404);
    expect((await post(`${base}?x=${'a'.repeat(9_000)}`, '{}')).status).toBe(414);
    // Past Node's header limit the parser itself refuses the request line (431), before any route or log.
    const status = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`POST ${base}?x=${'b'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('error', reject);
      socket.on('close', () => {
        resolve(text.split(' ')[1] ?? '');
      });
    });
    expect(status).toBe('431');
    const log = logged.logLines.join('');
    expect(log).toContain('Voys notification ignored');
    expect(log).toContain('Voys notification refused');
    expect(log).not.toContain(pbx.token);
  });
});
