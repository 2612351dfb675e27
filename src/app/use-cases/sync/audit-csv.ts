/**
 * The audit trail as a CSV file that Dutch Excel opens as columns: UTF-8 with a byte-order mark, semicolons, CRLF,
 * times in Europe/Amsterdam, and headers, actions, fields and reasons in words (Dutch or English), never raw codes.
 */
import { auditCsvColumns, auditLanguages, auditReasonText, auditWords } from '../../../contract/audit-words.js';
import { isSyncField } from '../../../core/sync/fields.js';
import { auditRowsForExport } from './audit.js';

import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { AuditLanguage } from '../../../contract/audit-words.js';
import type { AuditFilterQuery } from '../../../contract/audit.contract.js';
import type { AppDeps } from '../../deps.js';
import type { AuditRow } from './audit.js';

const SEPARATOR = ';';
const BOM = '\uFEFF';

/** The `lang` asked for, else the first of the browser's languages we have, else Dutch (the product's language). */
export function exportLanguage(lang: AuditLanguage | undefined, acceptLanguage: string | undefined): AuditLanguage {
  if (lang !== undefined) return lang;
  for (const tag of (acceptLanguage ?? '').split(',')) {
    const primary = tag.trim().toLowerCase().split(/[-;]/)[0];
    const known = auditLanguages.find((language) => language === primary);
    if (known !== undefined) return known;
  }
  return 'nl';
}

/** Quoted when it holds the separator, a quote or a line break; a leading quote for what a spreadsheet would run. */
function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

// Built once: an export formats every row, and building an Intl.DateTimeFormat costs far more than using one.
// en-GB's short date and medium time are two-digit day, month, hour, minute and second, 24-hour.
const amsterdamClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  dateStyle: 'short',
  timeStyle: 'medium',
});

/** `dd-mm-jjjj uu:mm:ss` (nl) or `yyyy-mm-dd hh:mm:ss` (en), Amsterdam time: both read by Excel as a date and time. */
function localTime(language: AuditLanguage, at: Date): string {
  const entries = amsterdamClock.formatToParts(at).map((part) => [part.type, part.value]);
  const parts = Object.fromEntries(entries) as Record<string, string>;
  const date =
    language === 'nl'
      ? `${parts['day']}-${parts['month']}-${parts['year']}`
      : `${parts['year']}-${parts['month']}-${parts['day']}`;
  return `${date} ${parts['hour']}:${parts['minute']}:${parts['second']}`;
}

function csvLine(language: AuditLanguage, row: AuditRow): string {
  const words = auditWords[language];
  const action = (words.actions as Readonly<Record<string, string>>)[row.action] ?? row.action;
  return [
    localTime(language, row.at),
    action,
    row.actorEmail ?? words.system,
    row.administrationName,
    row.field === null ? null : isSyncField(row.field) ? words.fields[row.field] : row.field,
    row.oldValue,
    row.newValue,
    row.reasonCode === null ? null : auditReasonText(language, row.reasonCode, row.reasonParams),
    row.reason,
    row.changeId,
  ]
    .map(csvCell)
    .join(SEPARATOR);
}

/** Every entry the filter selects as CSV in the language asked for, and its file name (dated in Amsterdam). */
export async function auditCsv(
  deps: AppDeps,
  user: User,
  filter: AuditFilterQuery,
  language: AuditLanguage,
): Promise<{ filename: string; csv: string }> {
  const columns = auditWords[language].columns;
  const lines = [auditCsvColumns.map((column) => csvCell(columns[column])).join(SEPARATOR)];
  for await (const rows of auditRowsForExport(deps, user, filter))
    lines.push(...rows.map((row) => csvLine(language, row)));
  const day = localTime('en', deps.clock()).slice(0, 10);
  return {
    filename: `${language === 'nl' ? 'crmhub-logboek' : 'crmhub-audit'}-${day}.csv`,
    csv: `${BOM}${lines.join('\r\n')}\r\n`,
  };
}
