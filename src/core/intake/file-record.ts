/** What a file import produces: mapping targets, the organisation record, and the stable codes of notes and rejects. */
import { syncFields } from '../sync/fields.js';

import type { SyncField } from '../sync/fields.js';

/**
 * Where a column can go: a sync field, the record's own keys, or a helper that is combined into sync fields
 * (`contactName` is split into first name / initials / prefix / last name; house numbers are appended to the street).
 */
export const intakeTargets = [
  'externalId',
  ...syncFields,
  'contactName',
  'contactEmail',
  'contactPhone',
  'visitingHouseNumber',
  'visitingHouseNumberSuffix',
  'postalHouseNumber',
  'postalHouseNumberSuffix',
  'updatedAt',
  'active',
] as const;
export type IntakeTarget = (typeof intakeTargets)[number];

/** A mapping value: a target, or `ignore` for a column the user chose to leave out. */
export type ColumnTarget = IntakeTarget | 'ignore';

export function isIntakeTarget(value: string): value is IntakeTarget {
  return (intakeTargets as readonly string[]).includes(value);
}

/**
 * One organisation as the file describes it, values repaired and validated but as typed (normalisation for comparing
 * is the sync's job). `fields` holds only the fields the mapping covers: a key with null means "empty in the file"
 * (the CRM cleared it); a missing key means "not in this export" (leave it alone).
 */
export type FileRecord = {
  readonly externalId: string;
  readonly fields: Readonly<Partial<Record<SyncField, string | null>>>;
  /** ISO 8601 UTC, or null when the file has no such column or the cell is empty. */
  readonly updatedAt: string | null;
  /** False when the file marks the organisation inactive; null when it says nothing. */
  readonly active: boolean | null;
  /** The contact person's own e-mail and phone (not sync fields, but part of the shared intake record), when mapped. */
  readonly contact?: Readonly<Partial<Record<ContactDetail, string | null>>>;
};

/** Contact person details an export may carry next to the sync fields. */
export type ContactDetail = 'email' | 'phone';

/** Reasons a whole file is refused; nothing of it may be recorded. */
export const fileRejectCodes = [
  'file_empty',
  'file_too_large',
  /** Content is not CSV or XLSX: `detail` names what it is (`pdf`, `xls`, `ods`, `docx`, `zip`, `binary`). */
  'file_type_unsupported',
  /** The ZIP container could not be read as an XLSX workbook. */
  'xlsx_unreadable',
  /** Invalid UTF-8 in a file that declares UTF-8 (BOM), or bytes that are not text in any supported encoding. */
  'encoding_invalid',
  /** A quoted field is never closed: everything after `line` would be swallowed. */
  'csv_unclosed_quote',
  /** Another CSV syntax error (e.g. text after a closing quote); `detail` is csv-parse's code. */
  'csv_malformed',
  /** No header row, or a header without any column names. */
  'header_missing',
  /** Two columns with the same (normalised) name. */
  'column_duplicate',
  /** A column the mapping does not know (neither mapped nor ignored): the export's layout changed. */
  'column_unknown',
  /** A column the mapping expects is not in the file. */
  'column_missing',
  /** The mapping is unusable: no external id, one target twice, or `contactName` next to its parts. */
  'mapping_invalid',
  /** More data rows than `maxRows`. */
  'too_many_rows',
  /** A header but no data rows. */
  'no_rows',
] as const;
export type FileRejectCode = (typeof fileRejectCodes)[number];

/** Reasons one row is refused; the rest of the file may still be imported. */
export const rowRejectCodes = [
  /** More or fewer cells than the header has. */
  'column_count',
  'external_id_missing',
  /** The same external id on rows with different content: every such row is rejected. */
  'duplicate_external_id',
  /** Scientific notation (`1,23E+07`) that lost digits: the real number cannot be recovered. */
  'digits_lost',
  /** A value the field's validator refuses; `detail` is its reason code (e.g. `checksum`, `missing_letters`). */
  'value_invalid',
] as const;
export type RowRejectCode = (typeof rowRejectCodes)[number];

/** Repairs made to a row, each reported so the user can check them. */
export const noteCodes = [
  /** Spaces (incl. non-breaking) at either end of a cell removed. */
  'whitespace_trimmed',
  /** A phone number (612345678 → 0612345678) or KvK number (1234567 → 01234567) stored as a number lost its leading 0. */
  'leading_zero_restored',
  /** A phone number that lost its `+` (31612345678 → +31612345678). */
  'plus_restored',
  /** A foreign numeric postcode padded back to its length (DE 1067 → 01067). */
  'postcode_zero_restored',
  /** Scientific notation that still held every digit (`1,2345678E+07` → 12345678). */
  'scientific_notation_expanded',
  /** A numeric cell with a decimal part of zero (`12345678.0`) read as an integer. */
  'decimal_zero_dropped',
  /** An Excel date serial number converted to a date (46000.5 → 2025-12-09T11:00:00.000Z, Amsterdam time). */
  'date_serial_converted',
  /** A later row identical to an earlier one was left out. */
  'duplicate_row_dropped',
] as const;
export type NoteCode = (typeof noteCodes)[number];

/** A file-level refusal: where (1-based line of the CSV or row of the sheet, when known) and what. */
export type FileReject = {
  readonly code: FileRejectCode;
  readonly line: number | null;
  readonly column?: string;
  /** A sub-code or value naming the cause (e.g. `pdf`, a csv-parse code, a size in bytes). */
  readonly detail?: string;
};

/** One problem with one row (the row itself travels with it). */
export type RowIssue = {
  readonly code: RowRejectCode;
  readonly column?: string;
  readonly field?: IntakeTarget;
  readonly detail?: string;
  /** The raw cell value, cut to 100 characters. */
  readonly value?: string;
  /** Other rows involved (duplicates). */
  readonly rows?: readonly number[];
};

/** One repair made to one cell (or row, for dropped duplicates). */
export type RowNote = {
  readonly code: NoteCode;
  readonly column?: string;
  readonly field?: IntakeTarget;
  readonly from?: string;
  readonly to?: string;
  /** For `duplicate_row_dropped`: the row that was kept. */
  readonly rows?: readonly number[];
};
