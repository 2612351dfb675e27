/** The audit trail: every detected, held, approved, rejected, applied, conflicted and failed change, and settings. */
import { sql } from 'kysely';

import { camelColumns } from './camel-row.js';
import { idsToMatch } from './portal.repo.js';

import type { AuditAction, AuditReasonCode, AuditReasonParams } from '../../../contract/audit.contract.js';
import type { Db } from '../pool.js';

export type { AuditAction, AuditReasonCode, AuditReasonParams };

export type AuditEntry = {
  readonly portalId: string;
  readonly action: AuditAction;
  readonly actorUserId?: string | null;
  readonly administrationId?: string | null;
  readonly changeId?: string | null;
  readonly field?: string | null;
  readonly oldValue?: string | null;
  readonly newValue?: string | null;
  /** Only what a person typed; crmhub's own reasons go in `reasonCode`. */
  readonly reason?: string | null;
  readonly reasonCode?: AuditReasonCode | null;
  readonly reasonParams?: AuditReasonParams;
  readonly details?: Record<string, unknown>;
  readonly at: Date;
};

/** Appends audit rows (in the caller's transaction, so the trail and the change are written together). */
export async function appendAudit(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  // 13 columns a row: batches stay under PostgreSQL's bind-parameter limit.
  for (let i = 0; i < entries.length; i += 4000) {
    await insertAuditBatch(db, entries.slice(i, i + 4000));
  }
}

async function insertAuditBatch(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  await db
    .insertInto('audit_log')
    .values(
      entries.map((entry) => ({
        portal_id: entry.portalId,
        action: entry.action,
        actor_user_id: entry.actorUserId ?? null,
        administration_id: entry.administrationId ?? null,
        change_id: entry.changeId ?? null,
        field: entry.field ?? null,
        old_value: entry.oldValue ?? null,
        new_value: entry.newValue ?? null,
        reason: entry.reason ?? null,
        reason_code: entry.reasonCode ?? null,
        reason_params: JSON.stringify(entry.reasonParams ?? {}),
        details: JSON.stringify(entry.details ?? {}),
        at: entry.at,
      })),
    )
    .execute();
}

export type AuditFilter = {
  readonly portalId: string;
  readonly administrationId?: string;
  readonly field?: string;
  readonly actions?: readonly AuditAction[];
  readonly from?: Date;
  readonly to?: Date;
  /** Employees see only their domains' administrations (and portal-level rows). */
  readonly visibleDomainIds?: readonly string[] | null;
  readonly limit: number;
  readonly beforeId?: number;
};

export type AuditRow = {
  readonly id: number;
  readonly at: Date;
  readonly action: string;
  readonly actorEmail: string | null;
  readonly administrationId: string | null;
  readonly administrationName: string | null;
  readonly changeId: string | null;
  readonly field: string | null;
  readonly oldValue: string | null;
  readonly newValue: string | null;
  readonly reason: string | null;
  readonly reasonCode: string | null;
  readonly reasonParams: Record<string, string | null>;
  /** How the change reached Yuki (`assisted` / `automatic`), for entries about applying one. */
  readonly writeMode: string | null;
};

/** Audit rows newest first, filtered; keyset-paged by id. */
export async function listAudit(db: Db, filter: AuditFilter): Promise<AuditRow[]> {
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .leftJoin('administrations as ad', 'ad.id', 'a.administration_id')
    .select([
      ...camelColumns(['id', 'at', 'action'], 'a'),
      (eb) => eb.fn.coalesce('u.email', 'a.actor_email').as('actorEmail'),
      'a.administration_id as administrationId',
      'ad.name as administrationName',
      ...camelColumns(['change_id', 'field', 'old_value', 'new_value', 'reason', 'reason_code'], 'a'),
      sql<Record<string, string | null>>`a.reason_params`.as('reasonParams'),
      sql<string | null>`a.details->>'mode'`.as('writeMode'),
    ])
    .where('a.portal_id', '=', filter.portalId);
  if (filter.administrationId !== undefined) query = query.where('a.administration_id', '=', filter.administrationId);
  if (filter.field !== undefined) query = query.where('a.field', '=', filter.field);
  if (filter.actions !== undefined && filter.actions.length > 0) query = query.where('a.action', 'in', filter.actions);
  if (filter.from !== undefined) query = query.where('a.at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('a.at', '<', filter.to);
  if (filter.beforeId !== undefined) query = query.where('a.id', '<', filter.beforeId);
  const domains = filter.visibleDomainIds;
  if (domains != null) {
    query = query.where((eb) =>
      eb.or([eb('a.administration_id', 'is', null), eb('ad.domain_id', 'in', idsToMatch(domains))]),
    );
  }
  return query.orderBy('a.id', 'desc').limit(filter.limit).execute();
}
