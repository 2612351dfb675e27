/** The CRM → Yuki sync jobs: poll and reconcile schedules, webhook-triggered reads, apply and its sweeper, imports. */
import { z } from 'zod';

import { administrationsWithDueChanges } from '../../adapters/db/repos/changes.repo.js';
import { dueConnections, findConnection } from '../../adapters/db/repos/connections.repo.js';
import { applyApprovedChanges } from '../use-cases/sync/apply.js';
import { importPortal } from '../use-cases/sync/portal-connection.js';
import { runCrmSync, syncOneOrganization } from '../use-cases/sync/run-sync.js';
import { underSyncLease } from '../use-cases/sync/sync-lease.js';

import type { JobDefinition, JobQueue } from '../../adapters/db/queue.js';
import type { AppDeps } from '../deps.js';

export type SyncJobs = ReturnType<typeof syncJobs>;

/** Queues an apply run per administration; several requests for one administration collapse into one queued job. */
export async function enqueueApply(
  queue: JobQueue | null,
  jobs: SyncJobs,
  portalId: string,
  administrationIds: readonly string[],
): Promise<void> {
  if (queue === null) return;
  for (const administrationId of administrationIds) {
    await queue.send(jobs.applyChanges, { portalId, administrationId }, { singletonKey: administrationId });
  }
}

export function syncJobs(deps: () => AppDeps) {
  const crmSync: JobDefinition<z.ZodObject<{ connectionId: z.ZodString; full: z.ZodBoolean }>> = {
    name: 'crm-sync',
    data: z.object({ connectionId: z.string(), full: z.boolean() }),
    // One queued run per connection and kind; the run lease (not the queue) keeps runs apart, because a job whose
    // worker died stays "active" in the queue until it expires, and a full reconcile may take that long.
    policy: 'short',
    retryLimit: 3,
    retryDelaySeconds: 30,
    retryBackoff: true,
    expireInSeconds: 3600,
    concurrency: 1,
    async run(data, job) {
      const d = deps();
      const kind = data.full ? 'full' : 'incremental';
      const leased = await underSyncLease(d, { connectionId: data.connectionId, kind, holder: job.id }, () =>
        runCrmSync(d, data.connectionId, { full: data.full }),
      );
      if (!leased.ran) {
        // Another worker runs it now. An incremental run is then redundant (the next poll goes on from the cursor it
        // leaves); a full reconcile must still happen, so it tries again in a minute.
        if (data.full)
          await d.queue?.send(crmSync, data, { singletonKey: `${data.connectionId}:full`, startAfterSeconds: 60 });
        return;
      }
      const outcome = leased.value;
      const connection = await findConnection(d.db, data.connectionId);
      if (outcome.ok && connection !== null) await enqueueApply(d.queue, jobs, connection.portalId, outcome.toApply);
    },
  };
  const crmRecord: JobDefinition<z.ZodObject<{ connectionId: z.ZodString; externalId: z.ZodString }>> = {
    name: 'crm-record',
    data: z.object({ connectionId: z.string(), externalId: z.string() }),
    policy: 'short',
    retryLimit: 5,
    retryDelaySeconds: 5,
    retryBackoff: true,
    expireInSeconds: 300,
    async run(data) {
      const outcome = await syncOneOrganization(deps(), data.connectionId, data.externalId);
      const connection = await findConnection(deps().db, data.connectionId);
      if (outcome.ok && connection !== null)
        await enqueueApply(deps().queue, jobs, connection.portalId, outcome.toApply);
    },
  };
  const applyChanges: JobDefinition<z.ZodObject<{ portalId: z.ZodString; administrationId: z.ZodString }>> = {
    name: 'apply-changes',
    data: z.object({ portalId: z.string(), administrationId: z.string() }),
    policy: 'short',
    retryLimit: 5,
    retryDelaySeconds: 10,
    retryBackoff: true,
    // A worker that died mid-apply gives its job back quickly; the re-read makes the retry safe.
    expireInSeconds: 120,
    async run(data) {
      await applyApprovedChanges(deps(), data.portalId, data.administrationId);
    },
  };
  const schedule = (
    name: string,
    cron: string,
    run: () => Promise<void>,
    options: { runOnStart?: boolean } = {},
  ): JobDefinition => ({
    name,
    cron,
    data: z.object({}),
    policy: 'singleton',
    retryLimit: 0,
    retryDelaySeconds: 60,
    retryBackoff: false,
    ...options,
    run,
  });
  const jobs = {
    crmSync,
    crmRecord,
    applyChanges,
    crmPoll: schedule('crm-poll', '* * * * *', async () => {
      const { db, clock, queue } = deps();
      for (const connection of await dueConnections(db, 'crm', clock())) {
        await queue?.send(
          crmSync,
          { connectionId: connection.id, full: false },
          { singletonKey: `${connection.id}:incremental` },
        );
      }
    }),
    crmReconcile: schedule('crm-reconcile', '30 2 * * *', async () => {
      const { db, queue } = deps();
      const connections = await db
        .selectFrom('connections')
        .select('id')
        .where('role', '=', 'crm')
        .where('status', '=', 'active')
        .execute();
      for (const { id } of connections)
        await queue?.send(crmSync, { connectionId: id, full: true }, { singletonKey: `${id}:full` });
    }),
    // Also at worker start: approved changes a killed worker left behind go out at once, instead of after the next
    // tick or after its job expires (apply-changes expireInSeconds); the stale guard's re-read makes that safe.
    applySweep: schedule(
      'apply-sweep',
      '* * * * *',
      async () => {
        const { db, clock, queue } = deps();
        const due = await administrationsWithDueChanges(db, clock());
        if (due.length === 0) return;
        const rows = await db
          .selectFrom('administrations as a')
          .innerJoin('domains as d', 'd.id', 'a.domain_id')
          .select(['a.id', 'd.portal_id'])
          .where('a.id', 'in', due)
          .execute();
        for (const row of rows) await enqueueApply(queue, jobs, row.portal_id, [row.id]);
      },
      { runOnStart: true },
    ),
    portalImport: schedule('portal-import', '5 * * * *', async () => {
      const { db, clock } = deps();
      for (const connection of await dueConnections(db, 'portal_target', clock()))
        await importPortal(deps(), connection);
    }),
  };
  return jobs;
}
