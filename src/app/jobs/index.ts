/** Every background job crmhub runs, registered explicitly. */
import { sessionCleanupJob } from './session-cleanup.job.js';

import type { JobDefinition } from '../../adapters/db/queue.js';
import type { AppDeps } from '../deps.js';

export function jobDefinitions(deps: () => AppDeps): JobDefinition[] {
  return [sessionCleanupJob(deps)];
}
