/** Every background job's queue contract (name, payload schema, queue settings): all a process needs to enqueue. */
import { z } from 'zod';

import type { JobContract, JobQueue } from '../../adapters/db/queue.js';

/** Queue settings a job chooses; the name, payload and schedule are given apart. */
type JobSettings = Omit<JobContract, 'name' | 'data' | 'cron'>;

/** A recurring sweep: one at a time, no retries (the next tick runs it again). */
function scheduled(name: string, cron: string, extra: Partial<JobSettings> = {}): JobContract<z.ZodObject> {
  return {
    policy: 'singleton',
    retryLimit: 0,
    retryDelaySeconds: 60,
    retryBackoff: false,
    ...extra,
    name,
    cron,
    data: z.object({}),
  };
}

/** Work queued per item: at most one waiting job per singleton key ('short'), retried with growing delays. */
function perItem<S extends z.ZodObject>(
  name: string,
  data: S,
  settings: Pick<JobSettings, 'retryLimit' | 'retryDelaySeconds'> & Partial<JobSettings>,
): JobContract<S> {
  return { policy: 'short', retryBackoff: true, ...settings, name, data };
}

// One queued run per connection and kind; the run lease (not the queue) keeps runs apart, because a job whose worker
// died stays "active" in the queue until it expires, and a full reconcile may take that long.
export const crmSyncJob = perItem('crm-sync', z.object({ connectionId: z.string(), full: z.boolean() }), {
  retryLimit: 3,
  retryDelaySeconds: 30,
  expireInSeconds: 3600,
  concurrency: 1,
});

export const crmRecordJob = perItem('crm-record', z.object({ connectionId: z.string(), externalId: z.string() }), {
  retryLimit: 5,
  retryDelaySeconds: 5,
  expireInSeconds: 300,
});

// A worker that died mid-apply gives its job back quickly; the re-read makes the retry safe.
export const applyChangesJob = perItem(
  'apply-changes',
  z.object({ portalId: z.string(), administrationId: z.string() }),
  { retryLimit: 5, retryDelaySeconds: 10, expireInSeconds: 120 },
);

// One queued run per bulk link run; items settle in their link's transaction, so a retry or a second worker picks up
// only what is still pending (none linked twice, none lost).
export const bulkLinkJob = perItem('bulk-link', z.object({ runId: z.uuid() }), {
  retryLimit: 10,
  retryDelaySeconds: 5,
  expireInSeconds: 900,
});
// At worker start too: runs a killed worker left unfinished continue at once.
export const bulkLinkSweepJob = scheduled('bulk-link-sweep', '* * * * *', { runOnStart: true });

export const crmPollJob = scheduled('crm-poll', '* * * * *');
export const crmReconcileJob = scheduled('crm-reconcile', '30 2 * * *');
// Also at worker start: approved changes a killed worker left behind go out at once, instead of after the next tick
// or after its job expires (apply-changes expireInSeconds); the stale guard's re-read makes that safe.
export const applySweepJob = scheduled('apply-sweep', '* * * * *', { runOnStart: true });
export const portalImportJob = scheduled('portal-import', '5 * * * *');

// One queued run per connection (singletonKey = connection id); a lease in the table keeps runs apart.
export const callerIdIndexJob = perItem('callerid-index', z.object({ connectionId: z.uuid(), full: z.boolean() }), {
  retryLimit: 3,
  retryDelaySeconds: 60,
  concurrency: 2,
});

// Scheduled sweeps below: one at a time is plenty (each worker slot also polls the queue).
export const callerIdScheduleJob = scheduled('callerid-schedule', '* * * * *', {
  policy: 'short',
  retryDelaySeconds: 30,
  concurrency: 1,
});
export const accountViewTokenRefreshJob = scheduled('accountview-token-refresh', '*/5 * * * *', {
  policy: 'short',
  retryLimit: 1,
  concurrency: 1,
});
export const callerIdRetentionJob = scheduled('callerid-retention', '23 3 * * *', {
  policy: 'short',
  retryLimit: 3,
  retryDelaySeconds: 300,
  retryBackoff: true,
  concurrency: 1,
});
/** Polls the watched intake folder; a file is complete after two polls with the same size (or renamed into place). */
export const intakeFolderJob = scheduled('intake-folder', '* * * * *', { policy: 'short', concurrency: 1 });
export const sessionCleanupJob = scheduled('session-cleanup', '17 * * * *', {
  policy: 'standard',
  retryLimit: 3,
  retryBackoff: true,
});

/** Every contract, so that an API-only process creates the same queues a worker does. */
export const allJobContracts: readonly JobContract[] = [
  sessionCleanupJob,
  callerIdIndexJob,
  callerIdScheduleJob,
  accountViewTokenRefreshJob,
  callerIdRetentionJob,
  intakeFolderJob,
  crmSyncJob,
  crmRecordJob,
  applyChangesJob,
  crmPollJob,
  crmReconcileJob,
  applySweepJob,
  portalImportJob,
  bulkLinkJob,
  bulkLinkSweepJob,
];

/** Queues a bulk link run (one waiting job per run). */
export async function enqueueBulkLink(queue: JobQueue | null, runId: string): Promise<void> {
  await queue?.send(bulkLinkJob, { runId }, { singletonKey: runId });
}

/** Queues a CRM read (full reconcile or incremental); one waiting run per connection and kind. */
export async function enqueueCrmSync(queue: JobQueue | null, connectionId: string, full: boolean): Promise<void> {
  await queue?.send(
    crmSyncJob,
    { connectionId, full },
    { singletonKey: `${connectionId}:${full ? 'full' : 'incremental'}` },
  );
}

/** Queues a re-read of one CRM record (a webhook hint). */
export async function enqueueCrmRecord(
  queue: JobQueue | null,
  connectionId: string,
  externalId: string,
): Promise<void> {
  await queue?.send(crmRecordJob, { connectionId, externalId }, { singletonKey: `${connectionId}:${externalId}` });
}

/** Queues an apply run per administration; several requests for one administration collapse into one queued job. */
export async function enqueueApply(
  queue: JobQueue | null,
  portalId: string,
  administrationIds: readonly string[],
): Promise<void> {
  if (queue === null) return;
  for (const administrationId of administrationIds) {
    await queue.send(applyChangesJob, { portalId, administrationId }, { singletonKey: administrationId });
  }
}

/** Queues an index run of a connection (at most one waiting per kind); false when this process has no queue. */
export async function enqueueIndexRun(queue: JobQueue | null, connectionId: string, full: boolean): Promise<boolean> {
  if (queue === null) return false;
  await queue.send(
    callerIdIndexJob,
    { connectionId, full },
    { singletonKey: `${connectionId}:${full ? 'full' : 'inc'}` },
  );
  return true;
}
