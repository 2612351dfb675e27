/** The shape of a background job: its queue contract (enough to enqueue) and, for a worker, its handler. */
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
