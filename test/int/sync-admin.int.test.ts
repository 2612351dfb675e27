// Sync administration end to end on PostgreSQL with both simulators: changing the CRM connection, the approval policy
// audit, portal administrators vs employees, bulk approval, unlink, folding repeated edits, webhook signatures, the
// health page, the polling path and the full reconcile.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { setDomainAccess } from '../../src/adapters/db/repos/user-admin.repo.js';
import { crmPollJob, crmReconcileJob } from '../../src/app/jobs/contracts.js';
import { jobHandlerFor } from '../../src/app/jobs/index.js';
import { TEST_PASSWORD } from '../helpers/http.js';
import {
  changesOf,
  editCrm,
  jobCount,
  link,
  editAndNotify as notify,
  openChange,
  pairAt,
  pairs,
  postWebhook,
  settle,
  signWebhook,
  waitQuiet,
  yukiAdministration,
} from '../helpers/sync-ops.js';
import { apiClient, startSyncWorld } from '../helpers/sync-world.js';

import type { Pair } from '../helpers/sync-ops.js';
import type { ApiClient, SyncWorld } from '../helpers/sync-world.js';

const WEBHOOK_SECRET = 'whsec-admin-0123456789';

type AuditEntry = {
  action: string;
  actorEmail: string | null;
  administrationId: string | null;
  changeId: string | null;
  oldValue: string | null;
  newValue: string | null;
};
type Review = {
  groups: {
    administrationId: string;
    changes: { id: string; field: string; newValue: string | null; history: { value: string | null }[] }[];
  }[];
};
type Health = {
  connections: {
    role: string;
    status: string;
    lastSuccessAt: string | null;
    nextRunAt: string | null;
    lastErrors: { at: string; message: string; failure: unknown }[];
    credentialState: string;
    quota: { domainId: string; used: number; limit: number; remaining: number }[];
  }[];
};

let world: SyncWorld;
let p: Pair[];

const pair = (index: number): Pair => pairAt(p, index);
const editAndNotify = (target: Pair, body: Record<string, unknown>): Promise<void> =>
  notify(world, WEBHOOK_SECRET, target, body);

async function audit(client: ApiClient, query: string): Promise<AuditEntry[]> {
  const response = await client.request<{ entries: AuditEntry[] }>('GET', `/api/audit?limit=1000&${query}`);
  expect(response.status).toBe(200);
  return response.body.entries;
}

async function health(): Promise<Health['connections']> {
  return (await world.admin.request<Health>('GET', '/api/health')).body.connections;
}

const crmBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  system: 'simplicate',
  baseUrl: world.crm.url,
  apiKey: world.crm.key,
  apiSecret: world.crm.secret,
  webhookSecret: WEBHOOK_SECRET,
  ...overrides,
});

/** The world's own CRM key back in the CRM and in the connection, after a test revoked or replaced it. */
async function restoreCrmCredentials(): Promise<void> {
  await world.simJson(world.crm.url, '/__sim/keys', {
    method: 'POST',
    body: { key: world.crm.key, secret: world.crm.secret },
  });
  expect((await world.admin.request('PUT', '/api/connections/crm', crmBody())).status).toBe(200);
}

beforeAll(async () => {
  // The reconcile test below needs a CRM whose modified-since filter filters (the assumed setting); sync.int.test.ts
  // runs the documented-only default, where incremental reads are full reads with change detection.
  world = await startSyncWorld({
    orgs: 12,
    webhookSecret: WEBHOOK_SECRET,
    crmOptions: { updatedAtFilter: 'honoured' },
  });
  p = await pairs(world, 12);
  for (const target of p.slice(0, 11)) await link(world, target, 'manual');
  await settle(
    world,
    p.slice(0, 11).map((target) => target.administrationId),
  );
});
afterAll(async () => {
  await world.close();
});

