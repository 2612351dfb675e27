// Call events in (signed JSON, URL template), idempotency, matching, assignment rules and firm context in pop-ups.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { fetchUserEventsSince } from '../../src/adapters/db/repos/callerid-events.repo.js';
import { ensurePortal } from '../../src/adapters/db/repos/users.repo.js';
import { applyCallerIdRetention } from '../../src/app/jobs/callerid-retention.job.js';
import { DEFAULT_PORTAL_NAME } from '../../src/app/use-cases/users.js';
import { buildTestApp } from '../helpers/app.js';
import {
  addPhoneSystem,
  callEvent,
  crmOrganizationRecord,
  deVriesRecord,
  insertCallerIdSources,
  janDeVriesMobile,
  linkAdministrationWithPending,
  phoneRecord,
  postPhoneSystem,
  setUpCallerIdUser,
  signedHeaders,
} from '../helpers/callerid.js';
import { injectAs, loginAs } from '../helpers/http.js';

import type { PopupPayload } from '../../src/app/use-cases/callerid/popups.js';
import type { TestApp } from '../helpers/app.js';
import type { Session } from '../helpers/http.js';

let t: TestApp;
let admin: Session;
let anna: Session; // extension 201, assigned to AccountView
let bart: Session; // extension 202, assigned to nothing
let carla: Session; // extension 203 and a direct number, assigned to the CRM only
let accountView: string;
let crm: string;
let pbx: { id: string; token: string; webhookSecret: string };
let callSeq = 0;

const nextCallId = (): string => `call-${String(++callSeq)}`;

beforeAll(async () => {
  t = await buildTestApp();
  admin = await loginAs(t.app, t.deps.db, 'portal_admin');
  anna = await loginAs(t.app, t.deps.db, 'employee');
  bart = await loginAs(t.app, t.deps.db, 'employee');
  carla = await loginAs(t.app, t.deps.db, 'employee');
  ({ accountView, crm } = await insertCallerIdSources(t.deps.db, {
    accountView: [
      deVriesRecord,
      janDeVriesMobile('10042', { kvk: '12345678' }),
      phoneRecord({ recordId: '10050', raw: '+31 30 555 0000', name: 'Garage Smit' }),
      phoneRecord({ recordId: '10051', raw: '030 5550000', name: 'Smit Beheer' }),
      phoneRecord({ recordId: '10060', raw: 'KvK 87654321', name: 'Not a phone' }),
    ],
    crm: [
      crmOrganizationRecord({
        recordId: 'org-1',
        raw: '+31 20 123 4567',
        name: 'Bakkerij de Vries B.V.',
        kvk: '12345678',
      }),
    ],
  }));
  await setUpCallerIdUser(t.deps.db, { userId: anna.userId, phones: ['201'], connectionIds: [accountView] });
  await setUpCallerIdUser(t.deps.db, { userId: bart.userId, phones: ['202'], connectionIds: [] });
  await setUpCallerIdUser(t.deps.db, { userId: carla.userId, phones: ['203', '020 760 4099'], connectionIds: [crm] });
  pbx = await addPhoneSystem(t.deps.db, t.deps.secretBox);
});
afterAll(async () => {
  await t.close();
});

let seen = new Map<string, number>();
beforeEach(async () => {
  seen = new Map();
  for (const s of [anna, bart, carla, admin]) seen.set(s.userId, await lastSeq(s.userId));
});

async function lastSeq(userId: string): Promise<number> {
  const row = await t.deps.db
    .selectFrom('callerid_streams')
    .select('last_seq')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.last_seq ?? 0;
}

/** The pop-ups a user got since this test started. */
async function popupsOf(session: Session): Promise<PopupPayload[]> {
  const events = await fetchUserEventsSince(t.deps.db, session.userId, seen.get(session.userId) ?? 0, 100);
  return events.map((e) => e.payload as PopupPayload);
}

function post(body: string, headers: Record<string, string>) {
  return t.app.inject({ method: 'POST', url: '/api/callerid/events', payload: body, headers });
}

function postSigned(body: string, timestamp?: number) {
  return post(body, signedHeaders(pbx.webhookSecret, body, timestamp));
}

