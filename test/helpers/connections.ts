// Connections for integration tests: simulator credentials to make them with, and rows made through the use-cases.
import { findConnection, findLiveConnection } from '../../src/adapters/db/repos/connections.repo.js';
import { ensurePortal } from '../../src/adapters/db/repos/users.repo.js';
import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { connectCrm } from '../../src/app/use-cases/sync/crm-connection.js';
import { DEFAULT_PORTAL_NAME } from '../../src/app/use-cases/users.js';
import { simJson } from '../../src/sims/shared/admin-client.js';

import type { Db } from '../../src/adapters/db/pool.js';
import type { Connection } from '../../src/adapters/db/repos/connections.repo.js';
import type { User } from '../../src/adapters/db/repos/users.repo.js';
import type { AppDeps } from '../../src/app/deps.js';
import type { CrmConnectionInput } from '../../src/app/use-cases/sync/crm-connection.js';
import type { PortalConnectionInput } from '../../src/app/use-cases/sync/portal-connection.js';

/** Connects the portal's CRM (the check against the system must pass) and returns its stored row. */
export async function connectCrmRow(deps: AppDeps, user: User, input: CrmConnectionInput): Promise<Connection> {
  const created = mustSucceed(await connectCrm(deps, user, input));
  const connection = await findConnection(deps.db, created.id);
  if (connection === null) throw new Error('no CRM connection');
  return connection;
}

/** The Yuki simulator's portal with a new access key, as a person would enter it (the Platform API is Visma Connect). */
export async function yukiSimPortalInput(yukiUrl: string): Promise<PortalConnectionInput> {
  const { key } = await simJson<{ key: string }>(yukiUrl, '/__sim/access-keys', {
    method: 'POST',
    body: { label: 'crmhub' },
  });
  return { accessKey: key, baseUrl: yukiUrl };
}

/** The portal's live Yuki connection as stored now (after a Visma Connect grant changed its credentials). */
export async function livePortalConnection(db: Db): Promise<Connection> {
  const portalId = await ensurePortal(db, DEFAULT_PORTAL_NAME);
  const connection = await findLiveConnection(db, portalId, 'portal_target');
  if (connection === null) throw new Error('no portal connection');
  return connection;
}
