/** Connection writes of caller ID: connecting an OAuth source (create or reconnect) and recording a lost grant. */
import { failureColumns, noFailureColumns } from './failure-columns.js';

import type { ConnectorError } from '../../../core/connector.js';
import type { Db } from '../pool.js';
import type { ConnectionRole } from '../schema.js';

/** Creates the live connection of a role/system or replaces the credentials of the existing one (reconnect). */
export async function saveLiveConnection(
  db: Db,
  input: {
    readonly portalId: string;
    readonly role: ConnectionRole;
    readonly system: string;
    readonly baseUrl: string | null;
    readonly credentialsEnc: string;
    readonly now: Date;
  },
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('connections')
      .select('id')
      .where('portal_id', '=', input.portalId)
      .where('role', '=', input.role)
      .where('system', '=', input.system)
      .where('status', '<>', 'disconnected')
      .forUpdate()
      .executeTakeFirst();
    const values = {
      status: 'active' as const,
      base_url: input.baseUrl,
      credentials_enc: input.credentialsEnc,
      ...noFailureColumns,
      last_error_at: null,
      updated_at: input.now,
    };
    if (existing !== undefined) {
      await trx.updateTable('connections').set(values).where('id', '=', existing.id).execute();
      return existing.id;
    }
    const created = await trx
      .insertInto('connections')
      .values({ portal_id: input.portalId, role: input.role, system: input.system, ...values })
      .returning('id')
      .executeTakeFirstOrThrow();
    return created.id;
  });
}

/**
 * Marks a connection as needing a new authorization (revoked or expired grant), with the failure to show. No run is
 * due until it is reconnected (only active connections run), so none is shown as planned.
 */
export async function markNeedsReconnect(db: Db, id: string, error: ConnectorError, now: Date): Promise<void> {
  await db
    .updateTable('connections')
    .set({
      status: 'needs_reconnect',
      ...failureColumns(error),
      last_error_at: now,
      next_run_at: null,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', '<>', 'disconnected')
    .execute();
}

export async function recordConnectionError(db: Db, id: string, error: ConnectorError, now: Date): Promise<void> {
  await db
    .updateTable('connections')
    .set({ ...failureColumns(error), last_error_at: now, updated_at: now })
    .where('id', '=', id)
    .execute();
}
