import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { startJobQueue } from '../../src/adapters/db/queue.js';
import { createTestDb } from '../helpers/db.js';

import type { JobDefinition as HandledJob, JobContract, JobQueue } from '../../src/adapters/db/queue.js';
import type { TestDatabase } from '../helpers/db.js';

/** A contract with its handler in one object, as these tests declare their jobs. */
type JobDefinition = JobContract & { run: HandledJob['run'] };

let database: TestDatabase;
const queues: JobQueue[] = [];

beforeEach(async () => {
  database = await createTestDb();
});
afterEach(async () => {
  for (const queue of queues.splice(0)) await queue.stop(1000).catch(() => undefined);
  await database.close();
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(100);
  }
}

/** A test job: no payload, no retries, one-second retry delay without backoff, unless the test says otherwise. */
function testJob(name: string, settings: Partial<JobContract> & Pick<JobDefinition, 'run'>): JobDefinition {
  return { name, data: z.object({}), retryLimit: 0, retryDelaySeconds: 1, retryBackoff: false, ...settings };
}

async function start(definitions: JobDefinition[], role: 'worker' | 'producer' = 'worker'): Promise<JobQueue> {
  const handlers =
    role === 'worker' ? definitions.map((definition) => ({ contract: definition, run: definition.run })) : [];
  const queue = await startJobQueue(
    database.url,
    { contracts: definitions, handlers },
    { role, onError: () => undefined },
  );
  queues.push(queue);
  return queue;
}

describe('jobs on pg-boss', () => {
  it('retries a job that fails twice with backoff, then succeeds', async () => {
    const attempts: { attempt: number; at: number }[] = [];
    const flaky = testJob('flaky', {
      data: z.object({ n: z.number() }),
      retryLimit: 3,
      retryBackoff: true,
      async run(_data, job) {
        attempts.push({ attempt: job.attempt, at: Date.now() });
        await Promise.resolve();
        if (job.attempt < 3) throw new Error(`attempt ${job.attempt} fails`);
      },
    });
    const queue = await start([flaky]);
    const id = await queue.send(flaky, { n: 1 });
    await until(async () => (await queue.boss.getJobById('flaky', id ?? ''))?.state === 'completed');
    expect(attempts.map((entry) => entry.attempt)).toEqual([1, 2, 3]);
    const [first, second, third] = attempts.map((entry) => entry.at);
    // Backoff: the second wait is longer than the first.
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThan((second ?? 0) - (first ?? 0));
  });

  it('keeps one queued job per singleton key', async () => {
    const noop = testJob('noop', { policy: 'short', run: () => Promise.resolve() });
    const producer = await start([noop], 'producer');
    const first = await producer.send(noop, {}, { singletonKey: 'connection-1', startAfterSeconds: 60 });
    const second = await producer.send(noop, {}, { singletonKey: 'connection-1', startAfterSeconds: 60 });
    const other = await producer.send(noop, {}, { singletonKey: 'connection-2', startAfterSeconds: 60 });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(other).not.toBeNull();
  });

  it('brings a queue made by an older crmhub up to its current settings', async () => {
    const noop = (policy: 'stately' | 'short', retryLimit: number): JobDefinition =>
      testJob('changed', { policy, retryLimit, run: () => Promise.resolve() });
    const older = await start([noop('stately', 1)], 'producer');
    await older.stop(1000);
    const newer = await start([noop('short', 4)], 'producer');
    expect(await newer.boss.getQueue('changed')).toMatchObject({ policy: 'short', retryLimit: 4 });
  });

  it('a producer-only instance sends while another instance works (split API and workers)', async () => {
    const done: number[] = [];
    const definition = testJob('shared', {
      data: z.object({ n: z.number() }),
      async run(data) {
        await Promise.resolve();
        done.push((data as { n: number }).n);
      },
    });
    const producer = await start([definition], 'producer');
    await start([definition], 'worker');
    for (let n = 0; n < 5; n += 1) await producer.send(definition, { n });
    await until(() => done.length === 5);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('graceful stop lets an in-flight job finish', async () => {
    let finished = false;
    let started = false;
    const slow = testJob('slow', {
      retryLimit: 1,
      async run() {
        started = true;
        await sleep(1500);
        finished = true;
      },
    });
    const queue = await start([slow]);
    const id = await queue.send(slow, {});
    await until(() => started);
    queues.splice(queues.indexOf(queue), 1);
    await queue.stop(10_000);
    expect(finished).toBe(true);
    const checker = await start([slow], 'producer');
    expect((await checker.boss.getJobById('slow', id ?? ''))?.state).toBe('completed');
  });

  it('a job still running at the stop timeout is returned to the queue and retried', async () => {
    let runs = 0;
    const stuck = testJob('stuck', {
      retryLimit: 2,
      async run() {
        runs += 1;
        if (runs === 1) await sleep(4000);
      },
    });
    const first = await start([stuck]);
    const id = await first.send(stuck, {});
    await until(() => runs === 1);
    queues.splice(queues.indexOf(first), 1);
    await first.stop(1000);
    const second = await start([stuck]);
    await until(async () => (await second.boss.getJobById('stuck', id ?? ''))?.state === 'completed');
    expect(runs).toBeGreaterThanOrEqual(2);
  });
});
