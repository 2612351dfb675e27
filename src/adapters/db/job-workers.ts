/**
 * crmhub's own fetch–run–settle loop over pg-boss's fetch/complete/fail. pg-boss's `work()` settles a job without
 * awaiting it, so a database that drops at that moment became an unhandled rejection (which ends a process); here
 * every database call is awaited and a failure is reported to `onError`.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import type PgBoss from 'pg-boss';
import type { JobDefinition } from './job-contract.js';

const POLL_INTERVAL_MS = 500;

/** One worker: it either sleeps until its next poll (and can be woken) or runs one job. */
type Slot = { job: { name: string; id: string } | null; wake: (() => void) | null; done: Promise<void> };

export type JobWorkers = {
  /** Wakes an idle worker of the queue: a job was just sent for now. */
  nudge(queue: string): void;
  /** Stops fetching; waits up to `timeoutMs` for running jobs, then fails those still running (so they retry). */
  stop(timeoutMs: number): Promise<void>;
};

/** Rejects when the handler outlives the job's expiry, as pg-boss's own workers do (the job is then retried). */
async function withinExpiry(run: Promise<void>, seconds: number): Promise<void> {
  const controller = new AbortController();
  const expiry = sleep(seconds * 1000, undefined, { signal: controller.signal }).then(() => {
    throw new Error(`the handler ran longer than the job's ${String(seconds)} s expiry`);
  });
  try {
    await Promise.race([run, expiry]);
  } finally {
    controller.abort();
    expiry.catch(() => undefined);
  }
}

function failureData(error: unknown): object {
  return error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
}

type LoopContext = { boss: PgBoss; stopping: () => boolean; onError: (error: Error) => void };

async function runNext(context: LoopContext, { contract, run }: JobDefinition, slot: Slot): Promise<boolean> {
  const { boss, onError } = context;
  const [job] = await boss.fetch<unknown>(contract.name, { batchSize: 1, includeMetadata: true });
  if (job === undefined) return false;
  slot.job = { name: contract.name, id: job.id };
  try {
    // A malformed payload is a bug in the sender; failing loudly beats retrying it forever.
    const data: unknown = contract.data.parse(job.data);
    await withinExpiry(run(data, { id: job.id, attempt: job.retryCount + 1 }), job.expireInSeconds);
    await boss.complete(contract.name, job.id).catch(onError);
  } catch (error) {
    await boss.fail(contract.name, job.id, failureData(error)).catch(onError);
  } finally {
    slot.job = null;
  }
  return true;
}

async function loop(context: LoopContext, definition: JobDefinition, slot: Slot): Promise<void> {
  while (!context.stopping()) {
    let ran = false;
    try {
      ran = await runNext(context, definition, slot);
    } catch (error) {
      context.onError(error instanceof Error ? error : new Error(String(error)));
    }
    // After a job, look for the next one at once; an empty (or failed) fetch waits for the poll or a nudge.
    if (ran || context.stopping()) continue;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, POLL_INTERVAL_MS);
      slot.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    slot.wake = null;
  }
}

/** Starts `concurrency` workers per handler. */
export function startJobWorkers(
  boss: PgBoss,
  handlers: readonly JobDefinition[],
  options: { defaultConcurrency: number; onError: (error: Error) => void },
): JobWorkers {
  let stopping = false;
  const context: LoopContext = { boss, stopping: () => stopping, onError: options.onError };
  const slots = new Map<string, Slot[]>();
  for (const definition of handlers) {
    const queueSlots: Slot[] = [];
    for (let n = 0; n < (definition.contract.concurrency ?? options.defaultConcurrency); n += 1) {
      const slot: Slot = { job: null, wake: null, done: Promise.resolve() };
      slot.done = loop(context, definition, slot);
      queueSlots.push(slot);
    }
    slots.set(definition.contract.name, queueSlots);
  }
  const all = (): Slot[] => [...slots.values()].flat();
  return {
    nudge(queue) {
      slots
        .get(queue)
        ?.find((slot) => slot.wake !== null)
        ?.wake?.();
    },
    async stop(timeoutMs) {
      stopping = true;
      for (const slot of all()) slot.wake?.();
      const finished = Promise.all(all().map((slot) => slot.done));
      await Promise.race([finished, sleep(timeoutMs)]);
      for (const slot of all()) {
        if (slot.job === null) continue;
        const error = new Error('crmhub stopped while the job ran');
        await boss.fail(slot.job.name, slot.job.id, failureData(error)).catch(options.onError);
      }
    },
  };
}