describe('signed JSON call events', () => {
  it('pops up for the user whose extension rings, with the matched records, link and KvK', async () => {
    const callId = nextCallId();
    const response = await postSigned(callEvent({ callId, from: '+31 (0)20 1234567', extension: '201' }));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'new', callId, state: 'ringing', result: 'match', recipients: 1 });
    const [popup, ...rest] = await popupsOf(anna);
    expect(rest).toEqual([]);
    expect(popup).toMatchObject({
      callId,
      state: 'ringing',
      result: 'match',
      ambiguous: false,
      number: { e164: '+31201234567', display: '020 123 4567', kind: 'e164' },
    });
    // Anna is assigned to AccountView only: the Simplicate record with the same number is not shown to her.
    expect(popup?.companies).toHaveLength(1);
    expect(popup?.companies[0]).toMatchObject({ name: 'Bakkerij De Vries', kvk: '12345678', relationNumber: '10042' });
    expect(popup?.companies[0]?.records[0]).toMatchObject({
      source: 'accountview',
      system: 'AccountView',
      matchedField: 'TEL_BUS',
      matchedNumber: '020-123 45 67',
      matchKind: 'exact',
      link: { system: 'AccountView' },
    });
    expect(await popupsOf(bart)).toEqual([]);
    expect(await popupsOf(carla)).toEqual([]);
  });

  it('ranks the personal mobile first and updates the same pop-up on answered and ended; duplicates change nothing', async () => {
    const callId = nextCallId();
    const ringing = callEvent({ callId, from: '0612345678', extension: '201' });
    expect((await postSigned(ringing)).json()).toMatchObject({ status: 'new', result: 'match' });
    // The same event again (a PBX retry, newly signed) is a duplicate.
    expect((await postSigned(ringing)).json()).toMatchObject({ status: 'duplicate', recipients: 0 });
    const answered = callEvent({ callId, from: '0612345678', extension: '201', state: 'answered' });
    expect((await postSigned(answered)).json()).toMatchObject({ status: 'updated', recipients: 1 });
    expect((await postSigned(answered)).json()).toMatchObject({ status: 'duplicate' });
    // An older state after a newer one is ignored too.
    expect((await postSigned(ringing)).json()).toMatchObject({ status: 'duplicate' });
    expect(
      (await postSigned(callEvent({ callId, from: '0612345678', extension: '201', state: 'ended' }))).json(),
    ).toMatchObject({
      status: 'updated',
    });
    const popups = await popupsOf(anna);
    expect(popups.map((p) => p.state)).toEqual(['ringing', 'answered', 'ended']);
    expect(new Set(popups.map((p) => p.callPk)).size).toBe(1);
    expect(popups[0]?.companies[0]?.records.map((r) => r.matchedField)).toEqual(['TEL_MOB']);
    expect(popups[2]?.endedAt).not.toBeNull();
    const calls = await t.deps.db
      .selectFrom('calls')
      .select(['state', 'answered_at', 'ended_at'])
      .where('call_id', '=', callId)
      .execute();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.state).toBe('ended');
  });

  it('pops up a call whose ringing event was lost when its first event is answered', async () => {
    const callId = nextCallId();
    const answered = await postSigned(
      callEvent({ callId, from: '020 123 45 67', extension: '201', state: 'answered' }),
    );
    expect(answered.json()).toMatchObject({ status: 'new', state: 'answered', result: 'match', recipients: 1 });
    expect((await postSigned(callEvent({ callId, from: '020 123 45 67', extension: '201' }))).json()).toMatchObject({
      status: 'duplicate',
    });
    await postSigned(callEvent({ callId, from: '020 123 45 67', extension: '201', state: 'ended' }));
    const popups = await popupsOf(anna);
    expect(popups.map((p) => p.state)).toEqual(['answered', 'ended']);
    expect(popups[1]?.companies[0]?.name).toBe('Bakkerij De Vries');
    expect(popups[1]?.answeredAt).toBe(popups[0]?.answeredAt);
    expect(popups[1]?.endedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('returns every equally good company and flags the ambiguity', async () => {
    const callId = nextCallId();
    await postSigned(callEvent({ callId, from: '030-555 00 00', extension: '201' }));
    const [popup] = await popupsOf(anna);
    expect(popup?.ambiguous).toBe(true);
    expect(popup?.companies.map((c) => c.name).sort()).toEqual(['Garage Smit', 'Smit Beheer']);
  });

  it('handles unknown, withheld, internal, too short and invalid callers explicitly', async () => {
    const cases = [
      ['+31 20 999 8888', 'no_match'],
      ['', 'withheld'],
      ['anonymous', 'withheld'],
      ['204', 'internal'],
      ['0612', 'too_short'],
      ['KvK 87654321', 'invalid'],
    ] as const;
    for (const [from, result] of cases) {
      const response = await postSigned(callEvent({ callId: nextCallId(), from, extension: '201' }));
      expect(response.json(), from).toMatchObject({ status: 'new', result, recipients: 1 });
    }
    const popups = await popupsOf(anna);
    expect(popups.map((p) => p.result)).toEqual(cases.map(([, result]) => result));
    expect(popups.every((p) => p.companies.length === 0)).toBe(true);
    expect(popups[0]?.number).toMatchObject({ e164: '+31209998888', kind: 'e164' });
  });

  it('does not index a KvK number typed in a phone field', async () => {
    const rows = await t.deps.db
      .selectFrom('phone_index')
      .select('record_id')
      .where('connection_id', '=', accountView)
      .execute();
    expect(rows.map((r) => r.record_id).sort()).toEqual(['10042', '10042', '10050', '10051']);
  });

  it('rings a user by direct number and shows only the sources assigned to them', async () => {
    const callId = nextCallId();
    const response = await postSigned(callEvent({ callId, from: '020 1234567', to: '+31 20 760 4099' }));
    expect(response.json()).toMatchObject({ recipients: 1 });
    const [popup] = await popupsOf(carla);
    expect(popup?.companies[0]?.records.map((r) => r.source)).toEqual(['simplicate']);
    expect(popup?.companies[0]?.records[0]?.link?.url).toBe('https://kantoor.simplicate.nl/crm/organization/org-1');
    expect(await popupsOf(anna)).toEqual([]);
  });

  it('sends nothing to a user without an assigned source, and no pop-up for outbound calls', async () => {
    expect(
      (await postSigned(callEvent({ callId: nextCallId(), from: '020 1234567', extension: '202' }))).json(),
    ).toMatchObject({
      recipients: 0,
    });
    const out = await postSigned(
      JSON.stringify({
        callId: nextCallId(),
        state: 'ringing',
        from: '201',
        to: '020 1234567',
        extension: '201',
        direction: 'out',
        timestamp: Math.floor(Date.now() / 1000),
      }),
    );
    expect(out.json()).toMatchObject({ status: 'new', result: 'match', recipients: 0 });
    expect(await popupsOf(anna)).toEqual([]);
    expect(await popupsOf(bart)).toEqual([]);
  });

  it('refuses unsigned, wrongly signed, replayed and malformed events with precise codes', async () => {
    const body = callEvent({ callId: nextCallId(), from: '020 1234567', extension: '201' });
    const unsigned = await post(body, { 'content-type': 'application/json' });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json()).toMatchObject({ code: 'webhook_timestamp_invalid' });
    const noSignature = await post(body, {
      'content-type': 'application/json',
      'x-crmhub-timestamp': String(Math.floor(Date.now() / 1000)),
    });
    expect(noSignature.json()).toMatchObject({
      code: 'webhook_signature_invalid',
      detail: expect.stringMatching(/missing/) as unknown,
    });
    const wrong = await post(body, signedHeaders('not-the-secret', body));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'webhook_signature_invalid' });
    expect(JSON.stringify(wrong.json())).not.toContain(pbx.webhookSecret);
    const replayed = await postSigned(body, Math.floor(Date.now() / 1000) - 3600);
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json()).toMatchObject({
      code: 'webhook_timestamp_invalid',
      detail: expect.stringMatching(/replayed/) as unknown,
    });
    const tampered = await post(body.replace('201', '202'), signedHeaders(pbx.webhookSecret, body));
    expect(tampered.json()).toMatchObject({ code: 'webhook_signature_invalid' });
    const notJson = await postSigned('{"callId":');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ code: 'call_event_invalid' });
    const incomplete = await postSigned(
      JSON.stringify({ callId: 'x', state: 'ringing', from: '', to: '', direction: 'sideways', timestamp: 1 }),
    );
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json()).toMatchObject({ code: 'call_event_invalid', errors: [{ field: 'direction' }] });
    expect(await popupsOf(anna)).toEqual([]);
  });
});

