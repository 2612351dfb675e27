/** One data row → an organisation record with its repair notes, or the row's reasons for rejection. */
import { isSyncField } from '../sync/fields.js';
import { normalizeCountry, normalizeFieldValue } from '../sync/normalize.js';
import { splitContactName } from './contact-name.js';
import { cellText, parseActive, repairCell } from './repair.js';

import type { SyncField } from '../sync/fields.js';
import type { ContactDetail, FileRecord, IntakeTarget, RowIssue, RowNote } from './file-record.js';
import type { BoundColumn } from './mapping.js';
import type { Cell } from './repair.js';

export type RowOutcome =
  | { readonly kind: 'record'; readonly record: FileRecord; readonly notes: readonly RowNote[] }
  | { readonly kind: 'rejected'; readonly externalId: string | null; readonly issues: readonly RowIssue[] };

/** Countries whose postcodes are five digits, so a numeric cell may have lost a leading zero. */
const FIVE_DIGIT_POSTCODES = new Set(['DE', 'FR', 'ES', 'IT', 'FI']);

type Values = Map<IntakeTarget, { readonly value: string | null; readonly column: string }>;

function joinStreet(values: Values, street: SyncField, number: IntakeTarget, suffix: IntakeTarget): string | null {
  const parts = [values.get(street)?.value, values.get(number)?.value, values.get(suffix)?.value];
  const text = parts.filter((part): part is string => part !== null && part !== undefined).join(' ');
  return text === '' ? null : text;
}

/** The sync fields the mapped columns give, house numbers appended to their street and the contact name split. */
function syncValues(values: Values): Partial<Record<SyncField, string | null>> {
  const fields: Partial<Record<SyncField, string | null>> = {};
  for (const [target, { value }] of values) {
    if (target in fields || !isSyncField(target)) continue;
    fields[target] = value;
  }
  for (const side of ['visiting', 'postal'] as const) {
    const [street, number, suffix] = [`${side}Street`, `${side}HouseNumber`, `${side}HouseNumberSuffix`] as const;
    if (values.has(number) || values.has(suffix)) fields[street] = joinStreet(values, street, number, suffix);
  }
  const contact = values.get('contactName');
  if (contact !== undefined) {
    const name = contact.value === null ? null : splitContactName(contact.value);
    fields.contactFirstName = name?.firstName ?? null;
    fields.contactInitials = name?.initials ?? null;
    fields.contactPrefix = name?.prefix ?? null;
    fields.contactLastName = name?.lastName ?? null;
  }
  return fields;
}

/** Pads a foreign numeric postcode that lost its leading zero (DE `1067` → `01067`). */
function repairPostcode(fields: Partial<Record<SyncField, string | null>>, values: Values, notes: RowNote[]): void {
  for (const side of ['visiting', 'postal'] as const) {
    const postcode = fields[`${side}Postcode`];
    const country = fields[`${side}Country`];
    if (postcode == null || country == null || !/^\d{3,4}$/.test(postcode)) continue;
    if (!FIVE_DIGIT_POSTCODES.has(normalizeCountry(country))) continue;
    const padded = postcode.padStart(5, '0');
    const column = values.get(`${side}Postcode`)?.column ?? '';
    notes.push({ code: 'postcode_zero_restored', column, field: `${side}Postcode`, from: postcode, to: padded });
    fields[`${side}Postcode`] = padded;
  }
}

/** Every field that fails its validator (KvK, VAT, postcode for NL addresses, phone, e-mail). */
function validate(fields: Partial<Record<SyncField, string | null>>, values: Values): RowIssue[] {
  const issues: RowIssue[] = [];
  const country = (side: string): string | null => {
    const raw = fields[side === 'postal' ? 'postalCountry' : 'visitingCountry'];
    return raw == null ? null : normalizeCountry(raw);
  };
  for (const [field, value] of Object.entries(fields) as [SyncField, string | null][]) {
    if (value === null) continue;
    const result = normalizeFieldValue(field, value, country(field.startsWith('postal') ? 'postal' : 'visiting'));
    if (result.invalidReason === null) continue;
    const column = values.get(field)?.column ?? values.get('contactName')?.column ?? '';
    issues.push({ code: 'value_invalid', column, field, detail: result.invalidReason, value: value.slice(0, 100) });
  }
  return issues;
}

