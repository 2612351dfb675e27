// The assisted write mode (the default) on PostgreSQL with both simulators in their strict, documented-only setting:
// an approved change becomes one "apply in Yuki" task and nothing is written to Yuki; the portal poll's documented
// re-read closes it ("verified in Yuki") or reports a mismatch; a field no documented read returns closes when a person
// marks it done; every step is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { approveCrmEdit, link, pairAt, pairs, yukiAdministration } from '../helpers/sync-ops.js';
import { startSyncWorld } from '../helpers/sync-world.js';

import type { YukiTaskList } from '../../src/contract/yuki-tasks.contract.js';
import type { Pair } from '../helpers/sync-ops.js';
import type { SyncWorld } from '../helpers/sync-world.js';

const WEBHOOK_SECRET = 'whsec-assisted-0123456789';
let world: SyncWorld;
let target: Pair;

beforeAll(async () => {
  world = await startSyncWorld({ orgs: 3, webhookSecret: WEBHOOK_SECRET, writeMode: 'assisted' });
  target = pairAt(await pairs(world, 3), 0);
  await link(world, target, 'manual');
});
afterAll(async () => {
  await world.close();
});

const tasks = async () => (await world.admin.request<YukiTaskList>('GET', '/api/yuki-tasks')).body;
const taskOf = async (changeId: string) =>
  (await tasks()).groups.flatMap((group) => group.tasks).find((task) => task.changeId === changeId);
const poll = async () => {
  expect((await world.admin.request('POST', '/api/connections/portal/import')).status).toBe(200);
};
const actions = async (changeId: string) =>
  (
    await world.server.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('change_id', '=', changeId)
      .orderBy('id')
      .execute()
  ).map((row) => row.action);

const approvedChange = (field: string, edit: Record<string, unknown>) =>
  approveCrmEdit(world, WEBHOOK_SECRET, target, field, edit);

describe('assisted write mode', () => {
  it('is the default, and review and health say so', async () => {
    expect((await world.admin.request('GET', '/api/settings/write-mode')).body).toEqual({ mode: 'assisted' });
    expect((await world.admin.request<{ writeMode: string }>('GET', '/api/review')).body.writeMode).toBe('assisted');
    const health = await world.admin.request<{ connections: { role: string; writeMode?: string }[] }>(
      'GET',
      '/api/health',
    );
    expect(health.body.connections.find((c) => c.role === 'portal_target')?.writeMode).toBe('assisted');
  });

  it('turns an approved change into one task, writes nothing, and the poll verifies it once Yuki shows it', async () => {
    const before = await yukiAdministration(world, target.externalId);
    const changeId = await approvedChange('companyName', { name: 'Handmatig Bijgewerkt B.V.' });
    const task = await taskOf(changeId);
    expect(task).toMatchObject({ field: 'companyName', newValue: 'Handmatig Bijgewerkt B.V.', verifiable: true });
    expect(task?.oldValue).toBe(before.name);
    expect((await tasks()).groups[0]?.yukiUrl).toMatch(/^https:\/\//);
    expect((await yukiAdministration(world, target.externalId)).name).toBe(before.name);
    expect(world.yukiRequests.some((request) => request.method === 'PATCH')).toBe(false);

    await poll(); // Yuki still shows the old value: the task waits.
    expect((await taskOf(changeId))?.state).toBe('open');
    await world.simJson(world.yuki.url, `/__sim/administrations/${target.externalId}`, {
      method: 'PATCH',
      body: { name: 'Handmatig Bijgewerkt B.V.' },
    });
    await poll();
    expect(await taskOf(changeId)).toBeUndefined();
    const state = await world.server.deps.db
      .selectFrom('sync_changes')
      .select('state')
      .where('id', '=', changeId)
      .executeTakeFirstOrThrow();
    expect(state.state).toBe('applied');
    expect(await actions(changeId)).toEqual([
      'change_detected',
      'change_held',
      'change_approved',
      'yuki_task_created',
      'yuki_task_verified',
    ]);
    const shown = await world.admin.request<{ entries: { action: string; writeMode: string | null }[] }>(
      'GET',
      '/api/audit?action=yuki_task_verified',
    );
    expect(shown.body.entries.map((entry) => entry.writeMode)).toEqual(['assisted']);
  });

  it('reports a mismatch when Yuki shows another value, and refuses "done" for a field it verifies itself', async () => {
    const changeId = await approvedChange('kvk', { coc_code: '12345678' });
    const task = await taskOf(changeId);
    expect(task).toMatchObject({ newValue: '12345678', verifiable: true, message: null });
    await world.simJson(world.yuki.url, `/__sim/administrations/${target.externalId}`, {
      method: 'PATCH',
      body: { cocNumber: '12345687' },
    });
    await poll();
    expect(await taskOf(changeId)).toMatchObject({
      state: 'mismatch',
      portalValue: '12345687',
      message: 'yuki_task_mismatch',
    });
    const done = await world.admin.request<{ code: string }>('POST', `/api/yuki-tasks/${task?.id ?? ''}/done`);
    expect(done.status).toBe(409);
    expect(done.body.code).toBe('yuki_task_verified_by_read');
    await poll(); // the same mismatch is not audited twice
    expect((await actions(changeId)).filter((action) => action === 'yuki_task_mismatch')).toHaveLength(1);
  });

  it('closes a field no documented read returns when a person marks it done (audited under their name)', async () => {
    const changeId = await approvedChange('email', { email: 'handmatig@example.nl' });
    const task = await taskOf(changeId);
    expect(task).toMatchObject({ verifiable: false, message: 'yuki_task_unverifiable' });
    expect((await world.admin.request('POST', `/api/yuki-tasks/${task?.id ?? ''}/done`)).status).toBe(204);
    expect(await taskOf(changeId)).toBeUndefined();
    const again = await world.admin.request<{ code: string }>('POST', `/api/yuki-tasks/${task?.id ?? ''}/done`);
    expect(again.body.code).toBe('yuki_task_not_open');
    const audit = await world.server.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('change_id', '=', changeId)
      .where('action', '=', 'yuki_task_done')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_user_id).not.toBeNull();
  });
});
