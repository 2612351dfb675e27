// The phone index fed by the AccountView simulator: full load, incremental by CNG_DATE, deletes (mark and sweep),
// single-record re-index, and lookups that never call AccountView.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findConnection } from '../../src/adapters/db/repos/connections.repo.js';
import { acquireIndexLease } from '../../src/adapters/db/repos/phone-index-sources.repo.js';
import { countPhoneEntries } from '../../src/adapters/db/repos/phone-index.repo.js';
import { ensurePortal } from '../../src/adapters/db/repos/users.repo.js';
import { connectAccountViewForDemo } from '../../src/app/cli/callerid-demo.js';
import { phoneSourceFor } from '../../src/app/use-cases/callerid/index-sources.js';
import { lookupCaller } from '../../src/app/use-cases/callerid/lookup.js';
import { reindexSourceRecord, runPhoneIndex } from '../../src/app/use-cases/callerid/phone-index.js';
import { DEFAULT_PORTAL_NAME } from '../../src/app/use-cases/users.js';
import { extractPhones } from '../../src/core/phone/extract.js';
import { startTestAccountViewSim } from '../../src/sims/accountview/testing.js';
import { buildTestApp } from '../helpers/app.js';
import { phoneRecord } from '../helpers/callerid.js';
import { injectAs, loginAs } from '../helpers/http.js';

import type { Connection } from '../../src/adapters/db/repos/connections.repo.js';
import type { PhoneSource } from '../../src/app/use-cases/callerid/index-sources.js';
import type { TestAccountViewSim } from '../../src/sims/accountview/testing.js';
import type { TestApp } from '../helpers/app.js';

let t: TestApp;
let sim: TestAccountViewSim;
let connection: Connection;
let source: PhoneSource;
let portalId: string;
let companyId: string;
const clock = { now: new Date('2026-03-02T09:00:00Z') };

/** Every TEL_BUS/TEL_MOB of the simulator's company that is a real phone number, as E.164. */
function expectedNumbers(): string[] {
  const tables = sim.state.tablesOf(companyId);
  const out: string[] = [];
  for (const row of tables?.contacts.scan(null, null) ?? []) {
    for (const field of ['TEL_BUS', 'TEL_MOB']) {
      const value = row[field];
      if (typeof value !== 'string' || value.trim() === '') continue;
      const extracted = extractPhones(value, { defaultCountry: 'NL' });
      if (extracted.kind === 'numbers') out.push(...extracted.numbers.map((n) => n.e164));
    }
  }
  return out.sort();
}

async function indexedNumbers(): Promise<string[]> {
  const rows = await t.deps.db
    .selectFrom('phone_index')
    .select('e164')
    .where('connection_id', '=', connection.id)
    .execute();
  return rows.map((r) => r.e164).sort();
}

