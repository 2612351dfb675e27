/** Field changes and rejections: the stored side of change planning and of every state transition. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';

import { openChangeStates, statesAccepting } from '../../../core/approval/approval.js';
import { appendAudit } from './audit.repo.js';
import { failureColumns, noFailureColumns } from './failure-columns.js';
import { idsToMatch } from './portal.repo.js';

import type { ChangeEvent, ChangeState } from '../../../core/approval/approval.js';
import type { ConnectorError, RunFailure } from '../../../core/connector.js';
import type { ChangeFailureCode } from '../../../core/sync/failure.js';
import type { SyncField } from '../../../core/sync/fields.js';
import type { FieldPlan, OpenChange } from '../../../core/sync/plan.js';
import type { Db } from '../pool.js';
import type { ChangeHistoryEntry } from '../schema.js';
import type { AuditEntry } from './audit.repo.js';

export type StoredChange = {
  readonly id: string;
  readonly administrationId: string;
  readonly field: SyncField;
  readonly state: ChangeState;
  readonly oldValue: string | null;
  readonly newValue: string | null;
  readonly rawValue: string | null;
  readonly invalidReason: string | null;
  readonly portalValue: string | null;
  readonly history: readonly ChangeHistoryEntry[];
  readonly sourceExternalId: string;
  readonly priority: 'high' | 'low';
  readonly attempts: number;
  readonly nextAttemptAt: Date | null;
  readonly lastError: string | null;
  readonly lastFailure: RunFailure | null;
  /** What a person must do about the last failure (core/sync/failure.ts); null when nothing specific. */
  readonly lastErrorCode: string | null;
  readonly detectedAt: Date;
  readonly decidedAt: Date | null;
  readonly decisionReason: string | null;
};

export const changeColumns = [
  'id',
  'administration_id as administrationId',
  sql<SyncField>`field`.as('field'),
  'state',
  'old_value as oldValue',
  'new_value as newValue',
  'raw_value as rawValue',
  'invalid_reason as invalidReason',
  'portal_value as portalValue',
  sql<ChangeHistoryEntry[]>`history`.as('history'),
  'source_external_id as sourceExternalId',
  'priority',
  'attempts',
  'next_attempt_at as nextAttemptAt',
  'last_error as lastError',
  sql<RunFailure | null>`last_failure`.as('lastFailure'),
  'last_error_code as lastErrorCode',
  'detected_at as detectedAt',
  'decided_at as decidedAt',
  'decision_reason as decisionReason',
] as const;

export type OpenChangeWithHistory = OpenChange & { readonly history: readonly ChangeHistoryEntry[] };

/** Open changes of many administrations in one query: administration → field → change. */
export async function openChangesOfMany(
  db: Db,
  administrationIds: readonly string[],
): Promise<Map<string, Map<SyncField, OpenChangeWithHistory>>> {
  const result = new Map<string, Map<SyncField, OpenChangeWithHistory>>();
  if (administrationIds.length === 0) return result;
  const rows = await db
    .selectFrom('sync_changes')
    .select([
      'id',
      'administration_id',
      'field',
      'state',
      'new_value',
      sql<ChangeHistoryEntry[]>`history`.as('history'),
    ])
    .where('administration_id', 'in', administrationIds)
    .where('state', 'in', openChangeStates)
    .execute();
  for (const row of rows) {
    const byField = result.get(row.administration_id) ?? new Map<SyncField, OpenChangeWithHistory>();
    byField.set(row.field as SyncField, {
      id: row.id,
      state: row.state,
      newValue: row.new_value,
      history: row.history,
    });
    result.set(row.administration_id, byField);
  }
  return result;
}

/** Rejected values of many administrations in one query: administration → field → value. */
export async function rejectionsOfMany(
  db: Db,
  administrationIds: readonly string[],
): Promise<Map<string, Map<SyncField, string | null>>> {
  const result = new Map<string, Map<SyncField, string | null>>();
  if (administrationIds.length === 0) return result;
  const rows = await db
    .selectFrom('field_rejections')
    .select(['administration_id', 'field', 'value'])
    .where('administration_id', 'in', administrationIds)
    .execute();
  for (const row of rows) {
    const byField = result.get(row.administration_id) ?? new Map<SyncField, string | null>();
    byField.set(row.field as SyncField, row.value);
    result.set(row.administration_id, byField);
  }
  return result;
}

