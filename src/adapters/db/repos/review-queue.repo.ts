/** The review queue on the server: a filtered, paged read with names, the selection of a bulk decision, and its writes. */
import { sql } from 'kysely';

import { reviewableChangeStates, statesAccepting } from '../../../core/approval/approval.js';
import { legalFields } from '../../../core/sync/fields.js';
import { changeColumns } from './changes.repo.js';
import { idsToMatch } from './portal.repo.js';

import type { SelectQueryBuilder } from 'kysely';
import type { ChangeState } from '../../../core/approval/approval.js';
import type { SyncField } from '../../../core/sync/fields.js';
import type { Db } from '../pool.js';
import type { ChangeHistoryEntry, Database } from '../schema.js';
import type { StoredChange } from './changes.repo.js';

/** Which changes: the user's portal and domains (null = all), narrowed by the person's filters. */
export type ReviewScope = {
  readonly portalId: string;
  readonly domains: readonly string[] | null;
  readonly administrationId?: string | undefined;
  readonly field?: SyncField | undefined;
  readonly state?: ChangeState | undefined;
  readonly category?: 'legal_vat' | 'other' | undefined;
  readonly kind?: 'clear' | 'update' | undefined;
  readonly ids?: readonly string[] | undefined;
};

export type ReviewItem = StoredChange & {
  readonly administrationName: string;
  readonly domainName: string;
  readonly crmName: string | null;
  readonly crmLink: string | null;
};

type QueueQuery = SelectQueryBuilder<
  Database & { c: Database['sync_changes']; a: Database['administrations']; d: Database['domains'] },
  'c' | 'a' | 'd',
  object
>;

function scoped(db: Db, scope: ReviewScope): QueueQuery {
  const legal = [...legalFields];
  return db
    .selectFrom('sync_changes as c')
    .innerJoin('administrations as a', 'a.id', 'c.administration_id')
    .innerJoin('domains as d', 'd.id', 'a.domain_id')
    .where('d.portal_id', '=', scope.portalId)
    .where('c.state', 'in', scope.state === undefined ? reviewableChangeStates : [scope.state])
    .$if(scope.domains !== null, (q) => q.where('a.domain_id', 'in', idsToMatch(scope.domains ?? [])))
    .$if(scope.administrationId !== undefined, (q) => q.where('c.administration_id', '=', scope.administrationId ?? ''))
    .$if(scope.field !== undefined, (q) => q.where('c.field', '=', scope.field ?? ''))
    .$if(scope.category === 'legal_vat', (q) => q.where('c.field', 'in', legal))
    .$if(scope.category === 'other', (q) => q.where('c.field', 'not in', legal))
    .$if(scope.kind === 'clear', (q) => q.where('c.new_value', 'is', null))
    .$if(scope.kind === 'update', (q) => q.where('c.new_value', 'is not', null))
    .$if(scope.ids !== undefined, (q) => q.where('c.id', 'in', idsToMatch(scope.ids ?? [])));
}

