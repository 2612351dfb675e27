/** Recording what a person did in the audit trail, in the same transaction as the deed. */
import { appendAudit } from '../../adapters/db/repos/audit.repo.js';

import type { Db } from '../../adapters/db/pool.js';
import type { AuditAction, AuditEntry } from '../../adapters/db/repos/audit.repo.js';
import type { User } from '../../adapters/db/repos/users.repo.js';

/** What an entry says beyond who (the user, in their portal), what and when. */
export type AuditFacts = Omit<AuditEntry, 'portalId' | 'action' | 'actorUserId' | 'at'>;

/** Appends one audit row: `user` did `action` at `at`. */
export async function auditUserAction(
  db: Db,
  user: User,
  action: AuditAction,
  at: Date,
  facts: AuditFacts = {},
): Promise<void> {
  await appendAudit(db, [{ portalId: user.portalId, action, actorUserId: user.id, at, ...facts }]);
}
