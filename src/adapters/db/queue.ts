/** Background jobs on the same PostgreSQL through pg-boss: queues with retry/backoff, cron, singletons, graceful stop. */
import PgBoss from 'pg-boss';

import type { z } from 'zod';

/** One kind of job: its queue settings and the handler that runs it. */
export type JobDefinition<Schema extends z.ZodType = z.ZodType> = {
  readonly name: string;
  readonly data: Schema;
  readonly retryLimit: number;
  readonly retryDelaySeconds: number;
  readonly retryBackoff: boolean;
  /**
   * pg-boss queue policy, applied per singleton key: `short` keeps at most one queued job, `singleton` one active,
   * `stately` one of each; `standard` (default) does not deduplicate.
   */
  readonly policy?: 'standard' | 'short' | 'singleton' | 'stately';
  /** How long one run may take before pg-boss considers its worker gone and retries it (default 15 minutes). */
  readonly expireInSeconds?: number;
  /** Cron expression (UTC) for a recurring job, e.g. `0 3 * * *`. */
  readonly cron?: string;
  /** Jobs this worker takes at once from this queue. */
  readonly concurrency?: number;
  run(data: z.infer<Schema>, job: { id: string; attempt: number }): Promise<void>;
};

export type QueueRole = 'producer' | 'worker';

export type JobQueue = {
  send<S extends z.ZodType>(
    definition: JobDefinition<S>,
    data: z.infer<S>,
    options?: { singletonKey?: string; startAfterSeconds?: number },
  ): Promise<string | null>;
  stop(timeoutMs: number): Promise<void>;
  readonly boss: PgBoss;
};

/**
 * Starts pg-boss. A `producer` (API-only instance) only sends; a `worker` also runs handlers, keeps schedules and
 * does pg-boss maintenance. Several instances may share one database.
 */
export async function startJobQueue(
  url: string,
  definitions: readonly JobDefinition[],
  options: { role: QueueRole; onError: (error: Error) => void; defaultConcurrency?: number },
): Promise<JobQueue> {
  const isWorker = options.role === 'worker';
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss',
    max: 4,
    application_name: 'crmhub-jobs',
    supervise: isWorker,
    schedule: isWorker,
  });
  boss.on('error', options.onError);
  await boss.start();
  for (const definition of definitions) {
    await boss.createQueue(definition.name, {
      name: definition.name,
      retryLimit: definition.retryLimit,
      retryDelay: definition.retryDelaySeconds,
      retryBackoff: definition.retryBackoff,
      policy: definition.policy ?? 'standard',
      ...(definition.expireInSeconds === undefined ? {} : { expireInSeconds: definition.expireInSeconds }),
    });
  }
  if (isWorker) {
    for (const definition of definitions) {
      for (let slot = 0; slot < (definition.concurrency ?? options.defaultConcurrency ?? 1); slot += 1) {
        await boss.work<unknown>(
          definition.name,
          { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 0.5 },
          async ([job]) => {
            if (job === undefined) return;
            // A malformed payload is a bug in the sender; failing loudly beats retrying it forever.
            const data: unknown = definition.data.parse(job.data);
            await definition.run(data, { id: job.id, attempt: job.retryCount + 1 });
          },
        );
      }
      if (definition.cron !== undefined) await boss.schedule(definition.name, definition.cron, {}, { tz: 'UTC' });
    }
  }
  return {
    boss,
    async send(definition, data, sendOptions = {}) {
      return boss.send(definition.name, definition.data.parse(data) as object, {
        ...(sendOptions.singletonKey === undefined ? {} : { singletonKey: sendOptions.singletonKey }),
        ...(sendOptions.startAfterSeconds === undefined ? {} : { startAfter: sendOptions.startAfterSeconds }),
      });
    },
    async stop(timeoutMs) {
      // Graceful: in-flight jobs get timeoutMs to finish; whatever is still running is failed and so retried later.
      await boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
    },
  };
}
