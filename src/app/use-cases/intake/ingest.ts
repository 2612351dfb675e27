/** The one door of intake (push API and file import): compare a batch with the source's state, record real changes. */
import { z } from 'zod';

import { appendAudit } from '../../../adapters/db/repos/audit.repo.js';
import { findConnection } from '../../../adapters/db/repos/connections.repo.js';
import {
  findIntakeRecords,
  lockIntakeSource,
  upsertIntakeRecords,
} from '../../../adapters/db/repos/intake-records.repo.js';
import { touchIntakeSource } from '../../../adapters/db/repos/intake-sources.repo.js';
import { currentGeneration, findIndexSource } from '../../../adapters/db/repos/phone-index-sources.repo.js';
import { replaceCompanyEntriesWithin } from '../../../adapters/db/repos/phone-index.repo.js';
import { announceReviewChange } from '../../../adapters/db/repos/review-notices.repo.js';
import { intakeRoleOf } from '../../../adapters/registry.js';
import {
  companyOfIntakeRecord,
  compareIntakeRecord,
  INTAKE_MAX_BATCH,
  phoneRecordsOfIntakeRecord,
} from '../../../core/intake/record.js';
import { ok } from '../../../core/result.js';
import { enqueueApply } from '../../jobs/contracts.js';
import { toIndexEntries } from '../callerid/phone-index.js';
import { fail } from '../failure.js';
import { ingestCompaniesWithin, markOrganizationsGone } from '../sync/ingest.js';
import { checkRecords } from './validate.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { IntakeBatchResultView, IntakeRecordResult } from '../../../contract/intake.contract.js';
import type { IntakeRecord } from '../../../core/intake/record.js';
import type { AppDeps } from '../../deps.js';
import type { Failure, Outcome } from '../failure.js';
import type { CheckedRecord } from './validate.js';

export type IntakeBatchResult = IntakeBatchResultView;

export type IntakeBatchInput = {
  /** The intake source (its CRM connection id). */
  readonly sourceId: string;
  /** Candidate records, validated one by one with `intakeRecordSchema`. */
  readonly records: readonly unknown[];
  /** 'commit' records the changes; 'preview' computes exactly the same answer and changes nothing. */
  readonly mode: 'commit' | 'preview';
  /** Where the batch came from, for the audit log. */
  readonly origin: { readonly kind: 'push' | 'file'; readonly label: string | null };
  /** true: one rejected record rejects the whole batch (nothing changes). false: valid records are recorded. */
  readonly atomic: boolean;
};

/** Runs last inside the batch's transaction with its answer; a failure rolls the batch back and is returned. */
export type IntakeCommitHook = (trx: Db, result: IntakeBatchResult) => Promise<Failure | null>;

/** The live CRM connection of an intake source, or not_found. */
export async function intakeConnection(deps: Pick<AppDeps, 'db'>, sourceId: string): Promise<Outcome<Connection>> {
  const connection = z.uuid().safeParse(sourceId).success ? await findConnection(deps.db, sourceId) : null;
  if (
    connection === null ||
    connection.role !== 'crm' ||
    connection.status === 'disconnected' ||
    intakeRoleOf(connection.system) === null
  ) {
    return fail('not_found', `no intake source ${sourceId}`);
  }
  return ok(connection);
}

/** Replaces the phone-index rows of the changed records, when the source is indexed for caller ID at all. */
async function reindexChanged(trx: Db, connection: Connection, changed: readonly IntakeRecord[], now: Date) {
  if (changed.length === 0 || (await findIndexSource(trx, connection.id)) === null) return;
  const at = now.toISOString();
  const phones = changed.flatMap((record) => phoneRecordsOfIntakeRecord(connection.system, record, at));
  const { entries } = toIndexEntries(connection.id, phones);
  const ids = changed.map((record) => record.externalId);
  await replaceCompanyEntriesWithin(trx, connection.id, ids, entries, await currentGeneration(trx, connection.id));
}

/**
 * Compares, then records only the changed records: the store, the sync's mirror and plans, the phone index. `stored`
 * is the caller's read of these records' stored state, made under {@link lockIntakeSource} in this same transaction
 * (the file import needs it before validating); without it they are read here.
 */
