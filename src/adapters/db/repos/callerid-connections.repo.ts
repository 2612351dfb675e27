/** Connection rows as caller ID uses them: the AccountView source (owned here) and every live source for lookups. */
import type { Db } from '../pool.js';
import type { ConnectionRole, ConnectionStatus } from '../schema.js';

export type SourceConnection = {
  readonly id: string;
  readonly portalId: string;
  readonly role: ConnectionRole;
  readonly system: string;
  readonly status: ConnectionStatus;
  readonly baseUrl: string | null;
  readonly credentialsEnc: string | null;
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
};

const selection = [
  'id',
  'portal_id',
  'role',
  'system',
  'status',
  'base_url',
  'credentials_enc',
  'last_error',
  'last_error_at',
  'created_at',
  'updated_at',
] as const;

type Row = {
  id: string;
  portal_id: string;
  role: ConnectionRole;
  system: string;
  status: ConnectionStatus;
  base_url: string | null;
  credentials_enc: string | null;
  last_error: string | null;
  last_error_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

function toConnection(row: Row): SourceConnection {
  return {
    id: row.id,
    portalId: row.portal_id,
    role: row.role,
    system: row.system,
    status: row.status,
    baseUrl: row.base_url,
    credentialsEnc: row.credentials_enc,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findConnectionById(db: Db, id: string): Promise<SourceConnection | null> {
  const row = await db.selectFrom('connections').select(selection).where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toConnection(row);
}

/** The live (not disconnected) connection of a portal for a role and system. */
export async function findLiveConnection(
  db: Db,
  portalId: string,
  role: ConnectionRole,
  system: string,
): Promise<SourceConnection | null> {
  const row = await db
    .selectFrom('connections')
    .select(selection)
    .where('portal_id', '=', portalId)
    .where('role', '=', role)
    .where('system', '=', system)
    .where('status', '<>', 'disconnected')
    .executeTakeFirst();
  return row === undefined ? null : toConnection(row);
}

/** Every live connection of a portal: the sources whose records may pop up (AccountView, CRM, Yuki). */
export async function listLiveConnections(db: Db, portalId: string): Promise<SourceConnection[]> {
  const rows = await db
    .selectFrom('connections')
    .select(selection)
    .where('portal_id', '=', portalId)
    .where('status', '<>', 'disconnected')
    .orderBy('created_at')
    .execute();
  return rows.map(toConnection);
}

/** Every live connection of every portal (for scheduled jobs). */
export async function listAllLiveConnections(db: Db): Promise<SourceConnection[]> {
  const rows = await db.selectFrom('connections').select(selection).where('status', '<>', 'disconnected').execute();
  return rows.map(toConnection);
}

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
      last_error: null,
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

/** Marks a connection as needing a new authorization (revoked or expired grant), with the reason to show. */
export async function markNeedsReconnect(db: Db, id: string, reason: string, now: Date): Promise<void> {
  await db
    .updateTable('connections')
    .set({ status: 'needs_reconnect', last_error: reason, last_error_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '<>', 'disconnected')
    .execute();
}

export async function recordConnectionError(db: Db, id: string, reason: string, now: Date): Promise<void> {
  await db
    .updateTable('connections')
    .set({ last_error: reason, last_error_at: now, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Disconnects: stored credentials are deleted; the row stays for history. */
export async function disconnectConnection(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('connections')
    .set({ status: 'disconnected', credentials_enc: null, disconnected_at: now, updated_at: now })
    .where('id', '=', id)
    .execute();
}