/** Repairs every mapped cell, collecting notes and issues. */
function repairRow(
  cells: readonly Cell[],
  columns: readonly BoundColumn[],
  notes: RowNote[],
  issues: RowIssue[],
): Values {
  const values: Values = new Map();
  for (const column of columns) {
    const cell = cells[column.index] ?? { kind: 'text', text: '' };
    const repaired = repairCell(cell, { column: column.header, target: column.target });
    if (!repaired.ok) {
      issues.push(repaired.issue);
      continue;
    }
    notes.push(...repaired.notes);
    values.set(column.target, { value: repaired.value, column: column.header });
  }
  return values;
}

/** The contact person's e-mail and phone, validated like the organisation's; null when neither column is mapped. */
function contactDetails(values: Values, issues: RowIssue[]): Partial<Record<ContactDetail, string | null>> | null {
  const contact: Partial<Record<ContactDetail, string | null>> = {};
  for (const [detail, target] of [
    ['email', 'contactEmail'],
    ['phone', 'contactPhone'],
  ] as const) {
    const cell = values.get(target);
    if (cell === undefined) continue;
    contact[detail] = cell.value;
    const reason = normalizeFieldValue(detail, cell.value, null).invalidReason;
    if (reason !== null && cell.value !== null) {
      issues.push({
        code: 'value_invalid',
        column: cell.column,
        field: target,
        detail: reason,
        value: cell.value.slice(0, 100),
      });
    }
  }
  return Object.keys(contact).length === 0 ? null : contact;
}

function activeOf(values: Values, issues: RowIssue[]): boolean | null {
  const active = values.get('active');
  if (active?.value == null) return null;
  const flag = parseActive(active.value);
  if (flag !== undefined) return flag;
  issues.push({
    code: 'value_invalid',
    column: active.column,
    field: 'active',
    detail: 'not_a_flag',
    value: active.value,
  });
  return null;
}

/**
 * Maps one data row. `headerCount` is the header's width: a row with other cells beyond it than empty ones, or
 * fewer cells, is rejected (`column_count`), as its values may have shifted.
 */
export function mapRow(cells: readonly Cell[], columns: readonly BoundColumn[], headerCount: number): RowOutcome {
  const extra = cells.slice(headerCount).some((cell) => cellText(cell).trim() !== '');
  const idColumn = columns.find((column) => column.target === 'externalId');
  const rawId = idColumn === undefined ? '' : cellText(cells[idColumn.index] ?? { kind: 'text', text: '' }).trim();
  if (extra || cells.length < headerCount) {
    const detail = `expected ${String(headerCount)}, got ${String(cells.length)}`;
    return { kind: 'rejected', externalId: rawId || null, issues: [{ code: 'column_count', detail }] };
  }
  const notes: RowNote[] = [];
  const issues: RowIssue[] = [];
  const values = repairRow(cells, columns, notes, issues);
  const externalId = values.get('externalId')?.value ?? null;
  if (externalId === null && !issues.some((issue) => issue.field === 'externalId')) {
    issues.push({ code: 'external_id_missing', column: idColumn?.header ?? '', field: 'externalId' });
  }
  const fields = syncValues(values);
  repairPostcode(fields, values, notes);
  issues.push(...validate(fields, values));
  const contact = contactDetails(values, issues);
  const active = activeOf(values, issues);
  if (externalId === null || issues.length > 0)
    return { kind: 'rejected', externalId: externalId ?? (rawId || null), issues };
  const updatedAt = values.get('updatedAt')?.value ?? null;
  const record: FileRecord = { externalId, fields, updatedAt, active };
  return { kind: 'record', record: contact === null ? record : { ...record, contact }, notes };
}