describe('CRM connection and approval policy', () => {
  it('re-validates a changed connection: a wrong secret saves nothing, new credentials are saved, audited and used', async () => {
    await world.simJson(world.crm.url, '/__sim/keys', {
      method: 'POST',
      body: { key: 'second-key', secret: 'second-secret-0123456789' },
    });
    const wrong = await world.admin.request<{ code: string; reason: string }>(
      'PUT',
      '/api/connections/crm',
      crmBody({ apiKey: 'second-key', apiSecret: 'not-the-secret' }),
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ code: 'connection_failed', reason: 'auth_invalid' });
    expect(await audit(world.admin, 'action=crm_changed')).toEqual([]);

    const changed = await world.admin.request<{ status: string }>(
      'PUT',
      '/api/connections/crm',
      crmBody({ apiKey: 'second-key', apiSecret: 'second-secret-0123456789' }),
    );
    expect(changed.status).toBe(200);
    expect(changed.body.status).toBe('active');
    expect(await audit(world.admin, 'action=crm_changed')).toEqual([
      expect.objectContaining({ action: 'crm_changed', actorEmail: 'admin@kantoor.nl' }),
    ]);

    // With the first key gone from the CRM, a sync only works if crmhub now uses the second one.
    await world.simJson(world.crm.url, `/__sim/keys/${world.crm.key}`, { method: 'DELETE' });
    try {
      const target = pair(10);
      await editCrm(world, target.crmId, { email: 'nieuwe-sleutel@example.nl' });
      expect((await world.admin.request('POST', '/api/connections/crm/sync')).status).toBe(202);
      await waitQuiet(world);
      expect(await openChange(world, target.administrationId, 'email')).toMatchObject({
        new_value: 'nieuwe-sleutel@example.nl',
      });
      const crm = (await health()).find((connection) => connection.role === 'crm');
      expect(crm).toMatchObject({ status: 'active', lastErrors: [] });
      await world.admin.request('POST', '/api/review/approve', { administrationId: target.administrationId });
      await waitQuiet(world);
    } finally {
      await restoreCrmCredentials();
    }
  });

  it('keeps the stored key and secret when a change leaves them out, and still checks them against the CRM', async () => {
    const { apiKey: _key, apiSecret: _secret, ...withoutCredentials } = crmBody();
    const kept = await world.admin.request<{ status: string; pollIntervalSeconds: number }>(
      'PUT',
      '/api/connections/crm',
      { ...withoutCredentials, pollIntervalSeconds: 600 },
    );
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ status: 'active', pollIntervalSeconds: 600 });

    // Only the secret left out: the new key is checked with the stored secret, which does not belong to it.
    await world.simJson(world.crm.url, '/__sim/keys', {
      method: 'POST',
      body: { key: 'third-key', secret: 'third-secret-0123456789' },
    });
    const mixed = await world.admin.request<{ code: string; reason: string }>('PUT', '/api/connections/crm', {
      ...withoutCredentials,
      apiKey: 'third-key',
    });
    expect(mixed.status).toBe(422);
    expect(mixed.body).toMatchObject({ code: 'connection_failed', reason: 'auth_invalid' });

    // With the stored key revoked in the CRM, leaving both out is refused: nothing unchecked is kept silently.
    await world.simJson(world.crm.url, `/__sim/keys/${world.crm.key}`, { method: 'DELETE' });
    try {
      const revoked = await world.admin.request<{ code: string; reason: string }>(
        'PUT',
        '/api/connections/crm',
        withoutCredentials,
      );
      expect(revoked.status).toBe(422);
      expect(revoked.body).toMatchObject({ code: 'connection_failed', reason: 'auth_invalid' });
    } finally {
      await restoreCrmCredentials();
    }
  });

  it('audits every policy change with the old and new policy, and refuses an unknown one', async () => {
    expect((await world.admin.request('PUT', '/api/settings/approval-policy', { policy: 'legal_vat' })).status).toBe(
      200,
    );
    expect((await world.admin.request('PUT', '/api/settings/approval-policy', { policy: 'none' })).status).toBe(200);
    const bad = await world.admin.request<{ code: string }>('PUT', '/api/settings/approval-policy', {
      policy: 'sometimes',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect((await audit(world.admin, 'action=policy_changed')).slice(0, 2)).toEqual([
      expect.objectContaining({ oldValue: 'legal_vat', newValue: 'none', actorEmail: 'admin@kantoor.nl' }),
      expect.objectContaining({ oldValue: 'all', newValue: 'legal_vat', actorEmail: 'admin@kantoor.nl' }),
    ]);
    await world.admin.request('PUT', '/api/settings/approval-policy', { policy: 'all' });
    expect((await world.admin.request<{ policy: string }>('GET', '/api/settings/approval-policy')).body.policy).toBe(
      'all',
    );
  });
});

