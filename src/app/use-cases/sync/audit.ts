/** Reading the audit trail: one page of entries for the screen, or everything a filter selects as CSV. */
import { listAudit } from '../../../adapters/db/repos/audit.repo.js';
import { visibleDomainIds } from '../../../adapters/db/repos/portal.repo.js';

import type { AuditRow } from '../../../adapters/db/repos/audit.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { AuditFilterQuery } from '../../../contract/audit.contract.js';
import type { AppDeps } from '../../deps.js';

export type { AuditRow };

const EXPORT_PAGE = 1000;

/** Reads one page of the entries the user may see, newest first, older than `before` when given. */
async function auditRows(
  deps: AppDeps,
  user: User,
  filter: AuditFilterQuery,
  page: { limit: number; before: string | undefined },
): Promise<AuditRow[]> {
  return listAudit(deps.db, {
    portalId: user.portalId,
    visibleDomainIds: await visibleDomainIds(deps.db, user),
    limit: page.limit,
    ...(filter.administrationId === undefined ? {} : { administrationId: filter.administrationId }),
    ...(filter.field === undefined ? {} : { field: filter.field }),
    ...(filter.action === undefined ? {} : { actions: [filter.action] }),
    ...(filter.from === undefined ? {} : { from: new Date(filter.from) }),
    ...(filter.to === undefined ? {} : { to: new Date(filter.to) }),
    ...(page.before === undefined ? {} : { beforeId: Number(page.before) }),
  });
}

/** One screen of entries and the id to page on from (null on the last page). */
export async function auditPage(
  deps: AppDeps,
  user: User,
  filter: AuditFilterQuery,
): Promise<{ rows: AuditRow[]; nextBefore: string | null }> {
  const rows = await auditRows(deps, user, filter, { limit: filter.limit, before: filter.before });
  const last = rows.at(-1);
  return { rows, nextBefore: rows.length === filter.limit && last !== undefined ? String(last.id) : null };
}

/** Every entry the filter selects (an export is the whole trail, not one screen of it), page by page. */
export async function* auditRowsForExport(
  deps: AppDeps,
  user: User,
  filter: AuditFilterQuery,
): AsyncGenerator<AuditRow[]> {
  let before = filter.before;
  for (;;) {
    const rows = await auditRows(deps, user, filter, { limit: EXPORT_PAGE, before });
    yield rows;
    const last = rows.at(-1);
    if (rows.length < EXPORT_PAGE || last === undefined) return;
    before = String(last.id);
  }
}
