/** Bulk link runs: which administrations go to which CRM organisation, each item's outcome, and the run's progress. */
import { sql } from 'kysely';

import { camelColumns } from './camel-row.js';
import { idsToMatch } from './portal.repo.js';

import type { Db } from '../pool.js';

export type LinkPair = { readonly administrationId: string; readonly crmExternalId: string };

/**
 * Unlinked administrations in scope with exactly one live CRM organisation of the same canonical KvK or VAT number,
 * and that organisation; `ids` narrows to a selection.
 */
export async function singleSuggestionPairs(
  db: Db,
  scope: {
    readonly portalId: string;
    readonly domains: readonly string[] | null;
    readonly crmConnectionId: string;
    readonly ids?: readonly string[] | undefined;
  },
): Promise<LinkPair[]> {
  const domains = scope.domains === null ? null : idsToMatch(scope.domains);
  const ids = scope.ids === undefined ? null : idsToMatch(scope.ids);
  const { rows } = await sql<LinkPair>`
    SELECT m.administration_id AS "administrationId", min(m.external_id) AS "crmExternalId"
    FROM (
      SELECT a.id AS administration_id, o.external_id FROM administrations a
      JOIN crm_organizations o ON o.kvk = a.kvk_key AND o.connection_id = ${scope.crmConnectionId} AND NOT o.deleted
      UNION
      SELECT a.id, o.external_id FROM administrations a
      JOIN crm_organizations o ON o.vat = a.vat_key AND o.connection_id = ${scope.crmConnectionId} AND NOT o.deleted
    ) m
    JOIN administrations a ON a.id = m.administration_id
    JOIN domains d ON d.id = a.domain_id
    WHERE d.portal_id = ${scope.portalId}
      AND NOT EXISTS (SELECT 1 FROM administration_links l WHERE l.administration_id = a.id)
      ${domains === null ? sql`` : sql`AND a.domain_id = ANY(${sql.val(domains)}::uuid[])`}
      ${ids === null ? sql`` : sql`AND a.id = ANY(${sql.val(ids)}::uuid[])`}
    GROUP BY m.administration_id
    HAVING count(*) = 1
    ORDER BY m.administration_id`.execute(db);
  return rows;
}

/** Creates a run with its items (all pending); returns its id. */
export async function createBulkLinkRun(
  db: Db,
  input: { portalId: string; requestedBy: string; mode: 'automatic' | 'manual'; pairs: readonly LinkPair[]; now: Date },
): Promise<string> {
  const run = await db
    .insertInto('bulk_link_runs')
    .values({ portal_id: input.portalId, requested_by: input.requestedBy, mode: input.mode, created_at: input.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < input.pairs.length; i += 5000) {
    await db
      .insertInto('bulk_link_items')
      .values(
        input.pairs.slice(i, i + 5000).map((pair) => ({
          run_id: run.id,
          administration_id: pair.administrationId,
          crm_external_id: pair.crmExternalId,
        })),
      )
      .execute();
  }
  return run.id;
}

export type BulkLinkRun = {
  readonly id: string;
  readonly portalId: string;
  readonly requestedBy: string | null;
  readonly mode: 'automatic' | 'manual';
  readonly createdAt: Date;
  readonly finishedAt: Date | null;
};

export async function findBulkLinkRun(db: Db, runId: string): Promise<BulkLinkRun | null> {
  return (
    (await db
      .selectFrom('bulk_link_runs')
      .select(camelColumns(['id', 'portal_id', 'requested_by', 'mode', 'created_at', 'finished_at']))
      .where('id', '=', runId)
      .executeTakeFirst()) ?? null
  );
}

export async function pendingBulkLinkItems(db: Db, runId: string, limit: number): Promise<LinkPair[]> {
  return db
    .selectFrom('bulk_link_items')
    .select(['administration_id as administrationId', 'crm_external_id as crmExternalId'])
    .where('run_id', '=', runId)
    .where('state', '=', 'pending')
    .orderBy('administration_id')
    .limit(limit)
    .execute();
}

/**
 * Locks the given items that are still pending, for the rest of the transaction; items another worker holds or has
 * settled are left out (it links those). Returns the locked ones.
 */
export async function lockPendingBulkLinkItems(
  db: Db,
  runId: string,
  administrationIds: readonly string[],
): Promise<Set<string>> {
  if (administrationIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('bulk_link_items')
    .select('administration_id')
    .where('run_id', '=', runId)
    .where('administration_id', '=', sql<string>`ANY(${sql.val(administrationIds)}::uuid[])`)
    .where('state', '=', 'pending')
    .forUpdate()
    .skipLocked()
    .execute();
  return new Set(rows.map((row) => row.administration_id));
}

export type BulkLinkOutcome = {
  readonly administrationId: string;
  readonly state: 'linked' | 'skipped';
  readonly reason: string | null;
};

/** Settles pending items in one statement (each with its own outcome); items no longer pending stay as they are. */
export async function settleBulkLinkItems(db: Db, runId: string, outcomes: readonly BulkLinkOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const rows = JSON.stringify(
    outcomes.map((outcome) => ({ id: outcome.administrationId, state: outcome.state, reason: outcome.reason })),
  );
  await sql`
    UPDATE bulk_link_items i SET state = v.state, reason = v.reason
    FROM jsonb_to_recordset(${rows}::jsonb) AS v(id uuid, state text, reason text)
    WHERE i.run_id = ${runId} AND i.administration_id = v.id AND i.state = 'pending'`.execute(db);
}

/** Settles every item still pending as skipped, for one reason (e.g. the person who started the run is gone). */
export async function skipPendingBulkLinkItems(db: Db, runId: string, reason: string): Promise<void> {
  await db
    .updateTable('bulk_link_items')
    .set({ state: 'skipped', reason })
    .where('run_id', '=', runId)
    .where('state', '=', 'pending')
    .execute();
}

export async function finishBulkLinkRun(db: Db, runId: string, now: Date): Promise<void> {
  await db
    .updateTable('bulk_link_runs')
    .set({ finished_at: now })
    .where('id', '=', runId)
    .where('finished_at', 'is', null)
    .execute();
}

/** Runs not finished yet (a worker that died left them): the sweep queues them again. */
export async function unfinishedBulkLinkRuns(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('bulk_link_runs').select('id').where('finished_at', 'is', null).execute();
  return rows.map((row) => row.id);
}

export type BulkLinkItem = {
  readonly administrationId: string;
  readonly administrationName: string;
  readonly crmExternalId: string;
  readonly state: 'pending' | 'linked' | 'skipped';
  readonly reason: string | null;
};

/** Every item of a run with the administration's name, in name order. */
export async function bulkLinkItems(db: Db, runId: string): Promise<BulkLinkItem[]> {
  return db
    .selectFrom('bulk_link_items as i')
    .innerJoin('administrations as a', 'a.id', 'i.administration_id')
    .select([
      ...camelColumns(['administration_id', 'crm_external_id', 'state', 'reason'], 'i'),
      'a.name as administrationName',
    ])
    .where('i.run_id', '=', runId)
    .orderBy('a.name')
    .execute();
}
