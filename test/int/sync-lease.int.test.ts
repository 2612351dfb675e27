// CRM sync run leases on PostgreSQL: one run per connection and kind, a live holder makes others step aside, a lapsed
// one (a killed worker) is taken over at once, and the crm-sync queue no longer waits for the dead job to expire.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { releaseSyncLease, renewSyncLease, takeSyncLease } from '../../src/adapters/db/repos/sync-leases.repo.js';
import { crmSyncJob } from '../../src/app/jobs/contracts.js';
import { jobHandlerFor } from '../../src/app/jobs/index.js';
import { startSyncWorld } from '../helpers/sync-world.js';

import type { SyncWorld } from '../helpers/sync-world.js';

let world: SyncWorld;

beforeAll(async () => {
  world = await startSyncWorld({ orgs: 2 });
});
afterAll(async () => {
  await world.close();
});

const minute = 60_000;
const at = (offsetMs: number): Date => new Date(Date.now() + offsetMs);

async function lastRunAt(): Promise<Date | null> {
  const row = await world.server.deps.db
    .selectFrom('connections')
    .select('last_run_at')
    .where('id', '=', world.crmConnectionId)
    .executeTakeFirstOrThrow();
  return row.last_run_at;
}

async function leaseHolders(): Promise<string[]> {
  const rows = await world.server.deps.db
    .selectFrom('sync_leases')
    .select('holder')
    .where('connection_id', '=', world.crmConnectionId)
    .execute();
  return rows.map((row) => row.holder);
}

const runCrmSyncJob = (full: boolean, jobId: string): Promise<void> =>
  jobHandlerFor(() => world.server.deps, crmSyncJob)(
    { connectionId: world.crmConnectionId, full },
    { id: jobId, attempt: 1 },
  );

describe('the lease itself', () => {
  it('has one holder per connection and kind until it lapses or is released', async () => {
    const db = world.server.deps.db;
    const key = { connectionId: world.crmConnectionId, kind: 'full' } as const;
    expect(await takeSyncLease(db, { ...key, holder: 'a', now: at(0), ms: minute })).toBe(true);
    expect(await takeSyncLease(db, { ...key, holder: 'b', now: at(0), ms: minute })).toBe(false);
    // The other kind is a separate lease: a full reconcile does not hold back incremental runs.
    expect(await takeSyncLease(db, { ...key, kind: 'incremental', holder: 'b', now: at(0), ms: minute })).toBe(true);
    expect(await renewSyncLease(db, { ...key, holder: 'a', now: at(30_000), ms: minute })).toBe(true);
    expect(await renewSyncLease(db, { ...key, holder: 'b', now: at(30_000), ms: minute })).toBe(false);
    // Renewed at +30 s for a minute: still held at +80 s, lapsed at +100 s.
    expect(await takeSyncLease(db, { ...key, holder: 'b', now: at(80_000), ms: minute })).toBe(false);
    expect(await takeSyncLease(db, { ...key, holder: 'b', now: at(100_000), ms: minute })).toBe(true);
    expect(await renewSyncLease(db, { ...key, holder: 'a', now: at(100_000), ms: minute })).toBe(false);
    await releaseSyncLease(db, { ...key, holder: 'a' });
    expect(await takeSyncLease(db, { ...key, holder: 'c', now: at(100_000), ms: minute })).toBe(false);
    await releaseSyncLease(db, { ...key, holder: 'b' });
    await releaseSyncLease(db, { ...key, kind: 'incremental', holder: 'b' });
    expect(await leaseHolders()).toEqual([]);
  });
});

describe('the crm-sync job', () => {
  it('steps aside while another worker holds the lease, and takes over a lease its dead holder left', async () => {
    const db = world.server.deps.db;
    const key = { connectionId: world.crmConnectionId, kind: 'incremental' } as const;
    await takeSyncLease(db, { ...key, holder: 'live-worker', now: at(0), ms: minute });
    const before = await lastRunAt();
    await runCrmSyncJob(false, 'job-while-held');
    expect(await lastRunAt()).toEqual(before);
    expect(await leaseHolders()).toEqual(['live-worker']);

    // The holder was killed mid-run: its lease ran out and nobody renews it.
    await db
      .updateTable('sync_leases')
      .set({ until: at(-1000) })
      .where('holder', '=', 'live-worker')
      .execute();
    await runCrmSyncJob(false, 'job-after-crash');
    const after = await lastRunAt();
    expect(after).not.toBeNull();
    expect(after?.getTime()).toBeGreaterThan(before?.getTime() ?? 0);
    expect(await leaseHolders()).toEqual([]);
  });

  it('a full reconcile that finds the lease taken is queued again for a minute later, not dropped', async () => {
    const db = world.server.deps.db;
    const key = { connectionId: world.crmConnectionId, kind: 'full' } as const;
    await takeSyncLease(db, { ...key, holder: 'reconciling-worker', now: at(0), ms: minute });
    const sentAt = Date.now();
    await runCrmSyncJob(true, 'job-full-while-held');
    const { rows } = await sql<{ start_after: Date }>`
      SELECT start_after FROM pgboss.job
      WHERE name = 'crm-sync' AND singleton_key = ${`${world.crmConnectionId}:full`} AND state = 'created'`.execute(db);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.start_after.getTime()).toBeGreaterThanOrEqual(sentAt + 55_000);
    await releaseSyncLease(db, { ...key, holder: 'reconciling-worker' });
  });

  it('queues with the short policy, so a job left active by a dead worker does not hold back the next one', async () => {
    const { rows } = await sql<{ policy: string }>`SELECT policy FROM pgboss.queue WHERE name = 'crm-sync'`.execute(
      world.server.deps.db,
    );
    expect(rows).toEqual([{ policy: 'short' }]);
  });
});
