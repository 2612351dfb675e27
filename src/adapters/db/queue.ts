/** Background jobs on the same PostgreSQL through pg-boss: queues with retry/backoff, cron, singletons, graceful stop. */
import PgBoss from 'pg-boss';

import { startJobWorkers } from './job-workers.js';

import type { z } from 'zod';
import type { JobContract, JobDefinition } from './job-contract.js';
import type { JobWorkers } from './job-workers.js';

export type { JobContract, JobDefinition } from './job-contract.js';
export { handleJob } from './job-contract.js';

export type QueueRole = 'producer' | 'worker';

export type JobQueue = {
  send<S extends z.ZodType>(
    contract: JobContract<S>,
    data: z.infer<S>,
    options?: { singletonKey?: string; startAfterSeconds?: number },
  ): Promise<string | null>;
  stop(timeoutMs: number): Promise<void>;
  readonly boss: PgBoss;
};

/** Creates each contract's queue, or brings an existing one up to the contract's policy and retry settings. */
async function ensureQueues(boss: PgBoss, contracts: readonly JobContract[]): Promise<void> {
  for (const contract of contracts) {
    const settings = {
      name: contract.name,
      retryLimit: contract.retryLimit,
      retryDelay: contract.retryDelaySeconds,
      retryBackoff: contract.retryBackoff,
      policy: contract.policy ?? 'standard',
      ...(contract.expireInSeconds === undefined ? {} : { expireInSeconds: contract.expireInSeconds }),
    };
    // createQueue leaves an existing queue as it was: update it too, so a changed policy or retry setting reaches
    // databases made by an older crmhub.
    await boss.createQueue(contract.name, settings);
    await boss.updateQueue(contract.name, settings);
  }
}

/** Registers the schedules and run-on-start jobs of the handlers this worker runs. */
async function scheduleJobs(boss: PgBoss, handlers: readonly JobDefinition[]): Promise<void> {
  for (const { contract } of handlers) {
    if (contract.cron !== undefined) await boss.schedule(contract.name, contract.cron, {}, { tz: 'UTC' });
    if (contract.runOnStart === true) await boss.send(contract.name, contract.data.parse({}) as object);
  }
}

/**
 * Starts pg-boss. A `producer` (API-only instance) only sends; a `worker` also runs handlers, keeps schedules and
 * does pg-boss maintenance. Several instances may share one database.
 */
export async function startJobQueue(
  url: string,
  jobs: { readonly contracts: readonly JobContract[]; readonly handlers: readonly JobDefinition[] },
  options: {
    role: QueueRole;
    onError: (error: Error) => void;
    defaultConcurrency?: number;
    /**
     * Called with the queue before any handler can run: handlers that send follow-up jobs (through the app's deps)
     * must find the queue there even for a job taken the moment the worker starts.
     */
    onReady?: (queue: JobQueue) => void;
  },
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
  await ensureQueues(boss, jobs.contracts);
  let workers: JobWorkers | null = null;
  const queue: JobQueue = {
    boss,
    async send(contract, data, sendOptions = {}) {
      const id = await boss.send(contract.name, contract.data.parse(data) as object, {
        ...(sendOptions.singletonKey === undefined ? {} : { singletonKey: sendOptions.singletonKey }),
        ...(sendOptions.startAfterSeconds === undefined ? {} : { startAfter: sendOptions.startAfterSeconds }),
      });
      // A job for now: wake an idle worker of this process instead of waiting for its next poll (other instances
      // still find it by polling).
      if (id !== null && sendOptions.startAfterSeconds === undefined) workers?.nudge(contract.name);
      return id;
    },
    async stop(timeoutMs) {
      // In-flight jobs get timeoutMs to finish; whatever is still running is failed and so retried later.
      await workers?.stop(timeoutMs);
      await boss.stop({ graceful: true, timeout: 1_000, wait: true });
    },
  };
  options.onReady?.(queue);
  if (isWorker) {
    workers = startJobWorkers(boss, jobs.handlers, {
      defaultConcurrency: options.defaultConcurrency ?? 1,
      onError: options.onError,
    });
    await scheduleJobs(boss, jobs.handlers);
  }
  return queue;
}
