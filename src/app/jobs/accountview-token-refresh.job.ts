/** Every 5 minutes: refreshes OAuth access tokens (AccountView's) that expire soon; a refused grant marks "reconnect". */
import { listAllLiveConnections } from '../../adapters/db/repos/connections.repo.js';
import { hasOAuthGrant } from '../../adapters/registry.js';
import { refreshAccountViewToken } from '../use-cases/callerid/accountview-connect.js';
import { accountViewTokenRefreshJob } from './contracts.js';

import type { JobDefinition } from '../../adapters/db/queue.js';
import type { AppDeps } from '../deps.js';

export function accountViewTokenRefreshHandler(deps: () => AppDeps): JobDefinition {
  return {
    contract: accountViewTokenRefreshJob,
    async run() {
      const d = deps();
      for (const connection of await listAllLiveConnections(d.db)) {
        if (!hasOAuthGrant(connection.system) || connection.status !== 'active') continue;
        await refreshAccountViewToken(d, connection);
      }
    },
  };
}