export type PlanContext = {
  readonly portalId: string;
  readonly administrationId: string;
  readonly sourceExternalId: string;
  readonly baseline: Readonly<Record<string, string | null>>;
  readonly open: ReadonlyMap<SyncField, { readonly id: string; readonly history: readonly ChangeHistoryEntry[] }>;
  readonly plans: readonly FieldPlan[];
};

type NewChangeRow = {
  id: string;
  administration_id: string;
  field: string;
  state: 'pending' | 'approved';
  old_value: string | null;
  new_value: string | null;
  raw_value: string | null;
  invalid_reason: string | null;
  history: string;
  source_external_id: string;
  detected_at: Date;
  updated_at: Date;
};

/** What persisting a batch of plans writes, gathered first so it goes out in a few set-based statements. */
type PlanBatch = {
  readonly audit: AuditEntry[];
  readonly inserts: NewChangeRow[];
  readonly superseded: string[];
  readonly forgotten: { administrationId: string; field: string }[];
  readonly toApply: Set<string>;
  held: number;
};

type ChangePlan = Extract<FieldPlan, { action: 'create' | 'fold' | 'replace' }>;

/** Folds the new value into the pending change (at once), or stages a new change row; returns the change's id. */
async function foldOrStageChange(
  db: Db,
  batch: PlanBatch,
  context: PlanContext,
  plan: ChangePlan,
  now: Date,
): Promise<{ changeId: string; state: 'pending' | 'approved' }> {
  const entry: ChangeHistoryEntry = { value: plan.newValue, raw: plan.rawValue, at: now.toISOString() };
  const state = plan.disposition === 'apply' ? 'approved' : 'pending';
  const history = [...(plan.action === 'create' ? [] : (context.open.get(plan.field)?.history ?? [])), entry];
  if (plan.action === 'fold') {
    await db
      .updateTable('sync_changes')
      .set({
        new_value: plan.newValue,
        raw_value: plan.rawValue,
        invalid_reason: plan.invalidReason,
        history: JSON.stringify(history),
        state,
        updated_at: now,
      })
      .where('id', '=', plan.changeId)
      .where('state', '=', 'pending')
      .execute();
    return { changeId: plan.changeId, state };
  }
  if (plan.action === 'replace') batch.superseded.push(plan.changeId);
  const changeId = randomUUID();
  batch.inserts.push({
    id: changeId,
    administration_id: context.administrationId,
    field: plan.field,
    state,
    old_value: context.baseline[plan.field] ?? null,
    new_value: plan.newValue,
    raw_value: plan.rawValue,
    invalid_reason: plan.invalidReason,
    history: JSON.stringify(history),
    source_external_id: context.sourceExternalId,
    detected_at: now,
    updated_at: now,
  });
  return { changeId, state };
}

/** Why a change is held, as an audit reason code: an invalid value, a clear, or the policy. */
function heldBecause(plan: ChangePlan): Pick<AuditEntry, 'reasonCode' | 'reasonParams'> {
  if (plan.invalidReason !== null)
    return { reasonCode: 'held_invalid', reasonParams: { invalidReason: plan.invalidReason } };
  return { reasonCode: plan.newValue === null ? 'held_clear' : 'held_by_policy' };
}

