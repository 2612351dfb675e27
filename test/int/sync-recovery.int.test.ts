// Apply under pressure, on PostgreSQL with both simulators: a domain's daily quota running out in the middle of a batch
// (automatic work waits for tomorrow, a person's approval still goes through), and a worker killed between the stale
// guard's read and its write (after restart the change is applied exactly once), or, in the assisted mode, before its
// "apply in Yuki" task is recorded (after restart the task exists exactly once and nothing is written to Yuki), or
// after Visma Connect rotated the refresh token but before it was stored (nothing written; the grant needs a reconnect).
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createPgTokenStore } from '../../src/adapters/db/repos/oauth-grants.repo.js';
import { localDay } from '../../src/adapters/yuki/time.js';
import { crmPollJob } from '../../src/app/jobs/contracts.js';
import { connectionGrantId } from '../../src/app/use-cases/sync/connectors.js';
import { refreshPortalGrant } from '../../src/app/use-cases/sync/visma-connect-status.js';
import { livePortalConnection } from '../helpers/connections.js';
import { startWorkerProcess } from '../helpers/process.js';
import { startTestServer } from '../helpers/server.js';
import {
  activeJobIds,
  changesOf,
  editCrm,
  link,
  openChange,
  pairsByIndex,
  postWebhook,
  settle,
  waitQuiet,
  yukiAdministration,
} from '../helpers/sync-ops.js';
import { connectVismaConnectOverHttp, eventually, startSyncWorld } from '../helpers/sync-world.js';

import type { CrmhubProcess } from '../helpers/process.js';
import type { TestServer } from '../helpers/server.js';
import type { Pair } from '../helpers/sync-ops.js';
import type { SyncWorld } from '../helpers/sync-world.js';

const WEBHOOK_SECRET = 'whsec-recovery-0123456789';
// Yuki's defaults as crmhub counts them: 1,000 calls a day per domain, the last 50 kept for a person's approvals.
const DAILY_LIMIT = 1000;
const RESERVE = 50;

let world: SyncWorld;
let pair: (index: number) => Pair;

beforeAll(async () => {
  world = await startSyncWorld({ orgs: 4, webhookSecret: WEBHOOK_SECRET });
  pair = await pairsByIndex(world, 4);
});
afterAll(async () => {
  await world.close();
});

/** The audit rows of a change: what happened, and why as crmhub's reason code and its parameters. */
async function auditOf(
  changeId: string,
): Promise<{ action: string; reason: string | null; params: Record<string, string | null> }[]> {
  return world.server.deps.db
    .selectFrom('audit_log')
    .select(['action', 'reason_code as reason', 'reason_params as params'])
    .where('change_id', '=', changeId)
    .orderBy('id')
    .execute();
}

async function quotaUsed(domainExternalId: string): Promise<number> {
  const row = await world.server.deps.db
    .selectFrom('quota_usage')
    .select('used')
    .where('system', '=', 'yuki')
    .where('scope', '=', domainExternalId.toLowerCase())
    .where('day', '=', localDay(new Date(), 'Europe/Amsterdam'))
    .executeTakeFirst();
  return row?.used ?? 0;
}

