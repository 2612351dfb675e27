/** The last known state of each intake record (whole, as normalised), read to compare and to feed the phone index. */
import { sql } from 'kysely';

import type { IntakeRecord } from '../../../core/intake/record.js';
import type { Db } from '../pool.js';

/**
 * Serialises ingest batches of one source until the transaction ends, so that each batch compares with the state the
 * previous one left (two concurrent pushes of the same record cannot both see the old state).
 */
export async function lockIntakeSource(trx: Db, connectionId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`intake:${connectionId}`}, 0))`.execute(trx);
}

/** The connection's stored records; the callers narrow which. */
function recordsOf(db: Db, connectionId: string) {
  return db
    .selectFrom('intake_records')
    .select(['external_id', 'record', 'changed_at'])
    .where('connection_id', '=', connectionId);
}

function toStored(row: { readonly record: unknown; readonly changed_at: Date }): StoredIntakeRecord {
  return { record: row.record as IntakeRecord, changedAt: row.changed_at };
}

/** The stored records of these external ids. */
export async function findIntakeRecords(
  db: Db,
  connectionId: string,
  externalIds: readonly string[],
): Promise<Map<string, IntakeRecord>> {
  if (externalIds.length === 0) return new Map();
  const rows = await recordsOf(db, connectionId).where('external_id', 'in', externalIds).execute();
  return new Map(rows.map((row) => [row.external_id, row.record as IntakeRecord]));
}

/** Writes the new state of changed records (one statement). */
export async function upsertIntakeRecords(
  db: Db,
  connectionId: string,
  records: readonly IntakeRecord[],
  changedAt: Date,
): Promise<void> {
  if (records.length === 0) return;
  await db
    .insertInto('intake_records')
    .values(
      records.map((record) => ({
        connection_id: connectionId,
        external_id: record.externalId,
        record: JSON.stringify(record),
        changed_at: changedAt,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['connection_id', 'external_id']).doUpdateSet((eb) => ({
        record: eb.ref('excluded.record'),
        changed_at: eb.ref('excluded.changed_at'),
      })),
    )
    .execute();
}

export type StoredIntakeRecord = { readonly record: IntakeRecord; readonly changedAt: Date };

/**
 * Stored records page by page in change order (keyset on changed_at, external_id), those changed after `since` when
 * given: what the stored-record source streams to the sync and the phone index.
 */
export async function intakeRecordsPage(
  db: Db,
  connectionId: string,
  options: { since: Date | null; after: { changedAt: Date; externalId: string } | null; limit: number },
): Promise<StoredIntakeRecord[]> {
  let query = recordsOf(db, connectionId);
  if (options.since !== null) query = query.where('changed_at', '>', options.since);
  const after = options.after;
  if (after !== null) {
    query = query.where((eb) =>
      eb.or([
        eb('changed_at', '>', after.changedAt),
        eb.and([eb('changed_at', '=', after.changedAt), eb('external_id', '>', after.externalId)]),
      ]),
    );
  }
  const rows = await query.orderBy('changed_at').orderBy('external_id').limit(options.limit).execute();
  return rows.map(toStored);
}

/** One stored record with its change time, or null. */
export async function findIntakeRecord(
  db: Db,
  connectionId: string,
  externalId: string,
): Promise<StoredIntakeRecord | null> {
  const row = await recordsOf(db, connectionId).where('external_id', '=', externalId).executeTakeFirst();
  return row === undefined ? null : toStored(row);
}
