/** Every background job crmhub runs, registered explicitly. */
import type { JobDefinition } from '../../adapters/db/queue.js';
import type { AppDeps } from '../deps.js';
import { sessionCleanupJob } from './session-cleanup.job.js';

export function jobDefinitions(deps: () => AppDeps): JobDefinition[] {
  return [sessionCleanupJob(deps)];
}
