// Connections made through the real use-cases, read back as the stored rows the jobs work with.
import { findConnection } from '../../src/adapters/db/repos/connections.repo.js';
import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { connectCrm } from '../../src/app/use-cases/sync/crm-connection.js';

import type { Connection } from '../../src/adapters/db/repos/connections.repo.js';
import type { User } from '../../src/adapters/db/repos/users.repo.js';
import type { AppDeps } from '../../src/app/deps.js';
import type { CrmConnectionInput } from '../../src/app/use-cases/sync/crm-connection.js';

/** Connects the portal's CRM (the check against the system must pass) and returns its stored row. */
export async function connectCrmRow(deps: AppDeps, user: User, input: CrmConnectionInput): Promise<Connection> {
  const created = mustSucceed(await connectCrm(deps, user, input));
  const connection = await findConnection(deps.db, created.id);
  if (connection === null) throw new Error('no CRM connection');
  return connection;
}