describe('URL-template call events', () => {
  const url = (token: string, segments: readonly string[]) =>
    `/api/callerid/pbx/${encodeURIComponent(token)}/${segments.map(encodeURIComponent).join('/')}`;
  const now = () => String(Math.floor(Date.now() / 1000));

  it('accepts the VOIPZeker-style GET with the phone-system token, idempotent by call id', async () => {
    const callId = nextCallId();
    const ringing = url(pbx.token, [
      callId,
      '+31 20 123 45 67',
      '201',
      'INCOMING_RINGING',
      'Inkomend gesprek',
      'in',
      now(),
    ]);
    const first = await t.app.inject({ url: ringing });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'new', result: 'match', recipients: 1 });
    expect((await t.app.inject({ url: ringing })).json()).toMatchObject({ status: 'duplicate' });
    const connected = url(pbx.token, [callId, '+31 20 123 45 67', '201', 'CONNECTED', 'Verbonden', 'in', now()]);
    expect((await t.app.inject({ url: connected })).json()).toMatchObject({ status: 'updated', state: 'answered' });
    const withheld = url(pbx.token, [nextCallId(), '', '201', 'INCOMING_RINGING', 'x', 'in', now()]);
    expect((await t.app.inject({ url: withheld })).json()).toMatchObject({ result: 'withheld' });
    expect((await popupsOf(anna)).map((p) => `${p.state}:${p.result}`)).toEqual([
      'ringing:match',
      'answered:match',
      'ringing:withheld',
    ]);
  });

  it('refuses a wrong token and bad segments', async () => {
    const bad = await t.app.inject({
      url: url('wrong-token', [nextCallId(), '0201234567', '201', 'INCOMING_RINGING', 'x', 'in', now()]),
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ code: 'pbx_token_invalid' });
    const status = await t.app.inject({
      url: url(pbx.token, [nextCallId(), '0201234567', '201', 'RINGING', 'x', 'in', now()]),
    });
    expect(status.statusCode).toBe(400);
    expect(status.json()).toMatchObject({ code: 'call_event_invalid', errors: [{ field: 'status' }] });
    const direction = await t.app.inject({
      url: url(pbx.token, [nextCallId(), '0201234567', '201', 'INCOMING_RINGING', 'x', 'out', now()]),
    });
    expect(direction.json()).toMatchObject({ code: 'call_event_invalid', errors: [{ field: 'direction' }] });
  });
});

