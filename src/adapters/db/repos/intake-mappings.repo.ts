/** The saved column mapping of each intake source (file import), and the stored ids a full export is checked against. */
import { sql } from 'kysely';

import type { ColumnMapping } from '../../../core/intake/headers.js';
import type { Db } from '../pool.js';

export type SavedIntakeMapping = {
  readonly mapping: ColumnMapping;
  readonly preset: string | null;
  readonly updatedAt: Date;
};

export async function findIntakeMapping(db: Db, connectionId: string): Promise<SavedIntakeMapping | null> {
  const row = await db
    .selectFrom('intake_mappings')
    .select(['mapping', 'preset', 'updated_at'])
    .where('connection_id', '=', connectionId)
    .executeTakeFirst();
  if (row === undefined) return null;
  return { mapping: row.mapping as ColumnMapping, preset: row.preset, updatedAt: row.updated_at };
}

export async function saveIntakeMapping(
  db: Db,
  connectionId: string,
  input: { mapping: ColumnMapping; preset: string | null; now: Date },
): Promise<void> {
  const values = { mapping: JSON.stringify(input.mapping), preset: input.preset, updated_at: input.now };
  await db
    .insertInto('intake_mappings')
    .values({ connection_id: connectionId, ...values })
    .onConflict((oc) => oc.column('connection_id').doUpdateSet(values))
    .execute();
}

/**
 * One page of external ids of the source's active stored records, in order, after `after` (a full export that lacks
 * one reports it). Paged so that a large source's ids never sit in memory all at once.
 */
export async function activeIntakeIds(
  db: Db,
  connectionId: string,
  page: { readonly after: string | null; readonly limit: number },
): Promise<string[]> {
  let query = db
    .selectFrom('intake_records')
    .select('external_id')
    .where('connection_id', '=', connectionId)
    .where(sql<boolean>`(record->>'active')::boolean`);
  if (page.after !== null) query = query.where('external_id', '>', page.after);
  const rows = await query.orderBy('external_id').limit(page.limit).execute();
  return rows.map((row) => row.external_id);
}

/** Live intake sources of every portal: the watched folder has one subfolder per source id. */
export async function liveIntakeSourceIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('intake_sources as s')
    .innerJoin('connections as c', 'c.id', 's.connection_id')
    .select('s.connection_id')
    .where('c.status', '!=', 'disconnected')
    .execute();
  return rows.map((row) => row.connection_id);
}

export type IntakeFolderStatus = {
  readonly state: 'imported' | 'rejected' | 'mapping_missing';
  readonly fileName: string;
  readonly detail: unknown;
  readonly at: Date;
};

export async function saveIntakeFolderStatus(db: Db, connectionId: string, status: IntakeFolderStatus) {
  const values = {
    state: status.state,
    file_name: status.fileName,
    detail: JSON.stringify(status.detail),
    at: status.at,
  };
  await db
    .insertInto('intake_folder_status')
    .values({ connection_id: connectionId, ...values })
    .onConflict((oc) => oc.column('connection_id').doUpdateSet(values))
    .execute();
}

export async function findIntakeFolderStatus(db: Db, connectionId: string): Promise<IntakeFolderStatus | null> {
  const row = await db
    .selectFrom('intake_folder_status')
    .select(['state', 'file_name', 'detail', 'at'])
    .where('connection_id', '=', connectionId)
    .executeTakeFirst();
  return row === undefined ? null : { state: row.state, fileName: row.file_name, detail: row.detail, at: row.at };
}
