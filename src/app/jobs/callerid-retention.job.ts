/** Daily: deletes calls older than CRMHUB_CALL_LOG_RETENTION_DAYS, old pop-up events and old connect attempts. */
import { z } from 'zod';

import { deleteUserEventsBefore } from '../../adapters/db/repos/callerid-events.repo.js';
import { deleteCallsBefore } from '../../adapters/db/repos/calls.repo.js';
import { deleteOldOAuthAttempts } from '../../adapters/db/repos/oauth-attempts.repo.js';

import type { JobDefinition } from '../../adapters/db/queue.js';
import type { AppDeps } from '../deps.js';

const DAY_MS = 86_400_000;
/** Pop-up events only serve reconnecting streams; a day of replay is plenty. */
const POPUP_EVENT_RETENTION_MS = DAY_MS;
const ATTEMPT_RETENTION_MS = 30 * DAY_MS;

/** Applies the retention rules once; returns what was deleted. */
export async function applyCallerIdRetention(
  deps: Pick<AppDeps, 'db' | 'clock' | 'config'>,
): Promise<{ calls: number; events: number; attempts: number }> {
  const now = deps.clock().getTime();
  const calls = await deleteCallsBefore(deps.db, new Date(now - deps.config.callLogRetentionDays * DAY_MS));
  const events = await deleteUserEventsBefore(deps.db, new Date(now - POPUP_EVENT_RETENTION_MS));
  const attempts = await deleteOldOAuthAttempts(deps.db, new Date(now - ATTEMPT_RETENTION_MS));
  return { calls, events, attempts };
}

export function callerIdRetentionJob(deps: () => AppDeps): JobDefinition {
  return {
    name: 'callerid-retention',
    data: z.object({}),
    retryLimit: 3,
    retryDelaySeconds: 300,
    retryBackoff: true,
    policy: 'short',
    // A scheduled sweep: one at a time is plenty (each worker slot also polls the queue).
    concurrency: 1,
    cron: '23 3 * * *',
    async run() {
      await applyCallerIdRetention(deps());
    },
  };
}
