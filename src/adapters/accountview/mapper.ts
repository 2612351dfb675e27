/** AccountView CONTACT rows (AR1 debtors / AP1 creditors, docs/external-systems/accountview.md#contact-fields) ⇄ our model, and the data query parameters. Pure. */
import { z } from 'zod';

import type { Cursor, PersonName, PhoneRecord, SourceCompany } from '../../core/connector.js';

export type ContactKind = 'debtor' | 'creditor';
export const businessObjectOf: Record<ContactKind, 'AR1' | 'AP1'> = { debtor: 'AR1', creditor: 'AP1' };

/** Fields the phone index needs; FAX_BUS and CHN_TEL (the dealer's phone) are deliberately not read (docs/external-systems/pbx.md#caller-id-rules). */
export const phoneFields = ['SUB_NR', 'ACCT_NAME', 'MAIN_CONT', 'TEL_BUS', 'TEL_MOB', 'COC_CODE', 'CNG_DATE'] as const;
export const companyFields = [
  'SUB_NR',
  'ACCT_NAME',
  'MAIN_CONT',
  'TEL_BUS',
  'MAIL_BUS',
  'COC_CODE',
  'VAT_NR',
  'ADDRESS1',
  'POST_CODE',
  'CITY',
  'CNT_CODE',
  'REC_BLK',
  'CNG_DATE',
] as const;

const text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : String(v).trim() || null));

/** One CONTACT record as far as we read it; unknown fields are ignored, values may be empty strings. */
export const contactRowSchema = z.looseObject({
  SUB_NR: z.union([z.string(), z.number()]).transform((v) => String(v).trim()),
  ACCT_NAME: text,
  MAIN_CONT: text,
  TEL_BUS: text,
  TEL_MOB: text,
  MAIL_BUS: text,
  COC_CODE: text,
  VAT_NR: text,
  ADDRESS1: text,
  POST_CODE: text,
  CITY: text,
  CNT_CODE: text,
  REC_BLK: z.union([z.boolean(), z.string(), z.number()]).nullish(),
  CNG_DATE: text,
});
export type ContactRow = z.output<typeof contactRowSchema>;

/** `2024-01-31T10:00:00` (AccountView datetime, docs/external-systems/accountview.md#reading-data) → `{^2024-01-31 10:00:00}` (FoxPro literal); null if malformed. */
export function toDateLiteral(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})/.exec(value.trim());
  return m === null ? null : `{^${m[1] ?? ''} ${m[2] ?? ''}}`;
}

/** Query parameters of one page: keyset paging on SUB_NR via `lastKey` (AV-RB), modified-since via CNG_DATE (docs/external-systems/accountview.md#reading-data). */
export function contactPageQuery(input: {
  readonly kind: ContactKind;
  readonly pageSize: number;
  readonly fields: readonly string[];
  readonly lastKey: string | null;
  readonly cursor: Cursor | null;
  readonly subNr?: string;
}): URLSearchParams {
  const q = new URLSearchParams({
    BusinessObject: businessObjectOf[input.kind],
    PageSize: String(input.pageSize),
    Fields: input.fields.join(','),
  });
  if (input.lastKey !== null) q.set('lastKey', input.lastKey);
  let n = 0;
  const filter = (field: string, operator: string, type: string, value: string): void => {
    n += 1;
    q.set(`FilterControlSource${String(n)}`, field);
    q.set(`FilterOperator${String(n)}`, operator);
    q.set(`FilterValueType${String(n)}`, type);
    q.set(`FilterValue${String(n)}`, value);
    q.set(`FilterIsListOfValues${String(n)}`, 'false');
  };
  const since = input.cursor?.modifiedSince ?? null;
  const literal = since === null ? null : toDateLiteral(since);
  if (literal !== null) filter('CNG_DATE', 'DateOnOrAfterDate', 'T', literal);
  if (input.subNr !== undefined) filter('SUB_NR', 'Equal', 'C', input.subNr);
  return q;
}

