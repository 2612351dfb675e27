/** Every 5 minutes: refreshes AccountView access tokens that expire soon; a refused grant marks "reconnect". */
import { z } from 'zod';

import { listAllLiveConnections } from '../../adapters/db/repos/connections.repo.js';
import { refreshAccountViewToken } from '../use-cases/callerid/accountview-connect.js';

import type { JobDefinition } from '../../adapters/db/queue.js';
import type { AppDeps } from '../deps.js';

export function accountViewTokenRefreshJob(deps: () => AppDeps): JobDefinition {
  return {
    name: 'accountview-token-refresh',
    data: z.object({}),
    retryLimit: 1,
    retryDelaySeconds: 60,
    retryBackoff: false,
    policy: 'short',
    // A scheduled sweep: one at a time is plenty (each worker slot also polls the queue).
    concurrency: 1,
    cron: '*/5 * * * *',
    async run() {
      const d = deps();
      for (const connection of await listAllLiveConnections(d.db)) {
        if (connection.system !== 'accountview' || connection.status !== 'active') continue;
        await refreshAccountViewToken(d, connection);
      }
    },
  };
}
