/** The phone index: batched upserts (one statement per batch via unnest), mark-and-sweep, and one-query lookups. */
import { sql } from 'kysely';

import { phoneIndexKeys } from '../../../core/phone/match.js';

import type { CallerLookupKeys } from '../../../core/phone/match.js';
import type { Db } from '../pool.js';

/** One indexed number of one source record (camelCase view of a phone_index row). */
export type PhoneIndexEntry = {
  readonly connectionId: string;
  readonly recordKind: string;
  readonly recordId: string;
  readonly field: string;
  readonly source: string;
  readonly e164: string;
  readonly raw: string;
  readonly extension: string | null;
  readonly mobile: boolean;
  readonly personal: boolean;
  readonly name: string;
  readonly company: string | null;
  readonly companyId: string | null;
  readonly kvk: string | null;
  readonly relationNumber: string | null;
  readonly deepLink: string | null;
  readonly sourceUpdatedAt: string | null;
};

/** Which index rows a re-index of one source record replaces. */
export type RecordScope =
  | { readonly kind: 'record'; readonly recordKind: string; readonly recordId: string }
  /** Every row of one company (its switchboard and its contact persons), e.g. after a CRM webhook. */
  | { readonly kind: 'company'; readonly companyId: string };

/** Rows per INSERT statement: one parameter per column (arrays), so the size is bounded by memory, not parameters. */
export const PHONE_INDEX_BATCH = 5_000;

const columns = [
  ['connection_id', 'uuid'],
  ['record_kind', 'text'],
  ['record_id', 'text'],
  ['field', 'text'],
  ['source', 'text'],
  ['e164', 'text'],
  ['tail', 'text'],
  ['reversed', 'text'],
  ['raw', 'text'],
  ['extension', 'text'],
  ['mobile', 'boolean'],
  ['personal', 'boolean'],
  ['name', 'text'],
  ['company', 'text'],
  ['company_id', 'text'],
  ['kvk', 'text'],
  ['relation_number', 'text'],
  ['deep_link', 'text'],
  ['source_updated_at', 'text'],
  ['generation', 'bigint'],
] as const;

type ColumnName = (typeof columns)[number][0];
type CellValue = string | number | boolean | null;

function cells(entry: PhoneIndexEntry, generation: number): Record<ColumnName, CellValue> {
  const keys = phoneIndexKeys(entry.e164);
  return {
    connection_id: entry.connectionId,
    record_kind: entry.recordKind,
    record_id: entry.recordId,
    field: entry.field,
    source: entry.source,
    e164: entry.e164,
    tail: keys.tail,
    reversed: keys.reversed,
    raw: entry.raw,
    extension: entry.extension,
    mobile: entry.mobile,
    personal: entry.personal,
    name: entry.name,
    company: entry.company,
    company_id: entry.companyId,
    kvk: entry.kvk,
    relation_number: entry.relationNumber,
    deep_link: entry.deepLink,
    source_updated_at: entry.sourceUpdatedAt,
    generation,
  };
}

const keyOf = (e: PhoneIndexEntry): string =>
  `${e.connectionId}\u0000${e.recordKind}\u0000${e.recordId}\u0000${e.field}`;

const updateList = sql.raw(
  columns
    .map(([name]) => name)
    .filter((name) => !['connection_id', 'record_kind', 'record_id', 'field'].includes(name))
    .map((name) => `${name} = EXCLUDED.${name}`)
    .join(', '),
);
const columnList = sql.raw(columns.map(([name]) => name).join(', '));

/**
 * Inserts or updates entries, stamping them with `generation`; batches of {@link PHONE_INDEX_BATCH} rows go in one
 * `INSERT … SELECT FROM unnest(…)` each. Returns the number of rows written.
 */
export async function upsertPhoneEntries(
  db: Db,
  entries: readonly PhoneIndexEntry[],
  generation: number,
): Promise<number> {
  // ON CONFLICT may touch a row only once per statement: the last entry for a key wins.
  const unique = [...new Map(entries.map((e) => [keyOf(e), e])).values()];
  for (let start = 0; start < unique.length; start += PHONE_INDEX_BATCH) {
    const batch = unique.slice(start, start + PHONE_INDEX_BATCH).map((e) => cells(e, generation));
    const arrays = columns.map(([name, type]) => sql`${batch.map((row) => row[name])}::${sql.raw(type)}[]`);
    await sql`
      INSERT INTO phone_index (${columnList})
      SELECT * FROM unnest(${sql.join(arrays)})
      ON CONFLICT (connection_id, record_kind, record_id, field) DO UPDATE SET ${updateList}
    `.execute(db);
  }
  return unique.length;
}

