/** What the CRM and the portal connection share: saved with the audit of who connected, disconnected alike. */
import {
  disconnectConnection,
  findLiveConnection,
  insertConnection,
} from '../../../adapters/db/repos/connections.repo.js';
import { ok } from '../../../core/result.js';
import { fail } from '../failure.js';
import { auditUserAction } from '../user-audit.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';

type SyncRole = 'crm' | 'portal_target';

const audited = {
  crm: { name: 'CRM', connected: 'crm_connected', disconnected: 'crm_disconnected' },
  portal_target: { name: 'portal', connected: 'portal_connected', disconnected: 'portal_disconnected' },
} as const;

export type NewSyncConnection = {
  readonly role: SyncRole;
  readonly system: string;
  readonly baseUrl: string | null;
  readonly credentialsEnc: string;
  readonly pollIntervalSeconds?: number;
};

/** Saves a checked connection, due to run at once, and audits it (with `details`) in one transaction. */
export async function saveConnection(
  deps: AppDeps,
  user: User,
  connection: NewSyncConnection,
  details: Record<string, unknown>,
): Promise<Connection> {
  const now = deps.clock();
  return deps.db.transaction().execute(async (trx) => {
    const created = await insertConnection(trx, { ...connection, portalId: user.portalId, nextRunAt: now });
    await auditUserAction(trx, user, audited[connection.role].connected, now, { details });
    return created;
  });
}

/** The portal's live CRM or portal connection; `not_connected` when there is none. */
export async function liveConnection(
  deps: Pick<AppDeps, 'db'>,
  portalId: string,
  role: SyncRole,
): Promise<Outcome<Connection>> {
  const connection = await findLiveConnection(deps.db, portalId, role);
  return connection === null ? fail('not_connected', `there is no ${audited[role].name} connection`) : ok(connection);
}

/** Stops syncing and deletes the credentials; links, changes and audit stay. */
export async function disconnectRole(deps: AppDeps, user: User, role: SyncRole): Promise<Outcome<void>> {
  const current = await liveConnection(deps, user.portalId, role);
  if (!current.ok) return current;
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await disconnectConnection(trx, current.value.id, now);
    await auditUserAction(trx, user, audited[role].disconnected, now);
  });
  return ok(undefined);
}
