// Clears are safe (product decision 2) and the review queue pages on the server: linking proposes nothing for fields
// the CRM leaves empty; a value that later disappears is a held clear whatever the policy, refused without its own
// confirmation and left out of bulk decisions unless included; the queue filters, pages and names its records.
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  changesOf,
  link,
  editAndNotify as notify,
  openChange,
  pairsByIndex,
  waitQuiet,
  yukiAdministration,
} from '../helpers/sync-ops.js';
import { startSyncWorld } from '../helpers/sync-world.js';

import type { Pair } from '../helpers/sync-ops.js';
import type { SyncWorld } from '../helpers/sync-world.js';

const WEBHOOK_SECRET = 'whsec-clears-0123456789';

type ReviewChange = {
  id: string;
  field: string;
  newValue: string | null;
  oldValue: string | null;
  clear: boolean;
  crmName: string | null;
};
type Review = {
  groups: { administrationId: string; administrationName: string; changes: ReviewChange[] }[];
  page: { page: number; size: number; total: number };
};
type BulkResult = { approved: number; rejected: number; skippedClears: number; failed: number; skipped: unknown[] };

let world: SyncWorld;
let pair: (index: number) => Pair;
const editAndNotify = (target: Pair, body: Record<string, unknown>): Promise<void> =>
  notify(world, WEBHOOK_SECRET, target, body);

async function review(query: string): Promise<Review> {
  const response = await world.admin.request<Review>('GET', `/api/review?${query}`);
  expect(response.status).toBe(200);
  return response.body;
}

beforeAll(async () => {
  world = await startSyncWorld({ orgs: 6, webhookSecret: WEBHOOK_SECRET });
  pair = await pairsByIndex(world, 6);
  // Nothing waits for a person by policy: whatever is held below is held because it is a clear.
  expect((await world.admin.request('PUT', '/api/settings/approval-policy', { policy: 'none' })).status).toBe(200);
}, 120_000);
afterAll(async () => {
  await world.close();
});

