// Client for the audit trail: filtered pages of entries, and the CSV export address for the same filters.
import { auditPageSchema } from '../../../src/contract/audit.contract.js';
import { amsterdamWallToUtc } from '../../../src/core/intake/dates.js';
import { sendJson } from '../api.js';
import { queryString } from './schemas.js';

import type { AuditEntryView, AuditPage } from '../../../src/contract/audit.contract.js';

export type AuditEntry = AuditEntryView;
export type AuditFilters = { administrationId: string; field: string; action: string; from: string; to: string };

/** Entries per page of the table. */
export const auditPageSize = 50;

export const emptyAuditFilters: AuditFilters = { administrationId: '', field: '', action: '', from: '', to: '' };

/** Dates from the form are whole days in Dutch time: `to` includes the whole of its day (up to the next midnight). */
function filterParams(filters: AuditFilters): Record<string, string> {
  const day = (date: string, plusDays: number): string => {
    const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (parts === null) return '';
    const midnight = Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]) + plusDays);
    return new Date(amsterdamWallToUtc(midnight)).toISOString();
  };
  return {
    administrationId: filters.administrationId,
    field: filters.field,
    action: filters.action,
    from: day(filters.from, 0),
    to: day(filters.to, 1),
  };
}

/** The page of entries older than `before` (an entry id; null: the newest). */
export async function getAudit(filters: AuditFilters, before: string | null): Promise<AuditPage> {
  const query = queryString({ ...filterParams(filters), before, limit: auditPageSize });
  return sendJson(auditPageSchema, 'GET', `/api/audit${query}`);
}

/** The CSV export of the same filters, in the reader's language (headers, actions, fields and reasons in words). */
export function auditExportUrl(filters: AuditFilters, lang: string): string {
  return `/api/audit/export.csv${queryString({ ...filterParams(filters), lang })}`;
}