describe('quota exhaustion in the middle of a batch', () => {
  it('applies automatic changes while low-priority quota lasts, defers the rest to tomorrow, and still applies a person’s approval from the reserve', async () => {
    const home = pair(0);
    // Three more administrations in the same Yuki domain, each with its CRM organisation.
    const extra: Pair[] = [];
    for (const index of [1, 2, 3]) {
      const name = `Quotum Klant ${index} B.V.`;
      const kvk = `7700000${index}`;
      const email = `klant${index}@quotum.example.nl`;
      const administration = await world.simJson<{ id: string }>(
        world.yuki.url,
        `/__sim/domains/${home.domainExternalId}/administrations`,
        { method: 'POST', body: { name, cocNumber: kvk, emailAddress: email } },
      );
      const org = await world.simJson<{ id: string }>(world.crm.url, '/__sim/organizations', {
        method: 'POST',
        body: { name, coc_code: kvk, email },
      });
      extra.push({ ...home, administrationId: '', externalId: administration.id, crmId: org.id, name });
    }
    expect((await world.admin.request('POST', '/api/connections/portal/import')).status).toBe(200);
    const ids = await world.server.deps.db
      .selectFrom('administrations')
      .select(['id', 'external_id'])
      .where(
        'external_id',
        'in',
        extra.map((candidate) => candidate.externalId),
      )
      .execute();
    const batch = extra.map((candidate) => ({
      ...candidate,
      administrationId: ids.find((row) => row.external_id === candidate.externalId)?.id ?? '',
    }));
    for (const target of [home, ...batch]) await link(world, target, 'manual');
    await settle(
      world,
      [home, ...batch].map((target) => target.administrationId),
    );
    for (const target of batch) {
      const mode = await world.admin.request('PATCH', `/api/administrations/${target.administrationId}/link`, {
        mode: 'automatic',
      });
      expect(mode.status).toBe(204);
    }
    expect((await world.admin.request('PUT', '/api/settings/approval-policy', { policy: 'none' })).status).toBe(200);

    try {
      // Five low-priority calls left today; an automatic apply costs two (the stale guard's read, then the write), so
      // whatever the order of the three applies, two complete and one waits.
      const lowCeiling = DAILY_LIMIT - RESERVE;
      await world.server.deps.db
        .insertInto('quota_usage')
        .values({
          system: 'yuki',
          scope: home.domainExternalId.toLowerCase(),
          day: localDay(new Date(), 'Europe/Amsterdam'),
          used: lowCeiling - 5,
        })
        .onConflict((oc) => oc.columns(['system', 'scope', 'day']).doUpdateSet({ used: lowCeiling - 5 }))
        .execute();
      for (const [index, target] of batch.entries())
        await editCrm(world, target.crmId, { email: `nieuw${index}@quotum.example.nl` });
      expect((await world.admin.request('POST', '/api/connections/crm/sync')).status).toBe(202);
      await waitQuiet(world);

      const changes = await changesOf(
        world,
        batch.map((target) => target.administrationId),
        ['approved', 'applied'],
      );
      const emailChanges = changes.filter((change) => change.field === 'email');
      expect(emailChanges).toHaveLength(3);
      const applied = emailChanges.filter((change) => change.state === 'applied');
      const waiting = emailChanges.filter((change) => change.state === 'approved');
      expect(applied).toHaveLength(2);
      expect(waiting).toHaveLength(1);
      expect(await quotaUsed(home.domainExternalId)).toBe(lowCeiling);

      for (const change of applied) {
        const target = batch.find((candidate) => candidate.administrationId === change.administration_id);
        expect((await yukiAdministration(world, target?.externalId ?? '')).emailAddress).toBe(change.new_value);
      }
      const deferred = waiting[0];
      const deferredTarget = batch.find((candidate) => candidate.administrationId === deferred?.administration_id);
      expect((await yukiAdministration(world, deferredTarget?.externalId ?? '')).emailAddress).not.toBe(
        deferred?.new_value,
      );
      // Tomorrow in Amsterdam, not a retry within the day.
      const nextAttempt = deferred?.next_attempt_at ?? new Date(0);
      expect(localDay(nextAttempt, 'Europe/Amsterdam') > localDay(new Date(), 'Europe/Amsterdam')).toBe(true);
      const retryAudit = (await auditOf(deferred?.id ?? '')).filter(
        (entry) => entry.action === 'change_retry_scheduled',
      );
      expect(retryAudit).toHaveLength(1);
      expect(retryAudit[0]?.reason).toBe('retry_scheduled');
      expect(JSON.stringify(retryAudit[0]?.params)).toMatch(/quota/i);
      // The code the UI words: "today's quota is used up; applied after midnight by itself".
      expect(deferred?.last_error_code).toBe('portal_quota_exhausted');
      // The health page says so per domain, with the changes that wait.
      const health = await world.admin.request<{
        connections: { role: string; quota: { domainId: string; exhausted?: boolean; waitingForQuota?: number }[] }[];
      }>('GET', '/api/health');
      const quota = health.body.connections.find((connection) => connection.role === 'portal_target')?.quota ?? [];
      expect(quota.find((domain) => domain.domainId === home.domainId)).toMatchObject({
        exhausted: true,
        waitingForQuota: 1,
      });

      // A person's approval in the same domain is high priority: it spends the reserve and does not wait.
      await editCrm(world, home.crmId, { name: 'Goedgekeurd Met Reserve B.V.' });
      expect((await postWebhook(world, WEBHOOK_SECRET, home.crmId)).status).toBe(202);
      await waitQuiet(world);
      const held = await openChange(world, home.administrationId, 'companyName');
      expect(held.state).toBe('pending');
      expect((await world.admin.request('POST', `/api/review/changes/${held.id}/approve`, {})).status).toBe(200);
      await waitQuiet(world);
      expect((await yukiAdministration(world, home.externalId)).name).toBe('Goedgekeurd Met Reserve B.V.');
      expect((await changesOf(world, [home.administrationId], ['applied'])).map((change) => change.id)).toContain(
        held.id,
      );
      expect(await quotaUsed(home.domainExternalId)).toBe(lowCeiling + 2);
      // The automatic change still waits for tomorrow.
      expect((await changesOf(world, [deferred?.administration_id ?? ''], ['approved'])).map((c) => c.id)).toEqual([
        deferred?.id,
      ]);
    } finally {
      await world.admin.request('PUT', '/api/settings/approval-policy', { policy: 'all' });
    }
  });
});

