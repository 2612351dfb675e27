// Connections for integration tests: simulator credentials to make them with, and rows made through the use-cases.
import { findConnection } from '../../src/adapters/db/repos/connections.repo.js';
import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { connectCrm } from '../../src/app/use-cases/sync/crm-connection.js';
import { simJson } from '../../src/sims/shared/admin-client.js';

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

/** The Yuki simulator's portal with a new access key and platform token, as a person would enter them. */
export async function yukiSimPortalInput(yukiUrl: string): Promise<PortalConnectionInput> {
  const credentials = await simJson<{ portalId: string }>(yukiUrl, '/__sim/credentials');
  const { key } = await simJson<{ key: string }>(yukiUrl, '/__sim/access-keys', {
    method: 'POST',
    body: { label: 'crmhub' },
  });
  const { token } = await simJson<{ token: string }>(yukiUrl, '/__sim/platform-tokens', { method: 'POST', body: {} });
  return { accessKey: key, platformToken: token, portalId: credentials.portalId, baseUrl: yukiUrl };
}