describe('clear values', () => {
  it('linking proposes nothing for fields the CRM leaves empty; the portal keeps its values', async () => {
    const target = pair(0);
    const before = await yukiAdministration(world, target.externalId);
    await link(world, target, 'automatic');
    const linked = await world.server.deps.db
      .selectFrom('administration_links')
      .select([sql<Record<string, string | null>>`baseline`.as('baseline'), sql<string[]>`crm_held`.as('crmHeld')])
      .where('administration_id', '=', target.administrationId)
      .executeTakeFirstOrThrow();
    const notHeld = Object.entries(linked.baseline).filter(
      ([field, value]) => value !== null && !linked.crmHeld.includes(field),
    );
    expect(notHeld.length, 'the portal holds fields the CRM leaves empty').toBeGreaterThan(0);
    const all = await changesOf(world, [target.administrationId], ['pending', 'approved', 'applied', 'conflict']);
    expect(all.filter((change) => change.new_value === null)).toEqual([]);
    const after = await yukiAdministration(world, target.externalId);
    expect(after['vatNumber']).toBe(before['vatNumber']);
    expect(after.cocNumber).toBe(before.cocNumber);
  });

  it('a value that later disappears from the CRM is a held clear, refused without its own confirmation', async () => {
    const target = pair(0);
    const email = (await yukiAdministration(world, target.externalId)).emailAddress;
    expect(email).not.toBe('');
    await editAndNotify(target, { email: null, name: `${target.name} Holding` });
    const clear = await openChange(world, target.administrationId, 'email');
    expect(clear).toMatchObject({ state: 'pending', new_value: null });
    // The name change applies by policy; the clear waits.
    expect((await changesOf(world, [target.administrationId])).map((change) => change.field)).toEqual(['email']);

    const shown = await review(`administrationId=${target.administrationId}`);
    expect(shown.groups[0]?.changes).toEqual([
      expect.objectContaining({ id: clear.id, clear: true, newValue: null, oldValue: email }),
    ]);

    const refused = await world.admin.request<{ code: string }>('POST', `/api/review/changes/${clear.id}/approve`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('clear_not_confirmed');
    const emptyEdit = await world.admin.request<{ code: string }>('POST', `/api/review/changes/${clear.id}/approve`, {
      value: '',
    });
    expect(emptyEdit.body.code).toBe('clear_not_confirmed');
    expect((await yukiAdministration(world, target.externalId)).emailAddress).toBe(email);

    const confirmed = await world.admin.request('POST', `/api/review/changes/${clear.id}/approve`, {
      confirmClear: true,
    });
    expect(confirmed.status).toBe(200);
    await waitQuiet(world);
    expect((await yukiAdministration(world, target.externalId)).emailAddress).toBe('');
  });

  it('bulk decisions skip clears unless included, and a filter selection must match the count the person saw', async () => {
    const [x, y] = [pair(1), pair(2)];
    await link(world, x, 'manual');
    await link(world, y, 'manual');
    await world.admin.request('POST', '/api/review/approve', { filter: {}, expectedCount: 0 }); // nothing open yet
    await editAndNotify(x, { phone: null, name: `${x.name} Nieuw` });
    await editAndNotify(y, { email: null });
    const ids = [x.administrationId, y.administrationId];
    expect((await changesOf(world, ids)).map((change) => [change.field, change.new_value === null])).toEqual([
      ['companyName', false],
      ['phone', true],
      ['email', true],
    ]);

    const byAdministration = await world.admin.request<BulkResult>('POST', '/api/review/approve', {
      administrationId: x.administrationId,
    });
    expect(byAdministration.body).toMatchObject({ approved: 1, skippedClears: 1, failed: 0 });

    const stale = await world.admin.request<{ code: string; reason: string }>('POST', '/api/review/reject', {
      filter: { kind: 'clear' },
      expectedCount: 3,
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'selection_changed', reason: '2' });

    const withoutClears = await world.admin.request<BulkResult>('POST', '/api/review/reject', {
      filter: { kind: 'clear' },
      expectedCount: 2,
    });
    expect(withoutClears.body).toMatchObject({ rejected: 0, skippedClears: 2 });

    const included = await world.admin.request<BulkResult>('POST', '/api/review/reject', {
      filter: { kind: 'clear' },
      expectedCount: 2,
      includeClears: true,
      reason: 'klant heeft nog telefoon en e-mail',
    });
    expect(included.body).toEqual({ approved: 0, rejected: 2, skippedClears: 0, failed: 0, skipped: [] });
    await waitQuiet(world);
    expect(await changesOf(world, ids)).toEqual([]);
    expect((await yukiAdministration(world, y.externalId)).emailAddress).not.toBe('');
  });
});

describe('the upgrade', () => {
  it('withdraws open clear proposals from earlier links, audited as withdrawn; a person-approved clear stays', async () => {
    const db = world.server.deps.db;
    const target = pair(2);
    const row = (field: string, state: 'pending' | 'approved', decidedBy: string | null) => ({
      administration_id: target.administrationId,
      field,
      state,
      old_value: `oud ${field}`,
      new_value: null,
      source_external_id: target.crmId,
      decided_by: decidedBy,
      history: '[]',
    });
    const admin = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const inserted = await db
      .insertInto('sync_changes')
      .values([row('vat', 'pending', null), row('kvk', 'approved', null), row('postalStreet', 'approved', admin.id)])
      .returning(['id', 'field'])
      .execute();
    const migration = await readFile(
      new URL('../../src/adapters/db/migrations/20261208050000_withdraw_link_clears.sql', import.meta.url),
      'utf8',
    );
    await sql.raw(migration).execute(db);

    const insertedIds = inserted.map((change) => change.id);
    const states = await db
      .selectFrom('sync_changes')
      .select(['field', 'state'])
      .where('id', 'in', insertedIds)
      .orderBy('field')
      .execute();
    expect(states).toEqual([
      { field: 'kvk', state: 'superseded' },
      { field: 'postalStreet', state: 'approved' },
      { field: 'vat', state: 'superseded' },
    ]);
    const audited = await db
      .selectFrom('audit_log')
      .select(['action', 'field', 'old_value', 'reason_code'])
      .where('change_id', 'in', insertedIds)
      .orderBy('field')
      .execute();
    expect(audited).toEqual([
      { action: 'change_withdrawn', field: 'kvk', old_value: 'oud kvk', reason_code: 'clear_withdrawn_by_upgrade' },
      { action: 'change_withdrawn', field: 'vat', old_value: 'oud vat', reason_code: 'clear_withdrawn_by_upgrade' },
    ]);
    await db.updateTable('sync_changes').set({ state: 'superseded' }).where('field', '=', 'postalStreet').execute();
  });
});

describe('the review queue on the server', () => {
  it('pages with a total, filters by administration, field, state, legal/VAT and kind, and names the CRM record', async () => {
    const targets = [pair(3), pair(4), pair(5)];
    for (const target of targets) await link(world, target, 'manual');
    // Start from an empty queue: what linking found is turned down, all of it at once.
    const found = (await review('')).page.total;
    const cleared = await world.admin.request<BulkResult>('POST', '/api/review/reject', {
      filter: {},
      expectedCount: found,
      includeClears: true,
    });
    expect(cleared.body.rejected).toBe(found);
    for (const target of targets) await editAndNotify(target, { name: `${target.name} Twee`, phone: '020 555 0123' });

    const first = await review('size=2');
    expect(first.page).toEqual({ page: 1, size: 2, total: 6 });
    const second = await review('size=2&page=3');
    const seen = [...first.groups, ...(await review('size=2&page=2')).groups, ...second.groups].flatMap(
      (group) => group.changes,
    );
    expect(new Set(seen.map((change) => change.id)).size).toBe(6);
    expect(seen.every((change) => change.crmName !== null && change.crmName.endsWith('Twee'))).toBe(true);

    expect((await review('category=legal_vat')).page.total).toBe(3);
    expect((await review('category=other&field=phone')).page.total).toBe(3);
    expect((await review(`administrationId=${pair(3).administrationId}`)).page.total).toBe(2);
    expect((await review('state=conflict')).page.total).toBe(0);
    expect((await review('kind=update')).page.total).toBe(6);
    const invalid = await world.admin.request<{ code: string }>('GET', '/api/review?field=nonsense');
    expect(invalid.status).toBe(400);

    const approved = await world.admin.request<BulkResult>('POST', '/api/review/approve', {
      filter: { field: 'phone' },
      expectedCount: 3,
    });
    expect(approved.body).toMatchObject({ approved: 3 });
    expect((await review('')).page.total).toBe(3);
  });
});
