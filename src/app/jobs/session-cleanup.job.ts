/** Hourly removal of expired login sessions and old login attempts. */
import { z } from 'zod';

import { deleteExpiredSessions } from '../../adapters/db/repos/sessions.repo.js';

import type { JobDefinition } from '../../adapters/db/queue.js';
import type { AppDeps } from '../deps.js';

const LOGIN_ATTEMPT_RETENTION_DAYS = 30;

export function sessionCleanupJob(deps: () => AppDeps): JobDefinition {
  return {
    name: 'session-cleanup',
    data: z.object({}),
    retryLimit: 3,
    retryDelaySeconds: 60,
    retryBackoff: true,
    cron: '17 * * * *',
    async run() {
      const { db, clock } = deps();
      const now = clock();
      await deleteExpiredSessions(db, now);
      const cutoff = new Date(now.getTime() - LOGIN_ATTEMPT_RETENTION_DAYS * 86_400_000);
      await db.deleteFrom('login_attempts').where('at', '<', cutoff).execute();
    },
  };
}