/** Replaces every row of one record (or company) of a connection with `entries` (none: the record is gone). */
export async function replaceRecordEntries(
  db: Db,
  connectionId: string,
  scope: RecordScope,
  entries: readonly PhoneIndexEntry[],
  generation: number,
): Promise<{ deleted: number; written: number }> {
  return db.transaction().execute(async (trx) => {
    let query = trx.deleteFrom('phone_index').where('connection_id', '=', connectionId);
    query =
      scope.kind === 'record'
        ? query.where('record_kind', '=', scope.recordKind).where('record_id', '=', scope.recordId)
        : query.where('company_id', '=', scope.companyId);
    const deleted = Number((await query.executeTakeFirst()).numDeletedRows);
    const written = await upsertPhoneEntries(trx, entries, generation);
    return { deleted, written };
  });
}

/**
 * Replaces the rows of the records a page of changes contains: a number removed from a changed record leaves the
 * index even though the source only reports the numbers it still has.
 */
export async function replacePageRecords(
  db: Db,
  connectionId: string,
  records: readonly { readonly recordKind: string; readonly recordId: string }[],
  entries: readonly PhoneIndexEntry[],
  generation: number,
): Promise<number> {
  if (records.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    await sql`
      DELETE FROM phone_index p
      USING unnest(${records.map((r) => r.recordKind)}::text[], ${records.map((r) => r.recordId)}::text[]) AS k(kind, id)
      WHERE p.connection_id = ${connectionId} AND p.record_kind = k.kind AND p.record_id = k.id
    `.execute(trx);
    return upsertPhoneEntries(trx, entries, generation);
  });
}

/** Deletes the rows a full reload did not see again (older generation): records deleted at the source. */
export async function sweepPhoneEntries(db: Db, connectionId: string, generation: number): Promise<number> {
  const result = await db
    .deleteFrom('phone_index')
    .where('connection_id', '=', connectionId)
    .where('generation', '<', generation)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteConnectionEntries(db: Db, connectionId: string): Promise<number> {
  const result = await db.deleteFrom('phone_index').where('connection_id', '=', connectionId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countPhoneEntries(db: Db, connectionId: string): Promise<number> {
  const row = await db
    .selectFrom('phone_index')
    .select(db.fn.countAll<number>().as('n'))
    .where('connection_id', '=', connectionId)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** An index row as a lookup returns it. */
export type PhoneIndexHit = PhoneIndexEntry;

/**
 * The candidates for a caller in one query: rows whose `tail` equals the caller's (exact, suffix and tail matches of
 * a long number) or whose reversed digits start with a short caller's reversed digits (suffix matches). Only rows
 * of live connections; restricted to `connectionIds` when given. Never calls an external system.
 */
export async function findPhoneCandidates(
  db: Db,
  keys: CallerLookupKeys,
  filter: { readonly portalId: string; readonly connectionIds?: readonly string[] },
  limit = 200,
): Promise<PhoneIndexHit[]> {
  if (keys.tail === null && keys.reversedPrefix === null) return [];
  if (filter.connectionIds?.length === 0) return [];
  let query = db
    .selectFrom('phone_index as p')
    .innerJoin('connections as c', 'c.id', 'p.connection_id')
    .select([
      'p.connection_id as connectionId',
      'p.record_kind as recordKind',
      'p.record_id as recordId',
      'p.field',
      'p.source',
      'p.e164',
      'p.raw',
      'p.extension',
      'p.mobile',
      'p.personal',
      'p.name',
      'p.company',
      'p.company_id as companyId',
      'p.kvk',
      'p.relation_number as relationNumber',
      'p.deep_link as deepLink',
      'p.source_updated_at as sourceUpdatedAt',
    ])
    .where('c.portal_id', '=', filter.portalId)
    .where('c.status', '<>', 'disconnected');
  query =
    keys.tail !== null
      ? query.where('p.tail', '=', keys.tail)
      : query.where('p.reversed', 'like', `${keys.reversedPrefix ?? ''}%`);
  if (filter.connectionIds !== undefined) query = query.where('p.connection_id', 'in', filter.connectionIds);
  return query.limit(limit).execute();
}
