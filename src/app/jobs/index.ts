/** Every background job crmhub runs, registered explicitly. */
import { accountViewTokenRefreshJob } from './accountview-token-refresh.job.js';
import { callerIdIndexJob } from './callerid-index.job.js';
import { callerIdRetentionJob } from './callerid-retention.job.js';
import { callerIdScheduleJob } from './callerid-schedule.job.js';
import { sessionCleanupJob } from './session-cleanup.job.js';
import { syncJobs } from './sync.jobs.js';

import type { JobDefinition } from '../../adapters/db/queue.js';
import type { AppDeps } from '../deps.js';

export function jobDefinitions(deps: () => AppDeps): JobDefinition[] {
  return [
    sessionCleanupJob(deps),
    callerIdIndexJob(deps),
    callerIdScheduleJob(deps),
    accountViewTokenRefreshJob(deps),
    callerIdRetentionJob(deps),
    ...Object.values(syncJobs(deps)),
  ];
}
