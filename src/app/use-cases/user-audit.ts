/** Recording what a person did in the audit trail, in the same transaction as the deed. */
import { appendAudit } from '../../adapters/db/repos/audit.repo.js';

import type { Db } from '../../adapters/db/pool.js';
import type { AuditAction, AuditEntry } from '../../adapters/db/repos/audit.repo.js';
import type { AppDeps } from '../deps.js';

/** What an entry says beyond who (the user, in their portal), what and when. */
export type AuditFacts = Omit<AuditEntry, 'portalId' | 'action' | 'actorUserId' | 'at'>;

/** Who did it: a user in their portal, or the shell (`crmhub user …`) with no user id. */
export type AuditActor = { readonly portalId: string; readonly id: string | null };

/** Appends one audit row: `user` did `action` at `at`. */
export async function auditUserAction(
  db: Db,
  user: AuditActor,
  action: AuditAction,
  at: Date,
  facts: AuditFacts = {},
): Promise<void> {
  await auditUserActions(db, user, action, at, [facts]);
}

/** Appends one audit row per facts (e.g. per administration of a bulk action): `user` did `action` at `at`. */
export async function auditUserActions(
  db: Db,
  user: AuditActor,
  action: AuditAction,
  at: Date,
  facts: readonly AuditFacts[],
): Promise<void> {
  await appendAudit(
    db,
    facts.map((entry) => ({ portalId: user.portalId, action, actorUserId: user.id, at, ...entry })),
  );
}

/** Writes a portal-wide setting (its setter answers the value it replaced); the trail records old and new. */
export async function changeAuditedSetting<T extends string>(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  user: AuditActor,
  action: AuditAction,
  setting: { readonly write: (db: Db, portalId: string, value: T) => Promise<T>; readonly value: T },
): Promise<T> {
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    const previous = await setting.write(trx, user.portalId, setting.value);
    await auditUserAction(trx, user, action, now, { oldValue: previous, newValue: setting.value });
  });
  return setting.value;
}
