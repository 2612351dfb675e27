/** Every 5 minutes: refreshes OAuth access tokens (AccountView's, Yuki's Visma Connect) that expire soon; a refused grant shows "reconnect". */
import { listAllLiveConnections } from '../../adapters/db/repos/connections.repo.js';
import { hasOAuthGrant } from '../../adapters/registry.js';
import { refreshAccountViewToken } from '../use-cases/callerid/accountview-connect.js';
import { refreshPortalGrant } from '../use-cases/sync/visma-connect-status.js';
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
        // A portal's grant is only its Platform API (SOAP keeps working); a caller-ID source's grant is the source.
        if (connection.role === 'portal_target') await refreshPortalGrant(d, connection);
        else await refreshAccountViewToken(d, connection);
      }
    },
  };
}