describe('a Platform API grant without the needed scope', () => {
  it('fails the change with what to do, keeps the portal connection active, and writes nothing', async () => {
    const target = pair(0);
    const companyPath = `/api/v1/portals/${world.yuki.state().portal.id}/companies/${target.externalId}`;
    await editCrm(world, target.crmId, { email: 'zonder-scope@example.nl' });
    expect((await postWebhook(world, WEBHOOK_SECRET, target.crmId)).status).toBe(202);
    await waitQuiet(world);
    const change = await openChange(world, target.administrationId, 'email');
    const patchesBefore = world.yukiRequests.filter((request) => request.method === 'PATCH').length;
    // [I] docs/external-systems/yuki.md#visma-connect: the Platform API refuses a token without the scope with 403.
    world.yuki.faults.add({ kind: 'status', status: 403, rate: 1, pathPrefix: companyPath });
    try {
      expect((await world.admin.request('POST', `/api/review/changes/${change.id}/approve`, {})).status).toBe(200);
      await waitQuiet(world);
    } finally {
      world.yuki.faults.clear();
    }
    const [failed] = await changesOf(world, [target.administrationId], ['failed']);
    expect(failed).toMatchObject({ id: change.id, last_error_code: 'portal_grant_scope' });
    expect((await auditOf(change.id)).at(-1)).toMatchObject({
      reason: 'write_failed',
      params: expect.objectContaining({
        message: expect.stringContaining('connect Visma Connect again') as unknown,
      }) as unknown,
    });
    expect(world.yukiRequests.filter((request) => request.method === 'PATCH')).toHaveLength(patchesBefore);
    expect((await livePortalConnection(world.server.deps.db)).status).toBe('active');
    // Nothing lost: once the grant allows it, a person approves the change again and it is applied once.
    expect((await world.admin.request('POST', `/api/review/changes/${change.id}/approve`, {})).status).toBe(200);
    await waitQuiet(world);
    expect((await yukiAdministration(world, target.externalId)).emailAddress).toBe('zonder-scope@example.nl');
    expect((await auditOf(change.id)).filter((entry) => entry.action === 'change_applied')).toHaveLength(1);
  });
});

