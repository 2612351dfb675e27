/** The CRM → Yuki sync job handlers: poll and reconcile schedules, webhook-triggered reads, apply and its sweeper. */
import { handleJob } from '../../adapters/db/queue.js';
import { unfinishedBulkLinkRuns } from '../../adapters/db/repos/bulk-links.repo.js';
import { administrationsWithDueChanges } from '../../adapters/db/repos/changes.repo.js';
import { activeCrmConnectionIds, dueConnections, findConnection } from '../../adapters/db/repos/connections.repo.js';
import { portalsOfAdministrations } from '../../adapters/db/repos/portal.repo.js';
import { applyApprovedChanges } from '../use-cases/sync/apply.js';
import { runBulkLink } from '../use-cases/sync/bulk-link-run.js';
import { importPortal } from '../use-cases/sync/portal-connection.js';
import { runCrmSync, syncOneOrganization } from '../use-cases/sync/run-sync.js';
import { underSyncLease } from '../use-cases/sync/sync-lease.js';
import {
  applyChangesJob,
  applySweepJob,
  bulkLinkJob,
  bulkLinkSweepJob,
  crmPollJob,
  crmReconcileJob,
  crmRecordJob,
  crmSyncJob,
  enqueueApply,
  enqueueBulkLink,
  enqueueCrmSync,
  portalImportJob,
} from './contracts.js';

import type { JobDefinition } from '../../adapters/db/queue.js';
import type { AppDeps } from '../deps.js';

/** Queues the apply runs a sync left due, once the connection's portal is known. */
async function applyAfterSync(deps: AppDeps, connectionId: string, toApply: readonly string[]): Promise<void> {
  const connection = await findConnection(deps.db, connectionId);
  if (connection !== null) await enqueueApply(deps.queue, connection.portalId, toApply);
}

function crmSyncHandler(deps: () => AppDeps): JobDefinition<typeof crmSyncJob.data> {
  return {
    contract: crmSyncJob,
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
          await d.queue?.send(crmSyncJob, data, { singletonKey: `${data.connectionId}:full`, startAfterSeconds: 60 });
        return;
      }
      if (leased.value.ok) await applyAfterSync(d, data.connectionId, leased.value.toApply);
    },
  };
}

function crmRecordHandler(deps: () => AppDeps): JobDefinition<typeof crmRecordJob.data> {
  return {
    contract: crmRecordJob,
    async run(data) {
      const outcome = await syncOneOrganization(deps(), data.connectionId, data.externalId);
      if (outcome.ok) await applyAfterSync(deps(), data.connectionId, outcome.toApply);
    },
  };
}

function scheduledSyncHandlers(deps: () => AppDeps): JobDefinition[] {
  return [
    {
      contract: crmPollJob,
      async run() {
        const { db, clock, queue } = deps();
        for (const connection of await dueConnections(db, 'crm', clock()))
          await enqueueCrmSync(queue, connection.id, false);
      },
    },
    {
      contract: crmReconcileJob,
      async run() {
        const { db, queue } = deps();
        for (const id of await activeCrmConnectionIds(db)) await enqueueCrmSync(queue, id, true);
      },
    },
    {
      contract: applySweepJob,
      async run() {
        const { db, clock, queue } = deps();
        const due = await administrationsWithDueChanges(db, clock());
        for (const row of await portalsOfAdministrations(db, due))
          await enqueueApply(queue, row.portalId, [row.administrationId]);
      },
    },
    {
      contract: portalImportJob,
      async run() {
        const { db, clock } = deps();
        for (const connection of await dueConnections(db, 'portal_target', clock())) {
          const imported = await importPortal(deps(), connection);
          // The run is recorded on the connection already; failing the job as well keeps it visible in the queue.
          if (!imported.ok) throw new Error(`portal import failed: ${imported.error.detail ?? imported.error.code}`);
        }
      },
    },
  ];
}

/** Every sync job handler. */
export function syncJobHandlers(deps: () => AppDeps): JobDefinition[] {
  return [
    crmSyncHandler(deps),
    crmRecordHandler(deps),
    handleJob(applyChangesJob, async ({ portalId, administrationId }) => {
      await applyApprovedChanges(deps(), portalId, administrationId);
    }),
    ...scheduledSyncHandlers(deps),
    handleJob(bulkLinkJob, async ({ runId }) => {
      await runBulkLink(deps(), runId);
    }),
    handleJob(bulkLinkSweepJob, async () => {
      const d = deps();
      for (const runId of await unfinishedBulkLinkRuns(d.db)) await enqueueBulkLink(d.queue, runId);
    }),
  ];
}
