/** Keeping the phone index current: full load (mark and sweep), incremental by cursor, and re-index of one record. */
import { markNeedsReconnect } from '../../../adapters/db/repos/callerid-connections.repo.js';
import {
  deleteSkipsOfRecords,
  replaceScopeSkips,
  sweepPhoneSkips,
  upsertPhoneSkips,
} from '../../../adapters/db/repos/phone-index-skips.repo.js';
import {
  acquireIndexLease,
  currentGeneration,
  finishIndexRun,
  renewIndexLease,
} from '../../../adapters/db/repos/phone-index-sources.repo.js';
import {
  replacePageRecords,
  replaceRecordEntries,
  sweepPhoneEntries,
  upsertPhoneEntries,
} from '../../../adapters/db/repos/phone-index.repo.js';
import { extractPhones } from '../../../core/phone/extract.js';
import { callerOptions } from './lookup.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { PhoneIndexSkip } from '../../../adapters/db/repos/phone-index-skips.repo.js';
import type { PhoneIndexEntry, RecordScope } from '../../../adapters/db/repos/phone-index.repo.js';
import type { ConnectorError, PhoneRecord } from '../../../core/connector.js';
import type { ExtractedPhone } from '../../../core/phone/extract.js';
import type { AppDeps } from '../../deps.js';
import type { PhoneSource } from './index-sources.js';

/** Reads records into index entries, one per number found (a field may hold two). Values without a readable number
 * (KvK in a phone field, an extension, free text) are skipped, counted and returned as skips with their reason. */
export function toIndexEntries(
  connectionId: string,
  records: readonly PhoneRecord[],
): { entries: PhoneIndexEntry[]; skipped: number; skips: PhoneIndexSkip[] } {
  const entries: PhoneIndexEntry[] = [];
  const skips: PhoneIndexSkip[] = [];
  let skipped = 0;
  for (const record of records) {
    const extracted = extractPhones(record.raw, callerOptions);
    if (extracted.kind !== 'numbers') {
      skipped += 1;
      if (extracted.kind === 'unreadable') skips.push(skipOf(connectionId, record, extracted.reason));
      continue;
    }
    for (const number of extracted.numbers) entries.push(entryOf(connectionId, record, number));
  }
  return { entries, skipped, skips };
}

function entryOf(connectionId: string, record: PhoneRecord, number: ExtractedPhone): PhoneIndexEntry {
  return {
    connectionId,
    recordKind: record.recordKind,
    recordId: record.recordId,
    field: record.field,
    source: record.source,
    e164: number.e164,
    raw: record.raw,
    extension: number.extension,
    mobile: number.mobile,
    personal: record.personal,
    name: record.name,
    company: record.company,
    companyId: record.companyId,
    kvk: record.kvk,
    relationNumber: record.relationNumber,
    deepLink: record.deepLink,
    sourceUpdatedAt: record.updatedAt,
  };
}

function skipOf(connectionId: string, record: PhoneRecord, reason: string): PhoneIndexSkip {
  const { recordKind, recordId, field, raw, name, companyId, deepLink } = record;
  return { connectionId, recordKind, recordId, field, raw, reason, name, companyId, deepLink };
}

export type IndexRunOutcome =
  | {
      readonly status: 'done';
      readonly full: boolean;
      readonly records: number;
      readonly written: number;
      readonly skipped: number;
      readonly swept: number;
      readonly cursor: string | null;
    }
  | { readonly status: 'busy' }
  | { readonly status: 'failed'; readonly error: ConnectorError };

const LEASE_MS = 15 * 60_000;
const RENEW_EVERY_MS = 60_000;

/** Codes after which only a new authorization helps: the connection is shown as "reconnect". */
const RECONNECT_CODES = new Set<ConnectorError['code']>(['auth_invalid', 'auth_expired']);

/**
 * Reads a source into the index. `full`: every record, then rows not seen again are deleted (records deleted at the
 * source). Otherwise only records changed since the stored cursor. One run per connection at a time (a lease).
 */
export async function runPhoneIndex(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  connection: Connection,
  source: PhoneSource,
  options: { readonly full: boolean },
): Promise<IndexRunOutcome> {
  const { db, clock } = deps;
  const lease = await acquireIndexLease(db, connection.id, { now: clock(), leaseMs: LEASE_MS, full: options.full });
  if (lease === null) return { status: 'busy' };
  const cursor = options.full || lease.cursor === null ? null : { modifiedSince: lease.cursor };
  let newest = lease.cursor;
  let records = 0;
  let written = 0;
  let skipped = 0;
  let renewedAt = clock().getTime();
  for await (const page of source.phoneRecords(cursor)) {
    if (!page.ok) {
      await finishIndexRun(db, connection.id, { ok: false, error: page.error, at: clock() });
      if (RECONNECT_CODES.has(page.error.code)) await markNeedsReconnect(db, connection.id, page.error, clock());
      return { status: 'failed', error: page.error };
    }
    records += page.value.items.length;
    const batch = toIndexEntries(connection.id, page.value.items);
    skipped += batch.skipped;
    if (options.full) {
      written += await upsertPhoneEntries(db, batch.entries, lease.generation);
    } else {
      // A source lists a changed record's numbers together, so the record's old rows can be replaced as a whole.
      const changed = [...new Map(page.value.items.map((r) => [`${r.recordKind}\u0000${r.recordId}`, r])).values()];
      written += await replacePageRecords(db, connection.id, changed, batch.entries, lease.generation);
      await deleteSkipsOfRecords(db, connection.id, changed);
    }
    await upsertPhoneSkips(db, batch.skips, lease.generation);
    for (const record of page.value.items) {
      if (record.updatedAt !== null && (newest === null || record.updatedAt > newest)) newest = record.updatedAt;
    }
    if (clock().getTime() - renewedAt > RENEW_EVERY_MS) {
      renewedAt = clock().getTime();
      await renewIndexLease(db, connection.id, new Date(renewedAt + LEASE_MS));
    }
  }
  const swept = options.full ? await sweepPhoneEntries(db, connection.id, lease.generation) : 0;
  if (options.full) await sweepPhoneSkips(db, connection.id, lease.generation);
  await finishIndexRun(db, connection.id, { ok: true, full: options.full, cursor: newest, at: clock() });
  return { status: 'done', full: options.full, records, written, skipped, swept, cursor: newest };
}

/**
 * Re-indexes one record (or every number of one company) from what the source now holds, e.g. from the sync's
 * webhook handler: pass the record's current phone records, or none when it was deleted at the source.
 */
export async function reindexSourceRecord(
  deps: Pick<AppDeps, 'db'>,
  connectionId: string,
  scope: RecordScope,
  records: readonly PhoneRecord[],
): Promise<{ deleted: number; written: number; skipped: number }> {
  const { entries, skipped, skips } = toIndexEntries(connectionId, records);
  const generation = await currentGeneration(deps.db, connectionId);
  const result = await replaceRecordEntries(deps.db, connectionId, scope, entries, generation);
  await replaceScopeSkips(deps.db, connectionId, scope, skips, generation);
  return { ...result, skipped };
}