describe('restart during apply', () => {
  let worker: CrmhubProcess | null = null;
  // Jobs a killed worker left active; pg-boss hands them back only when they expire (minutes later).
  const orphans = new Set<string>();
  const stopWorker = async (signal: 'SIGKILL' | 'SIGTERM'): Promise<void> => {
    if (worker === null) return;
    if (worker.child.exitCode === null) worker.child.kill(signal);
    await worker.exited();
    worker = null;
  };

  beforeAll(async () => {
    for (const target of [pair(1), pair(2), pair(3)]) await link(world, target, 'manual');
    await settle(world, [pair(1).administrationId, pair(2).administrationId, pair(3).administrationId]);
    // This crmhub only serves the API from here on: jobs run in the workers each test starts.
    await world.restart({ role: 'api' });
  });
  afterAll(async () => {
    await stopWorker('SIGTERM');
    await world.restart();
  });

  /**
   * Approves a new e-mail address for the administration, lets `catch` hold the worker somewhere between the stale
   * guard's read and recording the write, kills it there, starts a new worker and checks the outcome: applied once,
   * exactly one successful write to Yuki, and the audit saying how.
   */
  async function killDuringApply(
    target: Pair,
    email: string,
    catchWorker: (companyPath: string) => { caught: () => boolean; release: () => void; settleMs: number },
  ): Promise<{ reason: string | null; landedBeforeRestart: boolean }> {
    worker = await startWorkerProcess(world);
    await editCrm(world, target.crmId, { email });
    expect((await postWebhook(world, WEBHOOK_SECRET, target.crmId)).status).toBe(202);
    await waitQuiet(world, { ignore: orphans });
    const change = await openChange(world, target.administrationId, 'email');
    expect(change.state).toBe('pending');

    const companyPath = `/api/v1/portals/${world.yuki.state().portal.id}/companies/${target.externalId}`;
    const onPath = (method: string) =>
      world.yukiRequests.filter((request) => request.method === method && request.path === companyPath);
    const patchesBefore = onPath('PATCH').length;
    const trap = catchWorker(companyPath);
    expect((await world.admin.request('POST', `/api/review/changes/${change.id}/approve`, {})).status).toBe(200);
    await eventually(() => Promise.resolve(trap.caught()), 30_000);
    expect(onPath('GET').some((request) => request.status === 200)).toBe(true);
    await stopWorker('SIGKILL');
    for (const id of await activeJobIds(world)) orphans.add(id);
    trap.release();
    // Let the simulator finish whatever it does with the orphaned request before anyone looks.
    await sleep(trap.settleMs);
    expect((await changesOf(world, [target.administrationId], ['approved'])).map((row) => row.id)).toEqual([change.id]);
    const landedBeforeRestart = onPath('PATCH')
      .slice(patchesBefore)
      .some((request) => request.status === 200);

    worker = await startWorkerProcess(world);
    await eventually(
      async () => (await changesOf(world, [target.administrationId], ['applied'])).some((row) => row.id === change.id),
      20_000,
    );
    await stopWorker('SIGTERM');
    expect(
      onPath('PATCH')
        .slice(patchesBefore)
        .filter((request) => request.status === 200),
    ).toHaveLength(1);
    expect((await yukiAdministration(world, target.externalId)).emailAddress).toBe(email);
    const applied = (await auditOf(change.id)).filter((entry) => entry.action === 'change_applied');
    expect(applied).toHaveLength(1);
    expect(await changesOf(world, [target.administrationId])).toEqual([]);
    return { reason: applied[0]?.reason ?? null, landedBeforeRestart };
  }

  it('killed after the read, while its write is on the way: the new worker writes once', async () => {
    const latencyMs = 1500;
    const outcome = await killDuringApply(pair(1), 'onderweg@example.nl', (companyPath) => {
      // Every call on this profile is held up before Yuki handles it: the second one caught is the write.
      const fault = world.yuki.faults.add({ kind: 'latency', latencyMs, rate: 1, pathPrefix: companyPath });
      return {
        caught: () => fault.applied >= 2,
        release: () => {
          world.yuki.faults.clear();
        },
        settleMs: latencyMs + 500,
      };
    });
    // Whether Yuki still handles a write whose sender is gone is up to the server (our simulator drops it, as the
    // body can no longer be read); either way the audit says how the one write came about.
    expect(outcome.reason).toBe(outcome.landedBeforeRestart ? 'portal_already_had_value' : null);
  });

  it('killed after Yuki took the write but before the worker recorded it: the new worker finds it and does not write again', async () => {
    const outcome = await killDuringApply(pair(2), 'al-geschreven@example.nl', (companyPath) => {
      // Yuki handles the write at once, but its answer is held back: the worker never learns it succeeded.
      const release = world.holdYukiResponses({ method: 'PATCH', path: companyPath, ms: 5000 });
      const written = () =>
        world.yukiRequests.filter((r) => r.method === 'PATCH' && r.path === companyPath && r.status === 200).length;
      const before = written();
      return {
        caught: () => written() > before,
        release,
        settleMs: 0,
      };
    });
    expect(outcome).toEqual({ reason: 'portal_already_had_value', landedBeforeRestart: true });
  });

  it('assisted mode: killed while reading Yuki before its task is recorded: the new worker creates the task once, and nothing is written to Yuki', async () => {
    const target = pair(3);
    expect((await world.admin.request('PUT', '/api/settings/write-mode', { mode: 'assisted' })).status).toBe(200);
    try {
      worker = await startWorkerProcess(world);
      await editCrm(world, target.crmId, { name: 'Eenmaal Taak B.V.' });
      expect((await postWebhook(world, WEBHOOK_SECRET, target.crmId)).status).toBe(202);
      await waitQuiet(world, { ignore: orphans });
      const change = await openChange(world, target.administrationId, 'companyName');
      const patchesBefore = world.yukiRequests.filter((request) => request.method === 'PATCH').length;
      // Every SOAP answer is held back: the worker's stale-guard read (Administrations) never returns.
      const soapPath = '/ws/Accounting.asmx';
      const seen = () => world.yukiRequests.filter((r) => r.method === 'POST' && r.path === soapPath).length;
      const before = seen();
      const release = world.holdYukiResponses({ method: 'POST', path: soapPath, ms: 5000 });
      expect((await world.admin.request('POST', `/api/review/changes/${change.id}/approve`, {})).status).toBe(200);
      await eventually(() => Promise.resolve(seen() > before), 30_000);
      await stopWorker('SIGKILL');
      for (const id of await activeJobIds(world)) orphans.add(id);
      release();
      const tasksOf = () =>
        world.server.deps.db.selectFrom('yuki_tasks').select('state').where('change_id', '=', change.id).execute();
      expect(await tasksOf()).toEqual([]);

      worker = await startWorkerProcess(world);
      await eventually(async () => (await tasksOf()).length > 0, 20_000);
      // Another apply run for the administration (the next CRM change) adds no second task.
      await editCrm(world, target.crmId, { email: 'tweede-run@example.nl' });
      expect((await postWebhook(world, WEBHOOK_SECRET, target.crmId)).status).toBe(202);
      await waitQuiet(world, { ignore: orphans });
      await stopWorker('SIGTERM');
      expect(await tasksOf()).toEqual([{ state: 'open' }]);
      expect((await auditOf(change.id)).filter((entry) => entry.action === 'yuki_task_created')).toHaveLength(1);
      expect(world.yukiRequests.filter((request) => request.method === 'PATCH')).toHaveLength(patchesBefore);
      expect((await yukiAdministration(world, target.externalId)).name).not.toBe('Eenmaal Taak B.V.');
    } finally {
      await world.admin.request('PUT', '/api/settings/write-mode', { mode: 'automatic' });
    }
  });

  it('killed after Visma Connect rotated the refresh token but before the worker stored it: after restart nothing is written twice or lost', async () => {
    const target = pair(1);
    const connection = await livePortalConnection(world.server.deps.db);
    const store = createPgTokenStore(world.server.deps.db, world.server.deps.secretBox);
    const grantId = connectionGrantId(connection.id);
    worker = await startWorkerProcess(world);
    await editCrm(world, target.crmId, { email: 'na-rotatie@example.nl' });
    expect((await postWebhook(world, WEBHOOK_SECRET, target.crmId)).status).toBe(202);
    await waitQuiet(world, { ignore: orphans });
    const change = await openChange(world, target.administrationId, 'email');
    const refreshes = () =>
      world.yukiRequests.filter((r) => r.method === 'POST' && r.path === '/connect/token' && r.status === 200).length;
    const refreshesBefore = refreshes();
    const patchesBefore = world.yukiRequests.filter((request) => request.method === 'PATCH').length;
    // Visma Connect rotates the refresh token at once, but its answer is held back: the worker never stores it.
    const release = world.holdYukiResponses({ method: 'POST', path: '/connect/token', ms: 5000 });
    // The stored access token is at 90% of its hour: the worker's next Platform API call (or its 5-minute grant
    // refresh, whichever comes first) refreshes it first.
    await world.server.deps.db
      .updateTable('oauth_grants')
      .set({ issued_at: new Date(Date.now() - 54 * 60_000), expires_at: new Date(Date.now() + 6 * 60_000) })
      .where('grant_id', '=', grantId)
      .execute();
    const stored = await store.read(grantId);
    expect((await world.admin.request('POST', `/api/review/changes/${change.id}/approve`, {})).status).toBe(200);
    await eventually(() => Promise.resolve(refreshes() > refreshesBefore), 30_000);
    await stopWorker('SIGKILL');
    for (const id of await activeJobIds(world)) orphans.add(id);
    release();
    // The rotated refresh token is lost with the worker: crmhub still holds the spent one, and the change is waiting.
    expect((await store.read(grantId))?.refreshToken).toBe(stored?.refreshToken);
    expect((await changesOf(world, [target.administrationId], ['approved'])).map((row) => row.id)).toEqual([change.id]);

    worker = await startWorkerProcess(world);
    const settled = await eventually(async () => {
      const rows = await changesOf(world, [target.administrationId], ['approved', 'failed', 'applied']);
      const row = rows.find((candidate) => candidate.id === change.id);
      return row !== undefined && row.state !== 'approved' ? row : null;
    }, 20_000);
    await stopWorker('SIGTERM');
    // The new worker refreshed with the spent token: Visma Connect took it as a reuse and revoked the whole grant.
    expect(world.yukiRequests.filter((r) => r.path === '/connect/token').at(-1)?.status).toBe(400);
    const grants = await world.simJson<{ grants: { revoked: boolean }[] }>(world.yuki.url, '/__sim/visma-connect');
    expect(grants.grants.every((grant) => grant.revoked)).toBe(true);
    // Not lost: the change failed visibly, saying to reconnect; not written twice: no company write at all.
    expect(settled.state).toBe('failed');
    expect(settled.last_error_code).toBe('portal_grant_reconnect');
    expect((await auditOf(change.id)).at(-1)).toMatchObject({
      action: 'change_failed',
      reason: 'write_failed',
      // "…again" when the apply met the refused grant; "…first" when the new worker's grant refresh met it before.
      params: expect.objectContaining({
        message: expect.stringMatching(/Connect Visma Connect (again|first)/) as unknown,
      }) as unknown,
    });
    expect(world.yukiRequests.filter((request) => request.method === 'PATCH')).toHaveLength(patchesBefore);
    expect((await yukiAdministration(world, target.externalId)).emailAddress).not.toBe('na-rotatie@example.nl');
    // "Reconnect" at once: whichever met the refused grant first forgot it, no grant check needed; the portal's own
    // connection (SOAP) stays active, and the review queue words what to do.
    expect(await store.read(grantId)).toBeNull();
    const status = await world.admin.request<{ problem: string | null }>(
      'GET',
      '/api/connections/portal/visma-connect',
    );
    expect(status.body.problem).toBe('visma_connect_reconnect');
    expect((await livePortalConnection(world.server.deps.db)).status).toBe('active');
    const review = await world.admin.request<{ groups: { changes: { id: string; lastErrorCode: string | null }[] }[] }>(
      'GET',
      '/api/review',
    );
    const shown = review.body.groups.flatMap((group) => group.changes).find((candidate) => candidate.id === change.id);
    expect(shown?.lastErrorCode).toBe('portal_grant_reconnect');
    // Reconnecting gives a working grant again (for the tests after this one).
    await connectVismaConnectOverHttp(world.admin, world.yuki.url, world.yuki.state().portal.id);
    expect(await refreshPortalGrant(world.server.deps, connection)).toBe('fresh');
  });

  /** A worker in this process (not a child), sharing the world's database and secret key. */
  const startInProcessWorker = (): Promise<TestServer> =>
    startTestServer({ database: world.database, role: 'worker', env: { CRMHUB_SECRET_KEY: world.secretKey } });

  it('a crmhub stopped gracefully right after taking a webhook leaves its job queued, not taken and unfinished', async () => {
    // The webhook's job is sent and the local worker woken in the same moment the stop begins: the fetch that is on
    // its way must come back to a worker that finishes the job (or it stays active until pg-boss expires it).
    for (let round = 0; round < 8; round += 1) {
      const instance = await startTestServer({ database: world.database, env: { CRMHUB_SECRET_KEY: world.secretKey } });
      const gone = `organization:gone${String(round)}`;
      expect((await postWebhook(world, WEBHOOK_SECRET, gone, { to: instance.url })).status).toBe(202);
      await instance.close();
      expect((await activeJobIds(world)).filter((id) => !orphans.has(id))).toEqual([]);
    }
    const again = await startInProcessWorker();
    try {
      await waitQuiet(world, { ignore: orphans });
    } finally {
      await again.close();
    }
  });

  it('a job taken the moment a worker starts can queue follow-up work (the poll queues its sync)', async () => {
    const target = pair(3);
    await editCrm(world, target.crmId, { name: 'Opgepikt Bij Het Starten B.V.' });
    await world.server.deps.db
      .updateTable('connections')
      .set({ next_run_at: new Date(Date.now() - 1000) })
      .where('id', '=', world.crmConnectionId)
      .execute();
    // Queued while no worker runs: the poll is among the first jobs a starting worker takes.
    await world.server.deps.queue?.send(crmPollJob, {});
    const inProcess = await startInProcessWorker();
    try {
      await waitQuiet(world, { ignore: orphans });
      await eventually(async () => (await changesOf(world, [target.administrationId])).length > 0, 10_000);
      expect(await openChange(world, target.administrationId, 'companyName')).toMatchObject({
        state: 'pending',
        new_value: 'Opgepikt Bij Het Starten B.V.',
      });
    } finally {
      await inProcess.close();
    }
  });
});
