/** Daily: deletes calls older than CRMHUB_CALL_LOG_RETENTION_DAYS, old pop-up events and old connect attempts. */
import { deleteUserEventsBefore } from '../../adapters/db/repos/callerid-events.repo.js';
import { deleteCallsBefore } from '../../adapters/db/repos/calls.repo.js';
import { deleteOldOAuthAttempts } from '../../adapters/db/repos/oauth-attempts.repo.js';
import { callerIdRetentionJob } from './contracts.js';

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

export function callerIdRetentionHandler(deps: () => AppDeps): JobDefinition {
  return {
    contract: callerIdRetentionJob,
    async run() {
      await applyCallerIdRetention(deps());
    },
  };
}
