/** The record source of an intake connection: what its pushes and imports left in crmhub's store, page by page. */
import { findIntakeRecord, intakeRecordsPage } from '../../../adapters/db/repos/intake-records.repo.js';
import { companyOfIntakeRecord, phoneRecordsOfIntakeRecord } from '../../../core/intake/record.js';
import { err, ok } from '../../../core/result.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { StoredIntakeRecord } from '../../../adapters/db/repos/intake-records.repo.js';
import type { ConnectorError, Cursor, Page, RecordSource } from '../../../core/connector.js';
import type { Result } from '../../../core/result.js';

const PAGE_SIZE = 1_000;

/** Every stored record changed after the cursor (all when null), in change order. */
async function* storedPages(
  db: Db,
  connectionId: string,
  cursor: Cursor | null,
): AsyncIterable<readonly StoredIntakeRecord[]> {
  const since = cursor?.modifiedSince == null ? null : new Date(cursor.modifiedSince);
  let after: { changedAt: Date; externalId: string } | null = null;
  for (;;) {
    const rows = await intakeRecordsPage(db, connectionId, { since, after, limit: PAGE_SIZE });
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1];
    if (last === undefined || rows.length < PAGE_SIZE) return;
    after = { changedAt: last.changedAt, externalId: last.record.externalId };
  }
}

/** Maps each stored page, as a record source's stream of pages. */
async function* mapped<T>(
  pages: AsyncIterable<readonly StoredIntakeRecord[]>,
  map: (row: StoredIntakeRecord) => readonly T[],
): AsyncIterable<Result<Page<T>, ConnectorError>> {
  for await (const rows of pages) yield ok({ items: rows.flatMap(map) });
}

/**
 * The sync, links and the phone index read an intake connection through this, exactly as they read a pulled CRM.
 * Change times are crmhub's own (`changed_at`), so the index's cursor never depends on the CRM's clock.
 */
export function storedRecordSource(db: Db, connection: Pick<Connection, 'id' | 'system'>): RecordSource {
  return {
    id: connection.system,
    verify: () => Promise.resolve(ok(undefined)),
    companies: (cursor) => mapped(storedPages(db, connection.id, cursor), (row) => [companyOfIntakeRecord(row.record)]),
    async company(externalId) {
      const row = await findIntakeRecord(db, connection.id, externalId);
      if (row === null) return err({ code: 'not_found', message: `no record ${externalId} was received` });
      return ok(companyOfIntakeRecord(row.record));
    },
    phoneRecords: (cursor) =>
      mapped(storedPages(db, connection.id, cursor), (row) =>
        phoneRecordsOfIntakeRecord(connection.system, row.record, row.changedAt.toISOString()),
      ),
  };
}
