/** Every minute: queues the phone-index runs that are due (daily full reload, incremental polling). */
import { enqueueDueIndexRuns } from '../use-cases/callerid/index-jobs.js';
import { callerIdScheduleJob } from './contracts.js';

import type { JobDefinition } from '../../adapters/db/queue.js';
import type { AppDeps } from '../deps.js';

export function callerIdScheduleHandler(deps: () => AppDeps): JobDefinition {
  return {
    contract: callerIdScheduleJob,
    async run() {
      await enqueueDueIndexRuns(deps());
    },
  };
}