/** Stages one field's plan and its audit rows. */
async function stagePlan(db: Db, batch: PlanBatch, context: PlanContext, plan: FieldPlan, now: Date): Promise<void> {
  const base = { portalId: context.portalId, administrationId: context.administrationId, at: now };
  if (plan.action === 'forget_rejection') {
    batch.forgotten.push({ administrationId: context.administrationId, field: plan.field });
    return;
  }
  if (plan.action === 'withdraw') {
    batch.superseded.push(plan.changeId);
    batch.audit.push({
      ...base,
      action: 'change_withdrawn',
      changeId: plan.changeId,
      field: plan.field,
      reasonCode: 'crm_reverted',
    });
    return;
  }
  const { changeId, state } = await foldOrStageChange(db, batch, context, plan, now);
  const values = {
    changeId,
    field: plan.field,
    oldValue: context.baseline[plan.field] ?? null,
    newValue: plan.newValue,
  };
  batch.audit.push({
    ...base,
    ...values,
    action: 'change_detected',
    details: { raw: plan.rawValue, folded: plan.action === 'fold' },
  });
  if (state === 'approved') {
    batch.toApply.add(context.administrationId);
    batch.audit.push({ ...base, ...values, action: 'change_auto_approved', reasonCode: 'auto_approved_by_policy' });
  } else {
    batch.held += 1;
    batch.audit.push({
      ...base,
      ...values,
      action: 'change_held',
      ...heldBecause(plan),
    });
  }
}

/** Writes what the plans staged: supersessions, new changes, forgotten rejections, audit rows. */
async function writePlanBatch(db: Db, batch: PlanBatch, now: Date): Promise<void> {
  // Supersede first: the unique "one open change per field" index must be free before the replacement goes in.
  if (batch.superseded.length > 0) {
    await db
      .updateTable('sync_changes')
      .set({ state: 'superseded', updated_at: now })
      .where('id', 'in', batch.superseded)
      .where('state', 'in', statesAccepting('supersede'))
      .execute();
  }
  for (let i = 0; i < batch.inserts.length; i += INSERT_BATCH) {
    await db
      .insertInto('sync_changes')
      .values(batch.inserts.slice(i, i + INSERT_BATCH))
      .execute();
  }
  for (const { administrationId, field } of batch.forgotten) {
    await db
      .deleteFrom('field_rejections')
      .where('administration_id', '=', administrationId)
      .where('field', '=', field)
      .execute();
  }
  await appendAudit(db, batch.audit);
}

/**
 * Stores the plans of many administrations with their audit rows in a few set-based statements; call inside the
 * transaction that locked their links. Returns the administrations that now have approved changes to apply.
 */
export async function persistPlans(
  db: Db,
  contexts: readonly PlanContext[],
  now: Date,
): Promise<{ toApply: string[]; held: number }> {
  const batch: PlanBatch = { audit: [], inserts: [], superseded: [], forgotten: [], toApply: new Set(), held: 0 };
  for (const context of contexts) {
    for (const plan of context.plans) await stagePlan(db, batch, context, plan, now);
  }
  await writePlanBatch(db, batch, now);
  return { toApply: [...batch.toApply], held: batch.held };
}

// Stays well under PostgreSQL's 65,535 bind parameters per statement (12 columns a row).
const INSERT_BATCH = 2000;

/**
 * Moves a change along the state machine with a guarded `UPDATE … WHERE state IN (allowed)`; returns false when the
 * change was not in a state that accepts the event (someone else got there first).
 */
export async function transition(
  db: Db,
  changeId: string,
  event: ChangeEvent,
  now: Date,
  extra: {
    decidedBy?: string;
    reason?: string | null;
    newValue?: string | null;
    oldValue?: string | null;
    portalValue?: string | null;
    failure?: ConnectorError;
    lastErrorCode?: string | null;
    priority?: 'high' | 'low';
  } = {},
): Promise<StoredChange | null> {
  const target = {
    approve: 'approved',
    reject: 'rejected',
    apply: 'applied',
    conflict: 'conflict',
    fail: 'failed',
    supersede: 'superseded',
  } as const;
  const row = await db
    .updateTable('sync_changes')
    .set({
      state: target[event],
      updated_at: now,
      ...(extra.decidedBy === undefined ? {} : { decided_by: extra.decidedBy, decided_at: now }),
      ...(extra.reason === undefined ? {} : { decision_reason: extra.reason }),
      ...(extra.newValue === undefined ? {} : { new_value: extra.newValue, invalid_reason: null }),
      ...(extra.oldValue === undefined ? {} : { old_value: extra.oldValue }),
      ...(extra.portalValue === undefined ? {} : { portal_value: extra.portalValue }),
      ...(extra.failure === undefined ? {} : failureColumns(extra.failure)),
      ...(extra.lastErrorCode === undefined ? {} : { last_error_code: extra.lastErrorCode }),
      ...(extra.priority === undefined ? {} : { priority: extra.priority }),
      ...(event === 'apply' ? { applied_at: now, ...noFailureColumns, last_error_code: null } : {}),
      ...(event === 'approve' ? { attempts: 0, next_attempt_at: null } : {}),
    })
    .where('id', '=', changeId)
    .where('state', 'in', statesAccepting(event))
    .returning(changeColumns)
    .executeTakeFirst();
  return row ?? null;
}