export async function recordBatch(
  trx: Db,
  connection: Connection,
  valid: readonly CheckedRecord[],
  now: Date,
  stored?: ReadonlyMap<string, IntakeRecord>,
): Promise<{ results: IntakeRecordResult[]; toApply: string[]; touched: string[] }> {
  if (stored === undefined) {
    await lockIntakeSource(trx, connection.id);
    stored = await findIntakeRecords(
      trx,
      connection.id,
      valid.map(({ record }) => record.externalId),
    );
  }
  const results: IntakeRecordResult[] = [];
  const changed: IntakeRecord[] = [];
  for (const { index, record } of valid) {
    const comparison = compareIntakeRecord(stored.get(record.externalId) ?? null, record);
    results.push({ index, externalId: record.externalId, ...comparison });
    if (comparison.status === 'changed') changed.push(record);
  }
  await upsertIntakeRecords(trx, connection.id, changed, now);
  const active = changed.filter((record) => record.active);
  const { toApply, touched } = await ingestCompaniesWithin(trx, connection, active.map(companyOfIntakeRecord), now);
  const inactive = changed.filter((record) => !record.active).map((record) => record.externalId);
  if (inactive.length > 0) touched.push(...(await markOrganizationsGone(trx, connection, inactive, now)));
  await reindexChanged(trx, connection, changed, now);
  return { results, toApply, touched };
}

export function counted(records: readonly IntakeRecordResult[], rolledBack: boolean): IntakeBatchResult {
  const counts = { changed: 0, unchanged: 0, rejected: 0 };
  for (const record of records) counts[record.status] += 1;
  return { counts, records: [...records].sort((a, b) => a.index - b.index), rolledBack };
}

type Kept = { readonly outcome: Outcome<IntakeBatchResult>; readonly toApply: readonly string[] };

/** Thrown to end a batch's transaction without writing (preview, atomic rejection, a refused commit), with its answer. */
class Rollback extends Error {
  override readonly name = 'Rollback';
  constructor(readonly kept: Kept) {
    super('intake batch rolled back');
  }
}

/** Runs the batch in a transaction; a Rollback ends it without writing and still yields its answer. */
async function inTransaction(deps: Pick<AppDeps, 'db'>, run: (trx: Db) => Promise<Kept>): Promise<Kept> {
  try {
    return await deps.db.transaction().execute(run);
  } catch (error) {
    if (error instanceof Rollback) return error.kept;
    throw error;
  }
}

/**
 * Records one batch of an intake source in one transaction (serialised per source): a preview, an atomic batch with
 * a rejected record, or a commit hook's failure leaves nothing behind. Changes ready to apply are queued afterwards.
 */
export async function ingestIntakeBatch(
  deps: Pick<AppDeps, 'db' | 'clock' | 'queue'>,
  input: IntakeBatchInput,
  onCommit?: IntakeCommitHook,
): Promise<Outcome<IntakeBatchResult>> {
  if (input.records.length > INTAKE_MAX_BATCH) {
    return fail('intake_batch_too_large', `${input.records.length} records; at most ${INTAKE_MAX_BATCH} a batch`);
  }
  const found = await intakeConnection(deps, input.sourceId);
  if (!found.ok) return found;
  const connection = found.value;
  const { valid, rejected } = checkRecords(input.records);
  const now = deps.clock();
  const kept = await inTransaction(deps, async (trx) => {
    const { results, toApply, touched } = await recordBatch(trx, connection, valid, now);
    // Sent at commit only: a preview, an atomic rejection or a refused commit rolls the announcement back too.
    await announceReviewChange(trx, touched);
    const keep = input.mode === 'commit' && !(input.atomic && rejected.length > 0);
    const result = counted([...results, ...rejected], !keep);
    if (!keep) throw new Rollback({ outcome: ok(result), toApply: [] });
    await touchIntakeSource(trx, connection.id, now);
    await appendAudit(trx, [
      {
        portalId: connection.portalId,
        action: 'intake_batch_received',
        details: { origin: input.origin.kind, label: input.origin.label, ...result.counts },
        at: now,
      },
    ]);
    const refused = onCommit === undefined ? null : await onCommit(trx, result);
    if (refused !== null) throw new Rollback({ outcome: { ok: false, error: refused }, toApply: [] });
    return { outcome: ok(result), toApply };
  });
  await enqueueApply(deps.queue, connection.portalId, kept.toApply);
  return kept.outcome;
}
