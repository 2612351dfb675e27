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

/** RFC 4180 quoting, plus a leading quote for values a spreadsheet would run as a formula. */
function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvHeader = ['at', 'action', 'actor', 'administration', 'field', 'old value', 'new value', 'reason', 'change id'];

function csvLine(row: AuditRow): string {
  return [
    row.at.toISOString(),
    row.action,
    row.actorEmail ?? 'crmhub',
    row.administrationName,
    row.field,
    row.oldValue,
    row.newValue,
    row.reason,
    row.changeId,
  ]
    .map(csvCell)
    .join(',');
}

/** Every entry the filter selects as CSV (an export is the whole trail, not one screen of it), and its file name. */
export async function auditCsv(
  deps: AppDeps,
  user: User,
  filter: AuditFilterQuery,
): Promise<{ filename: string; csv: string }> {
  const lines = [csvHeader.join(',')];
  let before = filter.before;
  for (;;) {
    const rows = await auditRows(deps, user, filter, { limit: EXPORT_PAGE, before });
    lines.push(...rows.map(csvLine));
    const last = rows.at(-1);
    if (rows.length < EXPORT_PAGE || last === undefined) break;
    before = String(last.id);
  }
  return {
    filename: `crmhub-audit-${deps.clock().toISOString().slice(0, 10)}.csv`,
    csv: `${lines.join('\r\n')}\r\n`,
  };
}