/** Normalises an AccountView datetime to `YYYY-MM-DDTHH:mm:ss` (zone-less local time, as AccountView sends it). */
function stamp(value: string | null): string | null {
  if (value === null) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})/.exec(value);
  return m === null ? null : `${m[1] ?? ''}T${m[2] ?? ''}`;
}

/** Phone numbers of one debtor/creditor: TEL_BUS (switchboard) and TEL_MOB (the main contact's mobile). */
export function toPhoneRecords(row: ContactRow, kind: ContactKind): PhoneRecord[] {
  const name = row.ACCT_NAME ?? row.SUB_NR;
  const base = {
    source: 'accountview',
    recordKind: kind,
    recordId: row.SUB_NR,
    company: name,
    companyId: row.SUB_NR,
    kvk: row.COC_CODE,
    relationNumber: row.SUB_NR,
    deepLink: null,
    updatedAt: stamp(row.CNG_DATE),
  } as const;
  const out: PhoneRecord[] = [];
  if (row.TEL_BUS !== null) out.push({ ...base, field: 'TEL_BUS', raw: row.TEL_BUS, name, personal: false });
  if (row.TEL_MOB !== null) {
    out.push({ ...base, field: 'TEL_MOB', raw: row.TEL_MOB, name: row.MAIN_CONT ?? name, personal: true });
  }
  return out;
}

// Dutch tussenvoegsels, longest first so "van der" wins over "van".
const PREFIXES = [
  'van den',
  'van der',
  'van de',
  "van 't",
  'in de',
  'in het',
  'op de',
  'van',
  'de',
  'den',
  'der',
  'te',
  'ter',
  'ten',
  "'t",
  'het',
  'la',
  'le',
];

/** Splits a free-typed contact name ("Jan van der Berg", "J.P. de Vries") into its parts. */
export function splitContactName(full: string | null): PersonName | null {
  const words = (full ?? '')
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return null;
  if (words.length === 1) return { firstName: null, initials: null, prefix: null, lastName: words[0] ?? null };
  const first = words[0] ?? '';
  const rest = words.slice(1);
  let prefix: string | null = null;
  for (const p of PREFIXES) {
    const parts = p.split(' ');
    const head = rest.slice(0, parts.length).join(' ');
    if (head.toLowerCase() === p && rest.length > parts.length) {
      prefix = head;
      rest.splice(0, parts.length);
      break;
    }
  }
  const isInitials = /^([A-Za-z]\.)+$/.test(first);
  return {
    firstName: isInitials ? null : first,
    initials: isInitials ? first.toUpperCase() : `${first.charAt(0).toUpperCase()}.`,
    prefix,
    lastName: rest.join(' '),
  };
}

function isBlocked(value: ContactRow['REC_BLK']): boolean {
  return value === true || value === 1 || (typeof value === 'string' && /^(true|\.t\.|1)$/i.test(value.trim()));
}

/** A debtor as a client company (values as typed). */
export function toSourceCompany(row: ContactRow): SourceCompany {
  const person = splitContactName(row.MAIN_CONT);
  const hasAddress = [row.ADDRESS1, row.POST_CODE, row.CITY].some((v) => v !== null);
  return {
    externalId: row.SUB_NR,
    name: row.ACCT_NAME,
    kvk: row.COC_CODE,
    vat: row.VAT_NR,
    email: row.MAIL_BUS,
    phone: row.TEL_BUS,
    relationNumber: row.SUB_NR,
    visitingAddress: hasAddress
      ? { line1: row.ADDRESS1, line2: null, postcode: row.POST_CODE, city: row.CITY, country: row.CNT_CODE }
      : null,
    postalAddress: null,
    contactPerson: person === null ? null : { ...person, externalId: null },
    isActive: !isBlocked(row.REC_BLK),
    updatedAt: stamp(row.CNG_DATE),
    deepLink: null,
  };
}
