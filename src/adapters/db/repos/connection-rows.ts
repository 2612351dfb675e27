/** Statements shared by the tables whose rows belong to one connection (keyed by `connection_id`). */
import { sql } from 'kysely';

import type { Updateable } from 'kysely';
import type { Db } from '../pool.js';
import type { Database } from '../schema.js';
import type { RecordScope } from './phone-index.repo.js';

/** The tables with a `connection_id` column. */
export type ConnectionTable = {
  [T in keyof Database]: 'connection_id' extends keyof Database[T] ? T : never;
}[keyof Database];

export async function countConnectionRows(db: Db, table: ConnectionTable, connectionId: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select(db.fn.countAll<number>().as('n'))
    .where('connection_id', '=', connectionId)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Sets `values` on every row of the connection in `table` (the one row, where the connection is the key). */
export async function updateConnectionRows<T extends ConnectionTable>(
  db: Db,
  table: T,
  connectionId: string,
  values: Updateable<Database[T]>,
): Promise<void> {
  // Kysely cannot resolve columns of a generic table: the caller's values are checked against T, the statement not.
  const target: ConnectionTable = table;
  const update: Updateable<Database[ConnectionTable]> = values;
  await db.updateTable(target).set(update).where('connection_id', '=', connectionId).execute();
}

/** Per-connection tables that drop their stale rows, by the column that ages them. */
const agedBy = {
  phone_index: 'generation',
  phone_index_skips: 'generation',
  intake_rate: 'window_start',
  intake_signatures: 'seen_at',
  intake_requests: 'created_at',
} as const;

/** What a row of each such table is compared with: a mark-and-sweep generation, or a point in time. */
type AgeBound = {
  phone_index: number;
  phone_index_skips: number;
  intake_rate: Date;
  intake_signatures: Date;
  intake_requests: Date;
};

/** Deletes the connection's rows in `table` older than `below` (its aging column strictly less); returns how many. */
export async function deleteConnectionRowsBelow<T extends keyof AgeBound>(
  db: Db,
  table: T,
  connectionId: string,
  below: AgeBound[T],
): Promise<number> {
  const target: keyof AgeBound = table;
  const bound: AgeBound[keyof AgeBound] = below;
  const result = await db
    .deleteFrom(target)
    .where('connection_id', '=', connectionId)
    .where(agedBy[target], '<', bound)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The tables that hold rows per source record of a connection: the phone index and what it could not read. */
type RecordTable = 'phone_index' | 'phone_index_skips';

/** Deletes every row of one record (or company) of the connection in `table`; returns how many. */
export async function deleteScopeRows(
  db: Db,
  table: RecordTable,
  connectionId: string,
  scope: RecordScope,
): Promise<number> {
  const query = db.deleteFrom(table).where('connection_id', '=', connectionId);
  const inScope =
    scope.kind === 'record'
      ? query.where('record_kind', '=', scope.recordKind).where('record_id', '=', scope.recordId)
      : query.where('company_id', '=', scope.companyId);
  return Number((await inScope.executeTakeFirst()).numDeletedRows);
}

/** Deletes every row of these records of the connection in `table`, in one statement. */
export async function deleteRecordRows(
  db: Db,
  table: RecordTable,
  connectionId: string,
  records: readonly { readonly recordKind: string; readonly recordId: string }[],
): Promise<void> {
  if (records.length === 0) return;
  await sql`
    DELETE FROM ${sql.table(table)} r
    USING unnest(${records.map((k) => k.recordKind)}::text[], ${records.map((k) => k.recordId)}::text[]) AS k(kind, id)
    WHERE r.connection_id = ${connectionId} AND r.record_kind = k.kind AND r.record_id = k.id
  `.execute(db);
}