describe('portal administrators and employees', () => {
  it('refuses employees the connection and policy routes, and shows them only their own domains', async () => {
    const mine = pair(0);
    const other = pair(1);
    await editAndNotify(mine, { name: 'Eigen Domein B.V.' });
    await editAndNotify(other, { name: 'Ander Domein B.V.' });
    const created = await world.admin.request<{ id: string }>('POST', '/api/users', {
      email: 'emma@kantoor.nl',
      name: 'Emma Employee',
      password: TEST_PASSWORD,
      role: 'employee',
    });
    expect(created.status).toBe(201);
    await setDomainAccess(world.server.deps.db, {
      userId: created.body.id,
      allDomains: false,
      domainIds: [mine.domainId],
    });
    const employee = await apiClient(() => world.server.url, { email: 'emma@kantoor.nl', password: TEST_PASSWORD });

    const adminOnly: [string, string, unknown][] = [
      ['POST', '/api/connections/crm', crmBody()],
      ['PUT', '/api/connections/crm', crmBody()],
      ['DELETE', '/api/connections/crm', undefined],
      ['POST', '/api/connections/crm/sync', undefined],
      ['POST', '/api/connections/portal/import', undefined],
      ['DELETE', '/api/connections/portal', undefined],
      ['PUT', '/api/settings/approval-policy', { policy: 'none' }],
    ];
    for (const [method, path, body] of adminOnly) {
      const refused = await employee.request<{ code: string }>(method, path, body);
      expect({ method, path, status: refused.status, code: refused.body.code }).toEqual({
        method,
        path,
        status: 403,
        code: 'forbidden',
      });
    }
    const connections = await world.admin.request<{ crm: { status: string }; portal: { status: string } }>(
      'GET',
      '/api/connections',
    );
    expect(connections.body).toMatchObject({ crm: { status: 'active' }, portal: { status: 'active' } });
    expect((await employee.request<{ policy: string }>('GET', '/api/settings/approval-policy')).body.policy).toBe(
      'all',
    );

    const visible = await employee.request<{ administrations: { id: string }[] }>('GET', '/api/administrations');
    expect(visible.body.administrations.map((administration) => administration.id)).toEqual([mine.administrationId]);
    expect((await employee.request('GET', `/api/administrations/${other.administrationId}`)).status).toBe(404);

    const employeeGroups = (await employee.request<Review>('GET', '/api/review')).body.groups;
    expect(employeeGroups.map((group) => group.administrationId)).toEqual([mine.administrationId]);
    const adminGroups = (await world.admin.request<Review>('GET', '/api/review')).body.groups;
    expect(adminGroups.map((group) => group.administrationId)).toEqual(
      expect.arrayContaining([mine.administrationId, other.administrationId]),
    );

    const employeeAudit = await audit(employee, '');
    expect(employeeAudit.some((entry) => entry.administrationId === mine.administrationId)).toBe(true);
    expect(
      employeeAudit.filter(
        (entry) => entry.administrationId !== null && entry.administrationId !== mine.administrationId,
      ),
    ).toEqual([]);
    expect((await audit(world.admin, '')).some((entry) => entry.administrationId === other.administrationId)).toBe(
      true,
    );
    expect((await audit(employee, `administrationId=${other.administrationId}`)).length).toBe(0);

    const othersChange = await openChange(world, other.administrationId, 'companyName');
    const notVisible = await employee.request<{ code: string }>(
      'POST',
      `/api/review/changes/${othersChange.id}/approve`,
      {},
    );
    expect(notVisible.status).toBe(404);
    expect((await openChange(world, other.administrationId, 'companyName')).state).toBe('pending');
    const ownChange = await openChange(world, mine.administrationId, 'companyName');
    expect((await employee.request('POST', `/api/review/changes/${ownChange.id}/approve`, {})).status).toBe(200);
    await waitQuiet(world);
    expect((await yukiAdministration(world, mine.externalId)).name).toBe('Eigen Domein B.V.');
    await world.admin.request('POST', `/api/review/changes/${othersChange.id}/reject`, {});
  });
});

