/** Background jobs on the same PostgreSQL through pg-boss: queues with retry/backoff, cron, singletons, graceful stop. */
import { setTimeout } from 'node:timers/promises';
import PgBoss from 'pg-boss';

import type { z } from 'zod';

/** One kind of job as a queue knows it: name, payload schema and queue settings (enough to enqueue). */
export type JobContract<Schema extends z.ZodType = z.ZodType> = {
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
  /** Also queued once whenever a worker starts (a sweep that picks up work a stopped worker left behind). */
  readonly runOnStart?: boolean;
  /** Jobs this worker takes at once from this queue. */
  readonly concurrency?: number;
};

/** A contract with the handler a worker runs for it. */
export type JobDefinition<Schema extends z.ZodType = z.ZodType> = {
  readonly contract: JobContract<Schema>;
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a handler is called unbound
  run(this: void, data: z.infer<Schema>, job: { id: string; attempt: number }): Promise<void>;
};

/** Pairs a contract with its handler, typed by the contract's payload schema. */
export function handleJob<S extends z.ZodType>(
  contract: JobContract<S>,
  run: JobDefinition<S>['run'],
): JobDefinition<S> {
  return { contract, run };
}

export type QueueRole = 'producer' | 'worker';

/** How long a stopping worker waits for a fetch already sent (one indexed UPDATE … RETURNING) to come back. */
const FETCH_GRACE_MS = 250;

type WorkerSlot = { id: string | null; busy: boolean };

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

/** One pg-boss worker for `contract`, marking `slot` busy while it runs a job and nudging itself after each. */
async function startWorker(boss: PgBoss, { contract, run }: JobDefinition, slot: WorkerSlot): Promise<void> {
  slot.id = await boss.work<unknown>(
    contract.name,
    { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 0.5 },
    async ([job]) => {
      if (job === undefined) return;
      slot.busy = true;
      try {
        // A malformed payload is a bug in the sender; failing loudly beats retrying it forever.
        const data: unknown = contract.data.parse(job.data);
        await run(data, { id: job.id, attempt: job.retryCount + 1 });
      } finally {
        slot.busy = false;
        // Drain: look for the next job at once; an empty fetch falls back to the normal polling interval.
        if (slot.id !== null) boss.notifyWorker(slot.id);
      }
    },
  );
}

/** Starts the workers of every handler (recorded in `workers`), its schedule and its run-on-start job. */
async function startWorkers(
  boss: PgBoss,
  handlers: readonly JobDefinition[],
  workers: Map<string, WorkerSlot[]>,
  defaultConcurrency: number | undefined,
): Promise<void> {
  for (const definition of handlers) {
    const { contract } = definition;
    const slots: WorkerSlot[] = [];
    workers.set(contract.name, slots);
    for (let n = 0; n < (contract.concurrency ?? defaultConcurrency ?? 1); n += 1) {
      const slot: WorkerSlot = { id: null, busy: false };
      slots.push(slot);
      await startWorker(boss, definition, slot);
    }
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
  // This process's workers per queue. pg-boss polls every 0.5 s and, after a job, sleeps out the rest of the interval
  // even when more jobs wait: without a nudge a job waits up to 0.5 s to start and a worker runs at most 2 jobs/s.
  const workers = new Map<string, WorkerSlot[]>();
  const queue: JobQueue = {
    boss,
    async send(contract, data, sendOptions = {}) {
      const id = await boss.send(contract.name, contract.data.parse(data) as object, {
        ...(sendOptions.singletonKey === undefined ? {} : { singletonKey: sendOptions.singletonKey }),
        ...(sendOptions.startAfterSeconds === undefined ? {} : { startAfter: sendOptions.startAfterSeconds }),
      });
      // A job for now, sent where a worker of its queue idles: wake that worker instead of waiting for its next poll.
      // (Other instances still find it by polling.)
      const idle = workers.get(contract.name)?.find((slot) => !slot.busy && slot.id !== null);
      if (id !== null && sendOptions.startAfterSeconds === undefined && idle?.id != null) boss.notifyWorker(idle.id);
      return id;
    },
    async stop(timeoutMs) {
      // pg-boss's graceful stop waits only for jobs whose handler has started: a job its fetch was taking at that
      // moment would be left active, untouched until it expires (minutes; for crm-sync an hour). So stop fetching
      // first and let an in-flight fetch hand its job over.
      if (isWorker) {
        for (const { contract } of jobs.handlers) await boss.offWork(contract.name);
        await setTimeout(FETCH_GRACE_MS);
      }
      // Graceful: in-flight jobs get timeoutMs to finish; whatever is still running is failed and so retried later.
      await boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
    },
  };
  options.onReady?.(queue);
  if (isWorker) await startWorkers(boss, jobs.handlers, workers, options.defaultConcurrency);
  return queue;
}