/** How many changes match. */
export async function countReview(db: Db, scope: ReviewScope): Promise<number> {
  const row = await scoped(db, scope)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** What a bulk decision by filter would cover: changes, administrations, and clears among them. */
export type ReviewCounts = { readonly changes: number; readonly administrations: number; readonly clears: number };

export async function reviewCounts(db: Db, scope: ReviewScope): Promise<ReviewCounts> {
  const row = await scoped(db, scope)
    .select([
      sql<string>`count(*)`.as('changes'),
      sql<string>`count(DISTINCT c.administration_id)`.as('administrations'),
      sql<string>`count(*) FILTER (WHERE c.new_value IS NULL)`.as('clears'),
    ])
    .executeTakeFirstOrThrow();
  return { changes: Number(row.changes), administrations: Number(row.administrations), clears: Number(row.clears) };
}

/** One page of matching changes in queue order (administration name, then detection), with names and CRM links. */
export async function reviewPage(
  db: Db,
  scope: ReviewScope,
  page: { readonly offset: number; readonly limit: number },
): Promise<ReviewItem[]> {
  return scoped(db, scope)
    .leftJoin('administration_links as l', 'l.administration_id', 'c.administration_id')
    .leftJoin('crm_organizations as o', (join) =>
      join.onRef('o.connection_id', '=', 'l.connection_id').onRef('o.external_id', '=', 'c.source_external_id'),
    )
    .select([
      ...changeColumns.map((column) => (typeof column === 'string' ? (`c.${column}` as const) : column)),
      'a.name as administrationName',
      'd.name as domainName',
      'o.name as crmName',
      'o.deep_link as crmLink',
    ])
    .orderBy('a.name')
    .orderBy('c.administration_id')
    .orderBy('c.detected_at')
    .orderBy('c.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

/** What a bulk decision needs of each selected change. */
export type SelectedChange = Pick<
  StoredChange,
  'id' | 'administrationId' | 'field' | 'state' | 'oldValue' | 'newValue' | 'invalidReason' | 'portalValue'
> & { readonly administrationName: string };

/** Every matching change (a bulk decision's selection), in queue order. */
export async function reviewSelection(db: Db, scope: ReviewScope): Promise<SelectedChange[]> {
  return scoped(db, scope)
    .select([
      'c.id',
      'c.administration_id as administrationId',
      'a.name as administrationName',
      sql<SyncField>`c.field`.as('field'),
      'c.state',
      'c.old_value as oldValue',
      'c.new_value as newValue',
      'c.invalid_reason as invalidReason',
      'c.portal_value as portalValue',
    ])
    .orderBy('a.name')
    .orderBy('c.administration_id')
    .orderBy('c.detected_at')
    .execute();
}

/** A person's decision on many changes at once. */
type Decision = { readonly decidedBy: string; readonly reason: string | null; readonly now: Date };

/** What every decision writes: the new state, who decided when, and why. */
function decidedColumns(state: 'approved' | 'rejected', decision: Decision) {
  return {
    state,
    updated_at: decision.now,
    decided_by: decision.decidedBy,
    decided_at: decision.now,
    decision_reason: decision.reason,
  };
}

/**
 * Approves many changes in one statement, each as a person's unedited approval (a conflict's portal value becomes the
 * value the stale guard expects); returns those that were still open.
 */
export async function approveChanges(db: Db, ids: readonly string[], decision: Decision): Promise<StoredChange[]> {
  if (ids.length === 0) return [];
  return db
    .updateTable('sync_changes')
    .set((eb) => ({
      ...decidedColumns('approved', decision),
      priority: 'high',
      attempts: 0,
      next_attempt_at: null,
      old_value: eb.case().when('state', '=', 'conflict').then(eb.ref('portal_value')).else(eb.ref('old_value')).end(),
    }))
    .where('id', 'in', ids)
    .where('state', 'in', statesAccepting('approve'))
    .where('invalid_reason', 'is', null)
    .returning(changeColumns)
    .execute();
}

/** Rejects many changes in one statement and remembers the rejected values; returns those that were still open. */
export async function rejectChanges(db: Db, ids: readonly string[], decision: Decision): Promise<StoredChange[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('sync_changes')
    .set(decidedColumns('rejected', decision))
    .where('id', 'in', ids)
    .where('state', 'in', statesAccepting('reject'))
    .returning(changeColumns)
    .execute();
  if (rows.length > 0) {
    await db
      .insertInto('field_rejections')
      .values(
        rows.map((row) => ({
          administration_id: row.administrationId,
          field: row.field,
          value: row.newValue,
          rejected_at: decision.now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['administration_id', 'field']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          rejected_at: eb.ref('excluded.rejected_at'),
        })),
      )
      .execute();
  }
  return rows;
}

export type { ChangeHistoryEntry };