describe('review queue', () => {
  it('bulk-approves per administration (skipping invalid values) and for a selection, and applies only those', async () => {
    const x = pair(2);
    const y = pair(3);
    const before = {
      x: await yukiAdministration(world, x.externalId),
      y: await yukiAdministration(world, y.externalId),
    };
    await editAndNotify(x, { name: 'Bulk Een B.V.', email: 'bulk-een@example.nl', coc_code: '1234567' });
    await editAndNotify(y, { name: 'Bulk Twee B.V.', phone: '030 234 5678' });
    const xKvk = await openChange(world, x.administrationId, 'kvk');
    expect(xKvk.invalid_reason).not.toBeNull();

    const perAdministration = await world.admin.request<{
      approved: number;
      skipped: { id: string; reason: string }[];
    }>('POST', '/api/review/approve', { administrationId: x.administrationId, reason: 'checked' });
    expect(perAdministration.body).toEqual({
      approved: 2,
      rejected: 0,
      skippedClears: 0,
      failed: 1,
      skipped: [{ id: xKvk.id, reason: 'value_invalid', administrationName: x.name, field: 'kvk' }],
    });
    expect((await changesOf(world, [y.administrationId])).map((change) => change.state)).toEqual([
      'pending',
      'pending',
    ]);

    const yName = await openChange(world, y.administrationId, 'companyName');
    const unknown = randomUUID();
    const selection = await world.admin.request<{ approved: number; skipped: { id: string; reason: string }[] }>(
      'POST',
      '/api/review/approve',
      { changeIds: [yName.id, unknown] },
    );
    expect(selection.body).toEqual({
      approved: 1,
      rejected: 0,
      skippedClears: 0,
      failed: 1,
      skipped: [{ id: unknown, reason: 'change_not_open', administrationName: null, field: null }],
    });
    await waitQuiet(world);

    const xAfter = await yukiAdministration(world, x.externalId);
    expect(xAfter).toMatchObject({ name: 'Bulk Een B.V.', emailAddress: 'bulk-een@example.nl' });
    expect(xAfter.cocNumber).toBe(before.x.cocNumber);
    const yAfter = await yukiAdministration(world, y.externalId);
    expect(yAfter.name).toBe('Bulk Twee B.V.');
    expect(yAfter.phone).toBe(before.y.phone);
    expect((await changesOf(world, [x.administrationId, y.administrationId])).map((c) => [c.field, c.state])).toEqual([
      ['kvk', 'pending'],
      ['phone', 'pending'],
    ]);
    const approvals = await audit(world.admin, 'action=change_approved');
    expect(approvals.filter((entry) => entry.administrationId === x.administrationId)).toHaveLength(2);
    await world.admin.request('POST', `/api/review/changes/${xKvk.id}/reject`, {});
    await settle(world, [y.administrationId]);
  });

  it('approving a conflict overwrites the portal, also for a value a person edited; the CRM value they overrode stays turned down', async () => {
    const target = pair(11);
    await link(world, target, 'manual');
    await settle(world, [target.administrationId]);
    await editAndNotify(target, { phone: 'bel me maar' });
    const held = await openChange(world, target.administrationId, 'phone');
    expect(held.invalid_reason).not.toBeNull();
    // Someone changes the number in Yuki meanwhile; the edited approval then meets the stale guard.
    await world.simJson(world.yuki.url, `/__sim/administrations/${target.externalId}`, {
      method: 'PATCH',
      body: { phone: '+31305550101' },
    });
    const edited = await world.admin.request('POST', `/api/review/changes/${held.id}/approve`, {
      value: '020 555 0100',
    });
    expect(edited.status).toBe(200);
    await waitQuiet(world);
    expect(await openChange(world, target.administrationId, 'phone')).toMatchObject({
      id: held.id,
      state: 'conflict',
      new_value: '+31205550100',
      portal_value: '+31305550101',
    });

    // The person looked at all three values and approves: the edited value goes to Yuki, once.
    const bulk = await world.admin.request<{ approved: number; skipped: unknown[] }>('POST', '/api/review/approve', {
      administrationId: target.administrationId,
    });
    expect(bulk.body).toEqual({ approved: 1, rejected: 0, skippedClears: 0, failed: 0, skipped: [] });
    await waitQuiet(world);
    expect((await yukiAdministration(world, target.externalId)).phone).toBe('+31205550100');
    expect(await changesOf(world, [target.administrationId])).toEqual([]);
    const applied = await audit(world.admin, `action=change_applied&administrationId=${target.administrationId}`);
    expect(applied.filter((entry) => entry.changeId === held.id)).toEqual([
      expect.objectContaining({ oldValue: '+31305550101', newValue: '+31205550100' }),
    ]);

    // Another CRM edit (and the nightly reconcile) must not bring the overridden CRM text back to the queue.
    await editAndNotify(target, { email: 'nog-steeds@example.nl' });
    await jobHandlerFor(() => world.server.deps, crmReconcileJob)({}, { id: 'test-reconcile', attempt: 1 });
    await waitQuiet(world);
    expect((await changesOf(world, [target.administrationId])).map((change) => change.field)).toEqual(['email']);
    await settle(world, [target.administrationId]);
  });

  it('folds repeated edits of one field into one pending change that keeps their history', async () => {
    const target = pair(5);
    await editAndNotify(target, { name: 'Vouw Een B.V.' });
    await editAndNotify(target, { name: 'Vouw Twee B.V.' });
    await editAndNotify(target, { name: '  Vouw   Twee  B.V. ' });
    await editAndNotify(target, { name: 'Vouw Drie B.V.' });
    const rows = await changesOf(world, [target.administrationId], ['pending', 'approved', 'superseded']);
    expect(rows.filter((row) => row.field === 'companyName')).toEqual([
      expect.objectContaining({ state: 'pending', new_value: 'Vouw Drie B.V.' }),
    ]);
    const group = (await world.admin.request<Review>('GET', '/api/review')).body.groups.find(
      (candidate) => candidate.administrationId === target.administrationId,
    );
    const change = group?.changes.find((candidate) => candidate.field === 'companyName');
    expect(change?.history.map((entry) => entry.value)).toEqual(['Vouw Een B.V.', 'Vouw Twee B.V.', 'Vouw Drie B.V.']);
    const detected = (await audit(world.admin, `action=change_detected&administrationId=${target.administrationId}`))
      .filter((entry) => entry.changeId === change?.id)
      .map((entry) => entry.newValue);
    expect(detected).toEqual(['Vouw Drie B.V.', 'Vouw Twee B.V.', 'Vouw Een B.V.']);
    await settle(world, [target.administrationId]);
    expect((await yukiAdministration(world, target.externalId)).name).toBe('Vouw Drie B.V.');
  });

  it('stops syncing an unlinked administration: open changes withdrawn, later CRM edits create and write nothing', async () => {
    const target = pair(4);
    await editAndNotify(target, { email: 'voor-ontkoppelen@example.nl' });
    const open = await openChange(world, target.administrationId, 'email');
    expect((await world.admin.request('DELETE', `/api/administrations/${target.administrationId}/link`)).status).toBe(
      204,
    );
    expect(await changesOf(world, [target.administrationId])).toEqual([]);
    const superseded = await changesOf(world, [target.administrationId], ['superseded']);
    expect(superseded.map((row) => row.id)).toContain(open.id);
    expect(
      await audit(world.admin, `action=administration_unlinked&administrationId=${target.administrationId}`),
    ).toEqual([expect.objectContaining({ actorEmail: 'admin@kantoor.nl' })]);

    const portalBefore = await yukiAdministration(world, target.externalId);
    const path = `/companies/${target.externalId}`;
    const callsBefore = world.yukiRequests.filter((request) => request.path.endsWith(path)).length;
    const rowsBefore = (await changesOf(world, [target.administrationId], ['superseded', 'applied', 'rejected']))
      .length;
    await editAndNotify(target, { name: 'Na Ontkoppelen B.V.', email: 'na-ontkoppelen@example.nl' });
    expect((await world.admin.request('POST', '/api/connections/crm/sync')).status).toBe(202);
    await waitQuiet(world);
    expect(await changesOf(world, [target.administrationId])).toEqual([]);
    expect((await changesOf(world, [target.administrationId], ['superseded', 'applied', 'rejected'])).length).toBe(
      rowsBefore,
    );
    expect(await yukiAdministration(world, target.externalId)).toEqual(portalBefore);
    expect(world.yukiRequests.filter((request) => request.path.endsWith(path)).length).toBe(callsBefore);
    const list = await world.admin.request<{ administrations: { id: string; link: unknown }[] }>(
      'GET',
      '/api/administrations',
    );
    expect(list.body.administrations.find((row) => row.id === target.administrationId)?.link).toBeNull();
  });
});

