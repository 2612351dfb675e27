/** The phone index: batched upserts (one statement per batch via unnest), mark-and-sweep, and one-query lookups. */
import { CompiledQuery, sql } from 'kysely';

import { phoneIndexKeys } from '../../../core/phone/match.js';
import { poolOf } from '../pool.js';
import { snakeRow } from './camel-row.js';
import {
  countConnectionRows,
  deleteConnectionRowsBelow,
  deleteRecordRows,
  deleteScopeRows,
} from './connection-rows.js';

import type { IndexedNumber } from '../../../core/callerid/caller-view.js';
import type { CallerLookupKeys } from '../../../core/phone/match.js';
import type { Db } from '../pool.js';

/** One indexed number of one source record (camelCase view of a phone_index row). */
export type PhoneIndexEntry = IndexedNumber & {
  readonly extension: string | null;
  readonly mobile: boolean;
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

/** An entry's row: its fields under their column names (only the names in `columns` are sent), keys and generation. */
function cells(entry: PhoneIndexEntry, generation: number): Record<ColumnName, CellValue> {
  const keys = phoneIndexKeys(entry.e164);
  return { ...snakeRow(entry), tail: keys.tail, reversed: keys.reversed, generation };
}

const keyOf = (e: PhoneIndexEntry): string =>
  `${e.connectionId}\u0000${e.recordKind}\u0000${e.recordId}\u0000${e.field}\u0000${e.e164}`;

const updateList = sql.raw(
  columns
    .map(([name]) => name)
    .filter((name) => !['connection_id', 'record_kind', 'record_id', 'field', 'e164'].includes(name))
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
      ON CONFLICT (connection_id, record_kind, record_id, field, e164) DO UPDATE SET ${updateList}
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
    const deleted = await deleteScopeRows(trx, 'phone_index', connectionId, scope);
    const written = await upsertPhoneEntries(trx, entries, generation);
    return { deleted, written };
  });
}

/** Replaces every row of these companies inside the caller's transaction (an intake batch changes them together). */
export async function replaceCompanyEntriesWithin(
  trx: Db,
  connectionId: string,
  companyIds: readonly string[],
  entries: readonly PhoneIndexEntry[],
  generation: number,
): Promise<number> {
  if (companyIds.length === 0) return 0;
  await trx
    .deleteFrom('phone_index')
    .where('connection_id', '=', connectionId)
    .where('company_id', 'in', [...companyIds])
    .execute();
  return upsertPhoneEntries(trx, entries, generation);
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
    await deleteRecordRows(trx, 'phone_index', connectionId, records);
    return upsertPhoneEntries(trx, entries, generation);
  });
}

/** Deletes the rows a full reload did not see again (older generation): records deleted at the source. */
export async function sweepPhoneEntries(db: Db, connectionId: string, generation: number): Promise<number> {
  return deleteConnectionRowsBelow(db, 'phone_index', connectionId, generation);
}

export async function deleteConnectionEntries(db: Db, connectionId: string): Promise<number> {
  const result = await db.deleteFrom('phone_index').where('connection_id', '=', connectionId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countPhoneEntries(db: Db, connectionId: string): Promise<number> {
  return countConnectionRows(db, 'phone_index', connectionId);
}

/** An index row as a lookup returns it. */
export type PhoneIndexHit = PhoneIndexEntry;

/**
 * One index row as a JSON array (see {@link hitFromTuple}). Lookups return it as one text column: node-postgres spends
 * more on describing many columns than the query itself costs.
 */
export const hitTupleSql = `json_build_array(connection_id, record_kind, record_id, field, source, e164, raw, extension,
  mobile, personal, name, company, company_id, kvk, relation_number, deep_link, source_updated_at)`;
const hitJson = `${hitTupleSql}::text AS j`;
// Single-table statements on one index each, sent as named prepared statements (planned once per connection): a
// lookup is one cheap query at ring time. The prefix is a range (text_pattern_ops), so a generic plan uses the index.
const byTail = `SELECT ${hitJson} FROM phone_index WHERE tail = $1 LIMIT $2`;
const bySuffix = `SELECT ${hitJson} FROM phone_index WHERE reversed ~>=~ $1 AND reversed ~<~ $2 LIMIT $3`;

type HitTuple = [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string | null,
  boolean,
  boolean,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
];

/** An index row from its {@link hitTupleSql} array. */
export function hitFromTuple(tuple: unknown): PhoneIndexHit {
  const t = tuple as HitTuple;
  return {
    connectionId: t[0],
    recordKind: t[1],
    recordId: t[2],
    field: t[3],
    source: t[4],
    e164: t[5],
    raw: t[6],
    extension: t[7],
    mobile: t[8],
    personal: t[9],
    name: t[10],
    company: t[11],
    companyId: t[12],
    kvk: t[13],
    relationNumber: t[14],
    deepLink: t[15],
    sourceUpdatedAt: t[16],
  };
}

function toHit(json: string): PhoneIndexHit {
  return hitFromTuple(JSON.parse(json));
}

/** The smallest string above every string that starts with `prefix` (digits only: '9' + 1 is ':'). */
export function prefixEnd(prefix: string): string {
  return `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`;
}

/**
 * The candidates for a caller in one query: rows whose `tail` equals the caller's (exact, suffix and tail matches of
 * a long number), or whose reversed digits start with a short caller's reversed digits (suffix matches); only those
 * of `connectionIds` are returned. Never calls an external system.
 */
export async function findPhoneCandidates(
  db: Db,
  keys: CallerLookupKeys,
  connectionIds: readonly string[],
  limit = 500,
): Promise<PhoneIndexHit[]> {
  if (connectionIds.length === 0) return [];
  let statement: { name: string; text: string; values: unknown[] };
  if (keys.tail !== null) statement = { name: 'callerid-by-tail', text: byTail, values: [keys.tail, limit] };
  else if (keys.reversedPrefix !== null && keys.reversedPrefix !== '') {
    const prefix = keys.reversedPrefix;
    statement = { name: 'callerid-by-suffix', text: bySuffix, values: [prefix, prefixEnd(prefix), limit] };
  } else return [];
  const pool = poolOf(db);
  const rows =
    pool === null
      ? (await db.executeQuery<{ j: string }>(CompiledQuery.raw(statement.text, statement.values))).rows
      : (await pool.query<{ j: string }>(statement)).rows;
  return rows.map((row) => toHit(row.j)).filter((hit) => connectionIds.includes(hit.connectionId));
}