describe('phone systems, firm context, call logs and retention', () => {
  it('rotating a phone system invalidates its old token and secret', async () => {
    const created = await postPhoneSystem(t.app, admin, 'Rotating PBX');
    expect(created.statusCode).toBe(201);
    const first = created.json<{ id: string; token: string; webhookSecret: string; endpoints: { events: string } }>();
    expect(first.endpoints.events).toMatch(/\/api\/callerid\/events$/);
    const rotated = await injectAs(t.app, admin, {
      method: 'POST',
      url: `/api/callerid/pbx-integrations/${first.id}/rotate`,
      payload: {},
    });
    const second = rotated.json<{ token: string; webhookSecret: string }>();
    expect(second.token).not.toBe(first.token);
    const body = callEvent({ callId: nextCallId(), from: '0201234567', extension: '201' });
    expect((await post(body, signedHeaders(first.webhookSecret, body))).statusCode).toBe(401);
    expect((await post(body, signedHeaders(second.webhookSecret, body))).statusCode).toBe(200);
    const stored = await t.deps.db
      .selectFrom('pbx_integrations')
      .select(['token_hash', 'webhook_secret_enc'])
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(second.token);
    expect(stored.webhook_secret_enc).not.toContain(second.webhookSecret);
    expect(
      (await injectAs(t.app, admin, { method: 'DELETE', url: `/api/callerid/pbx-integrations/${first.id}` }))
        .statusCode,
    ).toBe(204);
    expect((await post(body, signedHeaders(second.webhookSecret, body))).statusCode).toBe(401);
  });

  it('shows pending approvals of the caller’s linked administration, only to users who may see its domain', async () => {
    const { domainId, administrationId } = await linkAdministrationWithPending(t.deps.db, {
      connectionId: crm,
      crmExternalId: 'org-1',
      pendingFields: ['phone', 'email'],
      domainName: 'De Vries Holding',
      administrationName: 'Bakkerij De Vries B.V.',
    });
    // The administrator is assigned to both sources and rings on 209; Carla (employee) has no access to the domain.
    await setUpCallerIdUser(t.deps.db, { userId: admin.userId, phones: ['209'], connectionIds: [accountView, crm] });
    await postSigned(callEvent({ callId: nextCallId(), from: '0201234567', extension: '209' }));
    const [forAdmin] = await popupsOf(admin);
    expect(forAdmin?.companies).toHaveLength(1);
    expect(forAdmin?.companies[0]?.records.map((r) => r.source).sort()).toEqual(['accountview', 'simplicate']);
    expect(forAdmin?.companies[0]?.administrations).toEqual([
      {
        administrationId,
        name: 'Bakkerij De Vries B.V.',
        domain: 'De Vries Holding',
        pendingApprovals: 2,
        pendingFields: ['email', 'phone'],
      },
    ]);
    await postSigned(callEvent({ callId: nextCallId(), from: '0201234567', to: '020 760 4099' }));
    const [forCarla] = await popupsOf(carla);
    expect(forCarla?.companies[0]?.administrations).toEqual([]);
    await t.deps.db.insertInto('user_domains').values({ user_id: carla.userId, domain_id: domainId }).execute();
    await postSigned(callEvent({ callId: nextCallId(), from: '0201234567', to: '020 760 4099' }));
    const [, again] = await popupsOf(carla);
    expect(again?.companies[0]?.administrations.map((a) => a.pendingApprovals)).toEqual([2]);
    // Given all domains (also future ones) instead of this one, she still sees it.
    await t.deps.db.deleteFrom('user_domains').where('user_id', '=', carla.userId).execute();
    await t.deps.db.updateTable('users').set({ all_domains: true }).where('id', '=', carla.userId).execute();
    await postSigned(callEvent({ callId: nextCallId(), from: '0201234567', to: '020 760 4099' }));
    const [, , withAll] = await popupsOf(carla);
    expect(withAll?.companies[0]?.administrations.map((a) => a.pendingApprovals)).toEqual([2]);
  });

  it('lists the portal call log for administrators and each user’s own log', async () => {
    const callId = nextCallId();
    // A later start than every other call of this file, so it is first in the newest-first log.
    await postSigned(
      callEvent({ callId, from: '020 1234567', extension: '201', timestamp: Math.floor(Date.now() / 1000) + 60 }),
    );
    const portal = await injectAs(t.app, admin, { url: '/api/callerid/calls?limit=5' });
    expect(portal.statusCode).toBe(200);
    const newest = portal.json<{
      calls: { callId: string; result: string; bestCompany: string; recipients: { userId: string }[] }[];
    }>().calls[0];
    expect(newest).toMatchObject({ callId, result: 'match', recipients: [{ userId: anna.userId }] });
    const mine = await injectAs(t.app, anna, { url: '/api/callerid/calls/mine?limit=100' });
    const calls = mine.json<{ calls: { callId: string; bestCompany: string | null }[] }>().calls;
    expect(calls[0]).toMatchObject({ callId, bestCompany: 'Bakkerij De Vries' });
    expect((await injectAs(t.app, bart, { url: '/api/callerid/calls/mine' })).json()).toEqual({ calls: [] });
    expect((await injectAs(t.app, anna, { url: '/api/callerid/calls' })).statusCode).toBe(403);
  });

  it('deletes calls older than the retention period', async () => {
    const portalId = await ensurePortal(t.deps.db, DEFAULT_PORTAL_NAME);
    const old = new Date(Date.now() - 91 * 86_400_000);
    await t.deps.db
      .insertInto('calls')
      .values({
        portal_id: portalId,
        pbx_integration_id: pbx.id,
        call_id: 'ancient',
        source: 'json',
        direction: 'in',
        state: 'ended',
        state_rank: 2,
        external_raw: '0201234567',
        callee_raw: '',
        result: 'match',
        started_at: old,
        matches: '[]',
      })
      .execute();
    const before = await t.deps.db.selectFrom('calls').select('call_id').execute();
    const deleted = await applyCallerIdRetention(t.deps);
    expect(deleted.calls).toBe(1);
    const after = await t.deps.db.selectFrom('calls').select('call_id').execute();
    expect(after.map((c) => c.call_id)).not.toContain('ancient');
    expect(after).toHaveLength(before.length - 1);
  });
});