describe('change detection', () => {
  it('refuses unsigned and wrongly signed webhooks with 401 and queues nothing', async () => {
    const target = pair(6);
    await editCrm(world, target.crmId, { email: 'ongetekend@example.nl' });
    const body = JSON.stringify({ event: 'organization.updated', id: target.crmId });
    const jobsBefore = await jobCount(world, 'crm-record');
    const attempts: { signature: string | null; body?: string }[] = [
      { signature: null },
      { signature: signWebhook(body, 'not-the-secret') },
      { signature: signWebhook(JSON.stringify({ event: 'organization.updated', id: pair(7).crmId }), WEBHOOK_SECRET) },
      { signature: 'sha256=zz' },
      { signature: signWebhook(body, WEBHOOK_SECRET).replace('sha256=', 'sha1=') },
    ];
    for (const attempt of attempts) {
      const refused = await postWebhook(world, WEBHOOK_SECRET, target.crmId, { ...attempt, body });
      expect({ status: refused.status, code: refused.body.code }).toEqual({
        status: 401,
        code: 'webhook_signature_invalid',
      });
    }
    const jobsAfter = await jobCount(world, 'crm-record');
    expect(jobsAfter).toBe(jobsBefore);
    await waitQuiet(world);
    expect(await changesOf(world, [target.administrationId])).toEqual([]);

    // The same request, correctly signed, is taken: the refusals above were about the signature alone.
    expect((await postWebhook(world, WEBHOOK_SECRET, target.crmId, { body })).status).toBe(202);
    await waitQuiet(world);
    expect(await openChange(world, target.administrationId, 'email')).toMatchObject({
      new_value: 'ongetekend@example.nl',
    });
    await settle(world, [target.administrationId]);
  });

  it('picks up a change without a webhook: the poll schedule once the interval has passed, and "sync now"', async () => {
    const target = pair(8);
    const runPoll = jobHandlerFor(() => world.server.deps, crmPollJob);
    const db = world.server.deps.db;
    await editCrm(world, target.crmId, { email: 'gepolld@example.nl' });
    await db
      .updateTable('connections')
      .set({ next_run_at: new Date(Date.now() + 3_600_000) })
      .where('id', '=', world.crmConnectionId)
      .execute();
    await runPoll({}, { id: 'test-poll', attempt: 1 });
    await waitQuiet(world);
    expect(await changesOf(world, [target.administrationId])).toEqual([]);

    await db
      .updateTable('connections')
      .set({ next_run_at: new Date(Date.now() - 1000) })
      .where('id', '=', world.crmConnectionId)
      .execute();
    await runPoll({}, { id: 'test-poll', attempt: 1 });
    await waitQuiet(world);
    expect(await openChange(world, target.administrationId, 'email')).toMatchObject({
      state: 'pending',
      new_value: 'gepolld@example.nl',
    });
    const connection = await db
      .selectFrom('connections')
      .select(['next_run_at', 'poll_interval_seconds'])
      .where('id', '=', world.crmConnectionId)
      .executeTakeFirstOrThrow();
    expect(connection.next_run_at?.getTime()).toBeGreaterThan(Date.now());

    await editCrm(world, target.crmId, { phone: '020 555 0199' });
    expect((await world.admin.request('POST', '/api/connections/crm/sync')).status).toBe(202);
    await waitQuiet(world);
    expect(await openChange(world, target.administrationId, 'phone')).toMatchObject({ new_value: '+31205550199' });
    await settle(world, [target.administrationId]);
  });

  it('catches in the full reconcile a change that the webhook and the modified-since read both missed', async () => {
    const target = pair(9);
    expect((await world.admin.request('POST', '/api/connections/crm/sync')).status).toBe(202);
    await waitQuiet(world);
    // The CRM records the edit with a timestamp before the last sync (a clock behind, a late commit): the incremental
    // read by modified-since cannot see it, and its webhook is lost.
    world.crm.advance(-3_600_000);
    try {
      await editCrm(world, target.crmId, { name: 'Gemist Door Polling B.V.' });
      expect((await world.admin.request('POST', '/api/connections/crm/sync')).status).toBe(202);
      await waitQuiet(world);
      expect(await changesOf(world, [target.administrationId])).toEqual([]);

      await jobHandlerFor(() => world.server.deps, crmReconcileJob)({}, { id: 'test-reconcile', attempt: 1 });
      await waitQuiet(world);
      expect(await openChange(world, target.administrationId, 'companyName')).toMatchObject({
        state: 'pending',
        new_value: 'Gemist Door Polling B.V.',
      });
      const connection = await world.server.deps.db
        .selectFrom('connections')
        .select('last_reconcile_at')
        .where('id', '=', world.crmConnectionId)
        .executeTakeFirstOrThrow();
      expect(connection.last_reconcile_at).not.toBeNull();
    } finally {
      world.crm.advance(3_600_000);
    }
    await settle(world, [target.administrationId]);
  });
});

