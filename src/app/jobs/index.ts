/** Every background job handler crmhub runs, registered explicitly (contracts: ./contracts.ts). */
import { accountViewTokenRefreshHandler } from './accountview-token-refresh.job.js';
import { callerIdIndexHandler } from './callerid-index.job.js';
import { callerIdRetentionHandler } from './callerid-retention.job.js';
import { callerIdScheduleHandler } from './callerid-schedule.job.js';
import { intakeFolderHandler } from './intake-folder.job.js';
import { sessionCleanupHandler } from './session-cleanup.job.js';
import { syncJobHandlers } from './sync.jobs.js';

import type { z } from 'zod';
import type { JobContract, JobDefinition } from '../../adapters/db/queue.js';
import type { AppDeps } from '../deps.js';

export function jobHandlers(deps: () => AppDeps): JobDefinition[] {
  return [
    sessionCleanupHandler(deps),
    callerIdIndexHandler(deps),
    callerIdScheduleHandler(deps),
    accountViewTokenRefreshHandler(deps),
    callerIdRetentionHandler(deps),
    intakeFolderHandler(deps),
    ...syncJobHandlers(deps),
  ];
}

/** The handler of one contract, to run a job in place (tests, the CLI). */
export function jobHandlerFor<S extends z.ZodType>(
  deps: () => AppDeps,
  contract: JobContract<S>,
): JobDefinition<S>['run'] {
  const handler = jobHandlers(deps).find((candidate) => candidate.contract.name === contract.name);
  if (handler === undefined) throw new Error(`no handler for job ${contract.name}`);
  return handler.run;
}
