/** Hourly removal of expired login sessions, old login attempts and login-limit windows that ended long ago. */
import { deleteThrottleWindowsBefore } from '../../adapters/db/repos/login-throttle.repo.js';
import { deleteExpiredSessions, deleteLoginAttemptsBefore } from '../../adapters/db/repos/sessions.repo.js';
import { sessionCleanupJob } from './contracts.js';

import type { JobDefinition } from '../../adapters/db/queue.js';
import type { AppDeps } from '../deps.js';

const LOGIN_ATTEMPT_RETENTION_DAYS = 30;

export function sessionCleanupHandler(deps: () => AppDeps): JobDefinition {
  return {
    contract: sessionCleanupJob,
    async run() {
      const { db, clock } = deps();
      const now = clock();
      await deleteExpiredSessions(db, now);
      await deleteLoginAttemptsBefore(db, new Date(now.getTime() - LOGIN_ATTEMPT_RETENTION_DAYS * 86_400_000));
      // A day is longer than any login-limit window (lockout minutes or the 15-minute address window).
      await deleteThrottleWindowsBefore(db, new Date(now.getTime() - 86_400_000));
    },
  };
}
