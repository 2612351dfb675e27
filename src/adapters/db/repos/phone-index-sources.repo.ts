/** Per-connection index bookkeeping: cursor, generation (for mark-and-sweep), a run lease, last results. */
import { sql } from 'kysely';

import { camelRow } from './camel-row.js';
import { updateConnectionRows } from './connection-rows.js';
import { failureColumns, noFailureColumns } from './failure-columns.js';

import type { ConnectorError, RunFailure } from '../../../core/connector.js';
import type { Db } from '../pool.js';

export type PhoneIndexSource = {
  readonly connectionId: string;
  readonly cursor: string | null;
  readonly generation: number;
  readonly lastFullAt: Date | null;
  readonly lastIncrementalAt: Date | null;
  readonly lastError: string | null;
  readonly lastFailure: RunFailure | null;
  readonly lastErrorAt: Date | null;
};

const selection = [
  'connection_id',
  'cursor',
  'generation',
  'last_full_at',
  'last_incremental_at',
  'last_error',
  'last_failure',
  'last_error_at',
] as const;

export async function findIndexSource(db: Db, connectionId: string): Promise<PhoneIndexSource | null> {
  const row = await db
    .selectFrom('phone_index_sources')
    .select(selection)
    .where('connection_id', '=', connectionId)
    .executeTakeFirst();
  return row === undefined ? null : camelRow(row);
}

/**
 * Takes the run lease of a connection (creating its row) unless another worker holds an unexpired one; a full run
 * also starts a new generation. Null when the lease is taken.
 */
export async function acquireIndexLease(
  db: Db,
  connectionId: string,
  input: { readonly now: Date; readonly leaseMs: number; readonly full: boolean },
): Promise<PhoneIndexSource | null> {
  const until = new Date(input.now.getTime() + input.leaseMs);
  await db
    .insertInto('phone_index_sources')
    .values({ connection_id: connectionId })
    .onConflict((oc) => oc.column('connection_id').doNothing())
    .execute();
  const row = await db
    .updateTable('phone_index_sources')
    .set({
      lease_until: until,
      ...(input.full ? { generation: sql<number>`generation + 1` } : {}),
    })
    .where('connection_id', '=', connectionId)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', input.now)]))
    .returning(selection)
    .executeTakeFirst();
  return row === undefined ? null : camelRow(row);
}

/** Ends a run: releases the lease and records the outcome (the cursor only moves on success). */
export async function finishIndexRun(
  db: Db,
  connectionId: string,
  outcome:
    | { readonly ok: true; readonly full: boolean; readonly cursor: string | null; readonly at: Date }
    | { readonly ok: false; readonly error: ConnectorError; readonly at: Date },
): Promise<void> {
  await updateConnectionRows(
    db,
    'phone_index_sources',
    connectionId,
    outcome.ok
      ? {
          lease_until: null,
          cursor: outcome.cursor,
          ...noFailureColumns,
          last_error_at: null,
          ...(outcome.full ? { last_full_at: outcome.at } : {}),
          last_incremental_at: outcome.at,
        }
      : { lease_until: null, ...failureColumns(outcome.error), last_error_at: outcome.at },
  );
}

/** The generation new rows get outside a full run (webhook re-index): the current one, so no sweep removes them. */
export async function currentGeneration(db: Db, connectionId: string): Promise<number> {
  return (await findIndexSource(db, connectionId))?.generation ?? 0;
}

/** Records why a connection could not be read into the index (its source could not even be built). */
export async function recordIndexSourceError(
  db: Db,
  connectionId: string,
  error: ConnectorError,
  at: Date,
): Promise<void> {
  const failure = { ...failureColumns(error), last_error_at: at };
  await db
    .insertInto('phone_index_sources')
    .values({ connection_id: connectionId, ...failure })
    .onConflict((oc) => oc.column('connection_id').doUpdateSet(failure))
    .execute();
}

/** Extends the lease of a running index run until `until`. */
export async function renewIndexLease(db: Db, connectionId: string, until: Date): Promise<void> {
  await updateConnectionRows(db, 'phone_index_sources', connectionId, { lease_until: until });
}
