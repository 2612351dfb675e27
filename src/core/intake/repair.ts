/** Undoes what Excel does to numbers, phone numbers and dates in an export; every repair is reported as a note. */
import { excelSerialToIso, parseDateText } from './dates.js';

import type { IntakeTarget, NoteCode, RowIssue, RowNote } from './file-record.js';

/** One cell as the reader found it: CSV cells are always text; XLSX cells keep their type. */
export type Cell =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'date'; readonly value: Date };

/** A repaired value (null: empty), with its notes; or a reject. */
export type Repaired =
  | { readonly ok: true; readonly value: string | null; readonly notes: readonly RowNote[] }
  | { readonly ok: false; readonly issue: RowIssue };

// Excel writes spaces and non-breaking spaces; both go, at either end.
const EDGE_SPACE = /^[\s\u00a0\u2007\u202f]+|[\s\u00a0\u2007\u202f]+$/g;
const SCIENTIFIC = /^([+-]?)(\d+)(?:[.,](\d+))?E\+?(\d+)$/i;
const DECIMAL_ZERO = /^(\d+)[.,]0+$/;

/** Targets holding numbers that must keep every digit (and so suffer from Excel's number handling). */
const DIGIT_TARGETS: ReadonlySet<IntakeTarget> = new Set<IntakeTarget>([
  'externalId',
  'kvk',
  'phone',
  'contactPhone',
  'visitingHouseNumber',
  'postalHouseNumber',
]);

/** The text of a cell: numbers as their exact integer digits where possible, dates as ISO. */
export function cellText(cell: Cell): string {
  switch (cell.kind) {
    case 'text':
      return cell.text;
    case 'number':
      return Number.isSafeInteger(cell.value) ? cell.value.toFixed(0) : String(cell.value);
    case 'date':
      return Number.isNaN(cell.value.getTime()) ? '' : cell.value.toISOString();
  }
}

type Context = { readonly column: string; readonly target: IntakeTarget };

function note(ctx: Context, code: NoteCode, from: string, to: string): RowNote {
  return { code, column: ctx.column, field: ctx.target, from, to };
}

function reject(ctx: Context, code: RowIssue['code'], value: string, detail?: string): Repaired {
  const issue: RowIssue = { code, column: ctx.column, field: ctx.target, value: value.slice(0, 100) };
  return { ok: false, issue: detail === undefined ? issue : { ...issue, detail } };
}

/** `1,2345678E+07` → `12345678` when the mantissa holds every digit; otherwise digits were lost (null). */
export function expandScientific(text: string): { readonly digits: string | null } | null {
  const match = SCIENTIFIC.exec(text);
  if (match === null) return null;
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  // Every digit up to the units must be shown (`1,2345678E+07`); `1,23E+07` hides five, and trailing zeros shown
  // beyond the units (`1,234567800E+07`) are fine.
  if (sign === '-' || fraction.length < exponent || /[^0]/.test(fraction.slice(exponent))) return { digits: null };
  return { digits: `${whole}${fraction.slice(0, exponent)}`.replace(/^0+(?=\d)/, '') };
}

/** A phone number that Excel stored as a number: the lost leading 0 or `+` put back. */
function repairPhoneDigits(text: string, ctx: Context, notes: RowNote[]): string {
  // A Dutch national number has 9 digits after its 0; 31/32 followed by a full national number lost its `+`.
  if (/^[1-9]\d{8}$/.test(text)) {
    notes.push(note(ctx, 'leading_zero_restored', text, `0${text}`));
    return `0${text}`;
  }
  if (/^31[1-9]\d{8}$/.test(text) || /^32[1-9]\d{7,8}$/.test(text)) {
    notes.push(note(ctx, 'plus_restored', text, `+${text}`));
    return `+${text}`;
  }
  return text;
}

/** Repairs for digit fields: scientific notation, `.0` endings, lost leading zeros (phone, KvK). */
function repairDigits(text: string, ctx: Context, notes: RowNote[]): Repaired {
  let value = text;
  const scientific = expandScientific(value);
  if (scientific !== null) {
    if (scientific.digits === null) return reject(ctx, 'digits_lost', text);
    notes.push(note(ctx, 'scientific_notation_expanded', value, scientific.digits));
    value = scientific.digits;
  }
  const decimal = DECIMAL_ZERO.exec(value);
  if (decimal?.[1] !== undefined) {
    notes.push(note(ctx, 'decimal_zero_dropped', value, decimal[1]));
    value = decimal[1];
  }
  if (ctx.target === 'phone' || ctx.target === 'contactPhone') value = repairPhoneDigits(value, ctx, notes);
  if (ctx.target === 'kvk' && /^\d{7}$/.test(value)) {
    // KvK numbers always have 8 digits; 7 digits is a number-formatted cell that dropped its leading 0.
    notes.push(note(ctx, 'leading_zero_restored', value, `0${value}`));
    value = `0${value}`;
  }
  return { ok: true, value, notes };
}

function repairUpdatedAt(cell: Cell, text: string, ctx: Context, notes: RowNote[]): Repaired {
  if (cell.kind === 'date') {
    // exceljs gives the sheet's wall-clock time as if it were UTC; it was typed in Amsterdam.
    const serial = cell.value.getTime() / 86_400_000 + 25_569;
    const iso = excelSerialToIso(serial);
    return iso === null ? reject(ctx, 'value_invalid', text, 'not_a_date') : { ok: true, value: iso, notes };
  }
  const numeric =
    cell.kind === 'number' ? cell.value : /^\d+(?:[.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : null;
  if (numeric !== null) {
    const iso = excelSerialToIso(numeric);
    if (iso === null) return reject(ctx, 'value_invalid', text, 'not_a_date');
    notes.push(note(ctx, 'date_serial_converted', text, iso));
    return { ok: true, value: iso, notes };
  }
  const iso = parseDateText(text);
  return iso === null ? reject(ctx, 'value_invalid', text, 'not_a_date') : { ok: true, value: iso, notes };
}

/** Repairs one cell for its target. Empty cells are null; spaces at the ends are removed with a note. */
export function repairCell(cell: Cell, ctx: Context): Repaired {
  const raw = cellText(cell);
  const text = raw.replace(EDGE_SPACE, '');
  const notes: RowNote[] = [];
  if (text !== raw && text !== '') notes.push(note(ctx, 'whitespace_trimmed', raw, text));
  if (text === '') return { ok: true, value: null, notes };
  if (ctx.target === 'updatedAt') return repairUpdatedAt(cell, text, ctx, notes);
  if (DIGIT_TARGETS.has(ctx.target)) return repairDigits(text, ctx, notes);
  return { ok: true, value: text, notes };
}

const TRUE_WORDS = new Set(['1', 'ja', 'j', 'yes', 'y', 'true', 'waar', 'actief', 'active', 'x', 'aan', 'on']);
const FALSE_WORDS = new Set([
  '0',
  'nee',
  'n',
  'no',
  'false',
  'onwaar',
  'inactief',
  'inactive',
  'niet actief',
  'uit',
  'off',
  'beeindigd',
  'beëindigd',
  'vervallen',
  'archief',
  'gearchiveerd',
]);

/** An active flag as exports write it (Ja/Nee, WAAR/ONWAAR, Actief/Inactief, 1/0); undefined when unreadable. */
export function parseActive(text: string): boolean | undefined {
  const word = text.toLowerCase().replace(/\s+/g, ' ').trim();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}