export async function findChange(db: Db, changeId: string): Promise<StoredChange | null> {
  return (
    (await db.selectFrom('sync_changes').select(changeColumns).where('id', '=', changeId).executeTakeFirst()) ?? null
  );
}

export async function approvedChangesOf(db: Db, administrationId: string): Promise<StoredChange[]> {
  return db
    .selectFrom('sync_changes')
    .select(changeColumns)
    .where('administration_id', '=', administrationId)
    .where('state', '=', 'approved')
    .orderBy('detected_at')
    .execute();
}

/** Records a failed attempt that will be retried later (the change stays approved). */
export async function scheduleRetry(
  db: Db,
  changeId: string,
  input: { at: Date; error: ConnectorError; code?: string | null; now: Date },
): Promise<void> {
  await db
    .updateTable('sync_changes')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      next_attempt_at: input.at,
      ...failureColumns(input.error),
      last_error_code: input.code ?? null,
      updated_at: input.now,
    }))
    .where('id', '=', changeId)
    .where('state', '=', 'approved')
    .execute();
}

export async function rememberRejection(
  db: Db,
  administrationId: string,
  field: SyncField,
  value: string | null,
  now: Date,
): Promise<void> {
  await db
    .insertInto('field_rejections')
    .values({ administration_id: administrationId, field, value, rejected_at: now })
    .onConflict((oc) => oc.columns(['administration_id', 'field']).doUpdateSet({ value, rejected_at: now }))
    .execute();
}

/** Administrations with approved changes whose next attempt is due (for the apply sweeper). */
export async function administrationsWithDueChanges(db: Db, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('sync_changes')
    .select('administration_id')
    .distinct()
    .where('state', '=', 'approved')
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .execute();
  return rows.map((row) => row.administration_id);
}

/** Count of changes waiting for a person, for the navigation badge. */
export async function countReviewable(db: Db, portalId: string, domains: readonly string[] | null): Promise<number> {
  let query = db
    .selectFrom('sync_changes as c')
    .innerJoin('administrations as a', 'a.id', 'c.administration_id')
    .innerJoin('domains as d', 'd.id', 'a.domain_id')
    .select(db.fn.countAll<number>().as('count'))
    .where('d.portal_id', '=', portalId)
    .where('c.state', 'in', ['pending', 'conflict', 'failed']);
  if (domains !== null) query = query.where('a.domain_id', 'in', idsToMatch(domains));
  return (await query.executeTakeFirstOrThrow()).count;
}

const waitsForQuota: ChangeFailureCode = 'portal_quota_exhausted';

/** Approved changes that wait for a domain's quota (last failure `portal_quota_exhausted`), per domain id. */
export async function countWaitingForQuota(db: Db, portalId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('sync_changes as c')
    .innerJoin('administrations as a', 'a.id', 'c.administration_id')
    .innerJoin('domains as d', 'd.id', 'a.domain_id')
    .select(['a.domain_id as domainId', db.fn.countAll<number>().as('count')])
    .where('d.portal_id', '=', portalId)
    .where('c.state', '=', 'approved')
    .where('c.last_error_code', '=', waitsForQuota)
    .groupBy('a.domain_id')
    .execute();
  return new Map(rows.map((row) => [row.domainId, row.count]));
}

/** Withdraws the open changes of an administration (it was unlinked): they are superseded, never applied. */
export async function supersedeOpenChanges(db: Db, administrationId: string, now: Date): Promise<void> {
  await db
    .updateTable('sync_changes')
    .set({ state: 'superseded', updated_at: now })
    .where('administration_id', '=', administrationId)
    .where('state', 'in', openChangeStates)
    .execute();
}
