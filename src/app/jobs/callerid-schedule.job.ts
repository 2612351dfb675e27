/** Every minute: queues the phone-index runs that are due (daily full reload, incremental polling). */
import { z } from 'zod';

import { enqueueDueIndexRuns } from '../use-cases/callerid/index-jobs.js';

import type { JobDefinition } from '../../adapters/db/queue.js';
import type { AppDeps } from '../deps.js';

export function callerIdScheduleJob(deps: () => AppDeps): JobDefinition {
  return {
    name: 'callerid-schedule',
    data: z.object({}),
    retryLimit: 0,
    retryDelaySeconds: 30,
    retryBackoff: false,
    policy: 'short',
    // A scheduled sweep: one at a time is plenty (each worker slot also polls the queue).
    concurrency: 1,
    cron: '* * * * *',
    async run() {
      await enqueueDueIndexRuns(deps());
    },
  };
}