async function simRequest(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${sim.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Connects the simulator as a portal admin and builds the connection's phone source. */
async function connectSimulator(): Promise<{ connection: Connection; source: PhoneSource }> {
  const admin = await loginAs(t.app, t.deps.db, 'portal_admin');
  // The demo's non-interactive connect: the real authorize → code → token flow with the simulator's auto-consent.
  const connected = await connectAccountViewForDemo(t.deps, {
    simUrl: sim.url,
    portalId,
    userId: admin.userId,
    redirectUri: 'http://localhost/api/callerid/accountview/callback',
  });
  const found = await findConnection(t.deps.db, connected.connectionId);
  if (found === null) throw new Error('no connection');
  const built = await phoneSourceFor(found, t.deps);
  if (!built.ok) throw new Error(built.error.message);
  return { connection: found, source: built.value };
}

beforeAll(async () => {
  sim = await startTestAccountViewSim({ orgs: 60, clock: () => clock.now });
  t = await buildTestApp({ clock: () => clock.now });
  portalId = await ensurePortal(t.deps.db, DEFAULT_PORTAL_NAME);
  ({ connection, source } = await connectSimulator());
  companyId = sim.companies[0]?.id ?? '';
});
afterAll(async () => {
  await t.close();
  await sim.close();
});

describe('phone index from AccountView', () => {
  it('loads every debtor and creditor phone number in full, skipping values that are not phone numbers', async () => {
    const outcome = await runPhoneIndex(t.deps, connection, source, { full: true });
    expect(outcome).toMatchObject({ status: 'done', full: true, swept: 0 });
    const expected = expectedNumbers();
    expect(expected.length).toBeGreaterThan(60);
    expect(await indexedNumbers()).toEqual(expected);
    const row = await t.deps.db
      .selectFrom('phone_index')
      .selectAll()
      .where('connection_id', '=', connection.id)
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(row.deep_link).toContain(`ShowCompany.aspx?id=${companyId}`);
    expect(row.tail).toBe(row.e164.replace(/\D/g, '').slice(-9));
  });

  it('finds an indexed number in any format, with AccountView stopped (no live call)', async () => {
    const [first] = await t.deps.db
      .selectFrom('phone_index')
      .select(['e164', 'record_id', 'field'])
      .where('connection_id', '=', connection.id)
      .where('e164', 'like', '+316%')
      .limit(1)
      .execute();
    if (first === undefined) throw new Error('no mobile number seeded');
    const national = `0${first.e164.slice(3)}`;
    const formats = [
      first.e164,
      `00${first.e164.slice(1)}`,
      `${national.slice(0, 2)}-${national.slice(2)}`,
      `+31 (0)${national.slice(1)}`,
    ];
    const halted = t.database.open();
    try {
      await sim.app.close(); // From here on AccountView cannot be reached at all.
      for (const raw of formats) {
        const view = await lookupCaller(halted.db, { portalId, raw });
        expect(view.result, raw).toBe('match');
        expect(
          view.companies.flatMap((c) => c.records.map((r) => r.recordId)),
          raw,
        ).toContain(first.record_id);
      }
    } finally {
      await halted.close();
      sim = await startTestAccountViewSim({ orgs: 60, clock: () => clock.now });
    }
  });
});

describe('lookup plans', () => {
  it('can answer both lookup shapes from an index even with a generic plan (named prepared statements)', async () => {
    const plans = await t.deps.db.connection().execute(async (conn) => {
      const run = async (text: string): Promise<string> => {
        const result = await sql.raw(text).execute(conn);
        return JSON.stringify(result.rows);
      };
      await run('SET plan_cache_mode = force_generic_plan');
      await run('SET enable_seqscan = off');
      await run('PREPARE by_tail(text) AS SELECT e164 FROM phone_index WHERE tail = $1 LIMIT 500');
      await run(
        'PREPARE by_suffix(text, text) AS SELECT e164 FROM phone_index WHERE reversed ~>=~ $1 AND reversed ~<~ $2 LIMIT 500',
      );
      const tail = await run("EXPLAIN EXECUTE by_tail('201234567')");
      const suffix = await run("EXPLAIN EXECUTE by_suffix('7654321', '765432:')");
      await run('DEALLOCATE ALL');
      await run('RESET ALL');
      return { tail, suffix };
    });
    expect(plans.tail).toMatch(/Index (Only )?Scan using phone_index_tail/);
    expect(plans.suffix).toMatch(/Index (Only )?Scan using phone_index_reversed/);
  });
});

describe('keeping the index current', () => {
  let simulatorRow: { SUB_NR: string; TEL_BUS: string; TEL_MOB: string };
  let world: { source: PhoneSource; connection: Connection };

  beforeAll(async () => {
    // A fresh simulator and connection for these tests (the previous one was stopped).
    clock.now = new Date('2026-03-03T09:00:00Z');
    world = await connectSimulator();
    connection = world.connection;
    companyId = sim.companies[0]?.id ?? '';
    expect(await runPhoneIndex(t.deps, world.connection, world.source, { full: true })).toMatchObject({
      status: 'done',
    });
    const tables = sim.state.tablesOf(companyId);
    const row = [...(tables?.contacts.scan(null, 'debtor') ?? [])].find(
      (r) => typeof r['TEL_MOB'] === 'string' && r['TEL_MOB'] !== '',
    );
    simulatorRow = {
      SUB_NR: String(row?.['SUB_NR']),
      TEL_BUS: String(row?.['TEL_BUS']),
      TEL_MOB: String(row?.['TEL_MOB']),
    };
  });

  it('picks up changed numbers incrementally (CNG_DATE) and drops numbers removed from a changed record', async () => {
    clock.now = new Date(clock.now.getTime() + 3600_000);
    const patched = await simRequest('PATCH', `/__sim/companies/${companyId}/records/AR1/${simulatorRow.SUB_NR}`, {
      TEL_BUS: '+32 3 123 45 67',
      TEL_MOB: '',
    });
    expect(patched.status).toBe(200);
    const outcome = await runPhoneIndex(t.deps, world.connection, world.source, { full: false });
    expect(outcome).toMatchObject({ status: 'done', full: false });
    // Only records changed since the cursor were read (CNG_DATE is inclusive, so the newest old one comes again).
    expect(outcome.status === 'done' ? outcome.records : -1).toBeGreaterThan(0);
    expect(outcome.status === 'done' ? outcome.records : 99).toBeLessThan(5);
    const rows = await t.deps.db
      .selectFrom('phone_index')
      .select(['field', 'e164'])
      .where('connection_id', '=', world.connection.id)
      .where('record_id', '=', simulatorRow.SUB_NR)
      .execute();
    expect(rows).toEqual([{ field: 'TEL_BUS', e164: '+3231234567' }]);
    expect((await lookupCaller(t.deps.db, { portalId, raw: '0032 3 123 45 67' })).result).toBe('match');
    expect(await indexedNumbers()).toEqual(expectedNumbers());
  });

  it('removes records deleted at the source on the next full reload (mark and sweep)', async () => {
    const tables = sim.state.tablesOf(companyId);
    const victims = [...(tables?.contacts.scan(null, 'creditor') ?? [])].slice(0, 3).map((r) => String(r['SUB_NR']));
    for (const key of victims)
      expect((await simRequest('DELETE', `/__sim/companies/${companyId}/records/AP1/${key}`)).status).toBe(204);
    await runPhoneIndex(t.deps, world.connection, world.source, { full: false });
    const still = await t.deps.db
      .selectFrom('phone_index')
      .select('record_id')
      .where('connection_id', '=', world.connection.id)
      .where('record_id', 'in', victims)
      .execute();
    expect(still.length).toBeGreaterThan(0); // an incremental run cannot see deletions
    const outcome = await runPhoneIndex(t.deps, world.connection, world.source, { full: true });
    expect(outcome.status === 'done' ? outcome.swept : -1).toBe(still.length);
    expect(await indexedNumbers()).toEqual(expectedNumbers());
    expect(await countPhoneEntries(t.deps.db, world.connection.id)).toBe(expectedNumbers().length);
  });

  it('re-indexes one record from a webhook, and forgets it when it is gone', async () => {
    const scope = { kind: 'record', recordKind: 'debtor', recordId: simulatorRow.SUB_NR } as const;
    const written = await reindexSourceRecord(t.deps, world.connection.id, scope, [
      phoneRecord({ recordId: simulatorRow.SUB_NR, raw: '010-7654321', name: 'Nieuw' }),
      phoneRecord({ recordId: simulatorRow.SUB_NR, raw: 'geen', field: 'TEL_MOB', name: 'Nieuw' }),
    ]);
    expect(written).toEqual({ deleted: 1, written: 1, skipped: 1 });
    expect((await lookupCaller(t.deps.db, { portalId, raw: '+31107654321' })).companies[0]?.records[0]?.recordId).toBe(
      simulatorRow.SUB_NR,
    );
    expect(await reindexSourceRecord(t.deps, world.connection.id, scope, [])).toEqual({
      deleted: 1,
      written: 0,
      skipped: 0,
    });
    expect((await lookupCaller(t.deps.db, { portalId, raw: '+31107654321' })).result).toBe('no_match');
    // An incremental run leaves a re-indexed record alone; a full reload removes it when the source has no such record.
    const ghost = { kind: 'record', recordKind: 'debtor', recordId: '99999' } as const;
    await reindexSourceRecord(t.deps, world.connection.id, ghost, [
      phoneRecord({ recordId: '99999', raw: '010-7654321' }),
    ]);
    expect(await runPhoneIndex(t.deps, world.connection, world.source, { full: false })).toMatchObject({
      status: 'done',
    });
    expect((await lookupCaller(t.deps.db, { portalId, raw: '+31107654321' })).result).toBe('match');
    expect(await runPhoneIndex(t.deps, world.connection, world.source, { full: true })).toMatchObject({
      status: 'done',
      swept: 1,
    });
    expect((await lookupCaller(t.deps.db, { portalId, raw: '+31107654321' })).result).toBe('no_match');
  });

  it('indexes both numbers of a typed field and lists unreadable values on the status page until fixed', async () => {
    const admin = await loginAs(t.app, t.deps.db, 'portal_admin');
    const unreadable = async (): Promise<{ recordId: string; field: string; raw: string; reason: string }[]> => {
      const health = (await injectAs(t.app, admin, { url: '/api/callerid/health' })).json<{
        sources: {
          connectionId: string;
          index: {
            unreadable: { count: number; items: { recordId: string; field: string; raw: string; reason: string }[] };
          };
        }[];
      }>();
      const mine = health.sources.find((s) => s.connectionId === world.connection.id)?.index.unreadable;
      expect(mine?.count).toBe(mine?.items.length);
      return (mine?.items ?? []).filter((i) => i.recordId === '88888');
    };
    const scope = { kind: 'record', recordKind: 'debtor', recordId: '88888' } as const;
    const typed = phoneRecord({ recordId: '88888', raw: 'tel. 020-6543210 / 06-23456789 (receptie)' });
    const kvk = phoneRecord({ recordId: '88888', raw: 'KvK 12345678', field: 'TEL_MOB' });
    expect(await reindexSourceRecord(t.deps, world.connection.id, scope, [typed, kvk])).toMatchObject({
      written: 2,
      skipped: 1,
    });
    for (const raw of ['020 654 3210', '+31623456789']) {
      expect((await lookupCaller(t.deps.db, { portalId, raw })).result, raw).toBe('match');
    }
    expect(await unreadable()).toEqual([
      expect.objectContaining({ field: 'TEL_MOB', raw: 'KvK 12345678', reason: 'not_a_phone_number' }),
    ]);
    // Corrected at the source: the next read of the record empties the list.
    const fixed = phoneRecord({ recordId: '88888', raw: 'mobiel 06 87654321', field: 'TEL_MOB' });
    await reindexSourceRecord(t.deps, world.connection.id, scope, [typed, fixed]);
    expect(await unreadable()).toEqual([]);
    // A full reload sweeps the values of records the source no longer has, like index rows.
    await reindexSourceRecord(t.deps, world.connection.id, scope, [typed, kvk]);
    expect(await runPhoneIndex(t.deps, world.connection, world.source, { full: true })).toMatchObject({
      status: 'done',
    });
    expect(await unreadable()).toEqual([]);
    expect((await lookupCaller(t.deps.db, { portalId, raw: '+31623456789' })).result).toBe('no_match');
  });

  it('runs one index per connection at a time and marks "reconnect" when AccountView refuses the grant', async () => {
    // Another worker holds the lease: this run stays out; once the lease has lapsed it runs.
    expect(
      await acquireIndexLease(t.deps.db, world.connection.id, { now: clock.now, leaseMs: 60_000, full: false }),
    ).not.toBeNull();
    expect(await runPhoneIndex(t.deps, world.connection, world.source, { full: false })).toEqual({ status: 'busy' });
    clock.now = new Date(clock.now.getTime() + 61_000);
    expect(await runPhoneIndex(t.deps, world.connection, world.source, { full: false })).toMatchObject({
      status: 'done',
    });
    for (const grant of sim.state.grants.values()) sim.state.revokeGrant(grant.id);
    sim.state.expireTokens(null, { refresh: false });
    const failed = await runPhoneIndex(t.deps, world.connection, world.source, { full: false });
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'auth_expired' } });
    expect((await findConnection(t.deps.db, world.connection.id))?.status).toBe('needs_reconnect');
  });
});
