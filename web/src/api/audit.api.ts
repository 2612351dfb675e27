// Client for the audit trail: filtered pages of entries, and the CSV export address for the same filters.
import { auditPageSchema } from '../../../src/contract/audit.contract.js';
import { sendJson } from '../api.js';
import { queryString } from './schemas.js';

import type { AuditEntryView, AuditPage } from '../../../src/contract/audit.contract.js';

export type AuditEntry = AuditEntryView;
export type AuditFilters = { administrationId: string; field: string; action: string; from: string; to: string };

export const emptyAuditFilters: AuditFilters = { administrationId: '', field: '', action: '', from: '', to: '' };

/** Dates from the form are whole days: `to` includes the whole of its day (up to the next midnight). */
function filterParams(filters: AuditFilters): Record<string, string> {
  const day = (date: string, plusDays: number): string => {
    if (date === '') return '';
    const at = new Date(`${date}T00:00:00`);
    at.setDate(at.getDate() + plusDays);
    return at.toISOString();
  };
  return {
    administrationId: filters.administrationId,
    field: filters.field,
    action: filters.action,
    from: day(filters.from, 0),
    to: day(filters.to, 1),
  };
}

export async function getAudit(filters: AuditFilters, before: string | null): Promise<AuditPage> {
  const query = queryString({ ...filterParams(filters), before, limit: 100 });
  return sendJson(auditPageSchema, 'GET', `/api/audit${query}`);
}

/** The CSV export of the same filters, in the reader's language (headers, actions, fields and reasons in words). */
export function auditExportUrl(filters: AuditFilters, lang: string): string {
  return `/api/audit/export.csv${queryString({ ...filterParams(filters), lang })}`;
}