describe('health', () => {
  it('shows last success, next run, errors in words, credential state and the quota used and left per domain', async () => {
    const target = pair(7);
    const initial = await health();
    const crm = initial.find((connection) => connection.role === 'crm');
    expect(crm).toMatchObject({ status: 'active', credentialState: 'ok', lastErrors: [] });
    expect(crm?.lastSuccessAt).toEqual(expect.any(String));
    expect(crm?.nextRunAt).toEqual(expect.any(String));
    const quotaOf = (connections: Health['connections']) =>
      connections
        .find((connection) => connection.role === 'portal_target')
        ?.quota.find((entry) => entry.domainId === target.domainId);
    const before = quotaOf(initial);
    expect(before).toMatchObject({ limit: 1000 });
    expect(before?.remaining).toBe(1000 - (before?.used ?? 0));

    await editAndNotify(target, { email: 'gezond@example.nl' });
    await settle(world, [target.administrationId]);
    const after = quotaOf(await health());
    // One read (the stale guard) and one write.
    expect(after?.used).toBe((before?.used ?? 0) + 2);
    expect(after?.remaining).toBe(1000 - (after?.used ?? 0));

    await world.simJson(world.crm.url, '/__sim/faults', {
      method: 'POST',
      body: { kind: 'status', status: 401, count: 1, pathPrefix: '/api/v2/crm/' },
    });
    expect((await world.admin.request('POST', '/api/connections/crm/sync')).status).toBe(202);
    await waitQuiet(world);
    const failed = (await health()).find((connection) => connection.role === 'crm');
    expect(failed).toMatchObject({ status: 'needs_reconnect', credentialState: 'needs_reconnect', nextRunAt: null });
    expect(failed?.lastSuccessAt).toEqual(expect.any(String));
    expect(failed?.lastErrors).toHaveLength(1);
    const message = failed?.lastErrors[0]?.message ?? '';
    expect(message).toMatch(/[a-z]{3,} [a-z]{3,}/i);
    expect(message).not.toContain(world.crm.secret);
    // The same failure in codes the page words, with Simplicate's own words apart from crmhub's.
    expect(failed?.lastErrors[0]?.failure).toEqual({
      code: 'auth_invalid',
      systemSaid: 'Simulated failure (HTTP 401)',
    });

    expect((await world.admin.request('PUT', '/api/connections/crm', crmBody())).status).toBe(200);
    const repaired = (await health()).find((connection) => connection.role === 'crm');
    expect(repaired).toMatchObject({ status: 'active', credentialState: 'ok', lastErrors: [] });
  });
});
