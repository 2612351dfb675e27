/** Stored phone values the index could not read, per source connection, kept for the status page (issue 13 p. 5). */
import { camelColumns } from './camel-row.js';
import {
  countConnectionRows,
  deleteConnectionRowsBelow,
  deleteRecordRows,
  deleteScopeRows,
} from './connection-rows.js';

import type { Db } from '../pool.js';
import type { RecordScope } from './phone-index.repo.js';

/** One unreadable value of one record field, with a stable reason code. */
export type PhoneIndexSkip = {
  readonly connectionId: string;
  readonly recordKind: string;
  readonly recordId: string;
  readonly field: string;
  readonly raw: string;
  readonly reason: string;
  readonly name: string;
  readonly companyId: string | null;
  readonly deepLink: string | null;
};

/** Inserts or updates skips, stamped with `generation` (a later full run sweeps those not seen again). */
export async function upsertPhoneSkips(db: Db, skips: readonly PhoneIndexSkip[], generation: number): Promise<void> {
  const unique = [...new Map(skips.map((s) => [`${s.recordKind}\u0000${s.recordId}\u0000${s.field}`, s])).values()];
  if (unique.length === 0) return;
  await db
    .insertInto('phone_index_skips')
    .values(
      unique.map((s) => ({
        connection_id: s.connectionId,
        record_kind: s.recordKind,
        record_id: s.recordId,
        field: s.field,
        raw: s.raw,
        reason: s.reason,
        name: s.name,
        company_id: s.companyId,
        deep_link: s.deepLink,
        generation,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['connection_id', 'record_kind', 'record_id', 'field']).doUpdateSet((eb) => ({
        raw: eb.ref('excluded.raw'),
        reason: eb.ref('excluded.reason'),
        name: eb.ref('excluded.name'),
        company_id: eb.ref('excluded.company_id'),
        deep_link: eb.ref('excluded.deep_link'),
        generation: eb.ref('excluded.generation'),
      })),
    )
    .execute();
}

/** Deletes the skips of records that were read again (changed at the source, or re-indexed on their own). */
export async function deleteSkipsOfRecords(
  db: Db,
  connectionId: string,
  records: readonly { readonly recordKind: string; readonly recordId: string }[],
): Promise<void> {
  await deleteRecordRows(db, 'phone_index_skips', connectionId, records);
}

/** Replaces the skips of one record (or company) with `skips`. */
export async function replaceScopeSkips(
  db: Db,
  connectionId: string,
  scope: RecordScope,
  skips: readonly PhoneIndexSkip[],
  generation: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await deleteScopeRows(trx, 'phone_index_skips', connectionId, scope);
    await upsertPhoneSkips(trx, skips, generation);
  });
}

/** Deletes the skips a full run did not see again: fixed or deleted at the source. */
export async function sweepPhoneSkips(db: Db, connectionId: string, generation: number): Promise<void> {
  await deleteConnectionRowsBelow(db, 'phone_index_skips', connectionId, generation);
}

/** The first `limit` skips of a connection (by record) and how many there are in all. */
export async function listPhoneSkips(
  db: Db,
  connectionId: string,
  limit: number,
): Promise<{ readonly total: number; readonly items: PhoneIndexSkip[] }> {
  const total = await countConnectionRows(db, 'phone_index_skips', connectionId);
  const rows = await db
    .selectFrom('phone_index_skips')
    .select(camelColumns(['record_kind', 'record_id', 'field', 'raw', 'reason', 'name', 'company_id', 'deep_link']))
    .where('connection_id', '=', connectionId)
    .orderBy('name')
    .orderBy('record_id')
    .orderBy('field')
    .limit(limit)
    .execute();
  return { total, items: rows.map((row) => ({ connectionId, ...row })) };
}
