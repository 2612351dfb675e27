/** Connections of a portal to external systems; credentials are stored only as a SecretBox ciphertext. */
import { camelRow } from './camel-row.js';
import { failureColumns, noFailureColumns } from './failure-columns.js';

import type { Selectable } from 'kysely';
import type { ConnectorError, RunFailure } from '../../../core/connector.js';
import type { Db } from '../pool.js';
import type { ConnectionRole, ConnectionsTable, ConnectionStatus } from '../schema.js';

export type Connection = {
  readonly id: string;
  readonly portalId: string;
  readonly role: ConnectionRole;
  readonly system: string;
  readonly status: ConnectionStatus;
  readonly baseUrl: string | null;
  readonly credentialsEnc: string | null;
  readonly pollIntervalSeconds: number;
  readonly cursor: string | null;
  readonly lastRunAt: Date | null;
  readonly lastSuccessAt: Date | null;
  readonly nextRunAt: Date | null;
  readonly lastReconcileAt: Date | null;
  readonly lastError: string | null;
  readonly lastFailure: RunFailure | null;
  readonly lastErrorAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
};

const columns = [
  'id',
  'portal_id',
  'role',
  'system',
  'status',
  'base_url',
  'credentials_enc',
  'poll_interval_seconds',
  'cursor',
  'last_run_at',
  'last_success_at',
  'next_run_at',
  'last_reconcile_at',
  'last_error',
  'last_failure',
  'last_error_at',
  'created_at',
  'updated_at',
] as const;

type Row = Pick<Selectable<ConnectionsTable>, (typeof columns)[number]>;

function toConnection(row: Row): Connection {
  return camelRow(row);
}

/** The live (not disconnected) connection of a portal in a role (and of one system, when given), if any. */
export async function findLiveConnection(
  db: Db,
  portalId: string,
  role: ConnectionRole,
  system?: string,
): Promise<Connection | null> {
  let query = db
    .selectFrom('connections')
    .select(columns)
    .where('portal_id', '=', portalId)
    .where('role', '=', role)
    .where('status', '<>', 'disconnected');
  if (system !== undefined) query = query.where('system', '=', system);
  const row = await query.orderBy('created_at', 'desc').executeTakeFirst();
  return row === undefined ? null : toConnection(row);
}

export async function findConnection(db: Db, id: string): Promise<Connection | null> {
  const row = await db.selectFrom('connections').select(columns).where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toConnection(row);
}

/** Every live connection of a portal: its CRM and portal, and the sources whose records may pop up. */
export async function listLiveConnections(db: Db, portalId: string): Promise<Connection[]> {
  const rows = await db
    .selectFrom('connections')
    .select(columns)
    .where('portal_id', '=', portalId)
    .where('status', '<>', 'disconnected')
    .orderBy('role')
    .orderBy('created_at')
    .execute();
  return rows.map(toConnection);
}

/** Every live connection of every portal (for scheduled jobs). */
export async function listAllLiveConnections(db: Db): Promise<Connection[]> {
  const rows = await db.selectFrom('connections').select(columns).where('status', '<>', 'disconnected').execute();
  return rows.map(toConnection);
}

export async function insertConnection(
  db: Db,
  input: {
    portalId: string;
    role: ConnectionRole;
    system: string;
    baseUrl: string | null;
    /** null for a CRM that sends its records: crmhub issued its credentials (intake_sources). */
    credentialsEnc: string | null;
    pollIntervalSeconds?: number;
    /** null: never polled (a CRM that sends its records). */
    nextRunAt: Date | null;
  },
): Promise<Connection> {
  const row = await db
    .insertInto('connections')
    .values({
      portal_id: input.portalId,
      role: input.role,
      system: input.system,
      base_url: input.baseUrl,
      credentials_enc: input.credentialsEnc,
      next_run_at: input.nextRunAt,
      ...(input.pollIntervalSeconds === undefined ? {} : { poll_interval_seconds: input.pollIntervalSeconds }),
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toConnection(row);
}

/** New credentials (re-validated by the caller): the connection becomes active again and its errors are cleared. */
export async function updateConnectionCredentials(
  db: Db,
  id: string,
  input: { baseUrl: string | null; credentialsEnc: string; pollIntervalSeconds?: number; now: Date },
): Promise<void> {
  await db
    .updateTable('connections')
    .set({
      base_url: input.baseUrl,
      credentials_enc: input.credentialsEnc,
      status: 'active',
      ...noFailureColumns,
      last_error_at: null,
      updated_at: input.now,
      next_run_at: input.now,
      ...(input.pollIntervalSeconds === undefined ? {} : { poll_interval_seconds: input.pollIntervalSeconds }),
    })
    .where('id', '=', id)
    .execute();
}

/** Stops syncing or looking up and deletes the stored credentials; the row stays for history and audit. */
export async function disconnectConnection(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('connections')
    .set({ status: 'disconnected', credentials_enc: null, disconnected_at: now, updated_at: now, next_run_at: null })
    .where('id', '=', id)
    .execute();
}

/** Records the outcome of a sync run (success clears the error; failure keeps the cursor). */
export async function recordConnectionRun(
  db: Db,
  id: string,
  outcome:
    | { ok: true; now: Date; cursor: string | null; nextRunAt: Date; reconciled?: boolean }
    | { ok: false; now: Date; error: ConnectorError; nextRunAt: Date | null; needsReconnect: boolean },
): Promise<void> {
  const update = outcome.ok
    ? {
        last_run_at: outcome.now,
        last_success_at: outcome.now,
        cursor: outcome.cursor,
        next_run_at: outcome.nextRunAt,
        ...noFailureColumns,
        last_error_at: null,
        updated_at: outcome.now,
        ...(outcome.reconciled === true ? { last_reconcile_at: outcome.now } : {}),
      }
    : {
        last_run_at: outcome.now,
        ...failureColumns(outcome.error),
        last_error_at: outcome.now,
        next_run_at: outcome.nextRunAt,
        updated_at: outcome.now,
        ...(outcome.needsReconnect ? { status: 'needs_reconnect' as const } : {}),
      };
  await db.updateTable('connections').set(update).where('id', '=', id).where('status', '<>', 'disconnected').execute();
}

/** Live connections in a role whose next run is due. */
export async function dueConnections(db: Db, role: ConnectionRole, now: Date): Promise<Connection[]> {
  const rows = await db
    .selectFrom('connections')
    .select(columns)
    .where('role', '=', role)
    .where('status', '=', 'active')
    .where('next_run_at', '<=', now)
    .execute();
  return rows.map(toConnection);
}

/** The ids of every active CRM connection (the nightly full reconcile reads them all). */
export async function activeCrmConnectionIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('connections')
    .select('id')
    .where('role', '=', 'crm')
    .where('status', '=', 'active')
    .execute();
  return rows.map((row) => row.id);
}
