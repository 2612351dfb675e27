/**
 * A file record as the shared intake record, and the value check both intake doors share. A file covers only the
 * columns its mapping names: every field it does not cover keeps the stored value (absent is not "cleared").
 */
import { normalizeCountry, normalizeFieldValue } from '../sync/normalize.js';
import { intakeShapeOfFileRecord } from './intake-shape.js';

import type { SyncField } from '../sync/fields.js';
import type { FileRecord } from './file-record.js';
import type { IntakeContactPerson, IntakeRecord } from './record.js';

type Address = NonNullable<IntakeRecord['visitingAddress']>;
type Side = 'visiting' | 'postal';

const addressFields = { line1: 'Street', postcode: 'Postcode', city: 'City', country: 'Country' } as const;
const contactFields = {
  firstName: 'contactFirstName',
  initials: 'contactInitials',
  prefix: 'contactPrefix',
  lastName: 'contactLastName',
} as const;
const scalarFields = { name: 'companyName', kvk: 'kvk', vat: 'vat', email: 'email', phone: 'phone' } as const;

function allNull(values: object): boolean {
  return Object.values(values).every((value) => value === null);
}

function mergedAddress(file: FileRecord, side: Side, stored: IntakeRecord['visitingAddress']): Address | null {
  const incoming = intakeShapeOfFileRecord(file)[`${side}Address`];
  const address: { -readonly [K in keyof Address]: Address[K] } = {
    line1: null,
    line2: stored?.line2 ?? null,
    postcode: null,
    city: null,
    country: null,
  };
  for (const [key, suffix] of Object.entries(addressFields) as [keyof typeof addressFields, string][]) {
    const covered = `${side}${suffix}` in file.fields;
    address[key] = covered ? (incoming?.[key] ?? null) : (stored?.[key] ?? null);
  }
  return allNull(address) ? null : address;
}

function mergedContact(file: FileRecord, stored: IntakeContactPerson | null): IntakeContactPerson | null {
  const incoming = intakeShapeOfFileRecord(file).contactPerson;
  const contact: { -readonly [K in keyof IntakeContactPerson]: IntakeContactPerson[K] } = {
    externalId: stored?.externalId ?? null,
    firstName: null,
    initials: null,
    prefix: null,
    lastName: null,
    email: null,
    phone: null,
  };
  for (const [key, field] of Object.entries(contactFields) as [keyof typeof contactFields, SyncField][]) {
    contact[key] = field in file.fields ? (incoming?.[key] ?? null) : (stored?.[key] ?? null);
  }
  for (const key of ['email', 'phone'] as const) {
    contact[key] =
      file.contact !== undefined && key in file.contact ? (incoming?.[key] ?? null) : (stored?.[key] ?? null);
  }
  const { externalId: _id, ...parts } = contact;
  return allNull(parts) ? null : contact;
}

/**
 * The record a file row stands for: covered fields from the file (null = cleared in the CRM), uncovered ones from
 * the stored state; the relation number and the contact person's own id are never in a file and are kept; a file
 * that says nothing about activity keeps the stored flag (a new record is active).
 */
export function mergeFileRecord(file: FileRecord, stored: IntakeRecord | null): IntakeRecord {
  const shape = intakeShapeOfFileRecord(file);
  const scalars = Object.fromEntries(
    (Object.entries(scalarFields) as [keyof typeof scalarFields, SyncField][]).map(([key, field]) => [
      key,
      field in file.fields ? shape[key] : (stored?.[key] ?? null),
    ]),
  ) as Pick<IntakeRecord, keyof typeof scalarFields>;
  return {
    externalId: file.externalId,
    ...scalars,
    relationNumber: stored?.relationNumber ?? null,
    visitingAddress: mergedAddress(file, 'visiting', stored?.visitingAddress ?? null),
    postalAddress: mergedAddress(file, 'postal', stored?.postalAddress ?? null),
    contactPerson: mergedContact(file, stored?.contactPerson ?? null),
    updatedAt: file.updatedAt,
    active: file.active ?? stored?.active ?? true,
  };
}

/** A value of a record its validator refuses: the record's dotted field and the validator's reason. */
export type InvalidIntakeValue = { readonly field: string; readonly reason: string };

/**
 * Every value of a record that fails its validator (the sync's `normalizeFieldValue`: KvK, VAT, e-mail, phone, a
 * postcode of a Dutch or country-less address; the contact person's e-mail and phone alike). Both intake doors
 * reject such a record with field errors, so a value means the same whichever door it came through.
 */
export function invalidIntakeValues(record: IntakeRecord): InvalidIntakeValue[] {
  const checks: [string, SyncField, string | null, string | null][] = [
    ['kvk', 'kvk', record.kvk, null],
    ['vat', 'vat', record.vat, null],
    ['email', 'email', record.email, null],
    ['phone', 'phone', record.phone, null],
    ['contactPerson.email', 'email', record.contactPerson?.email ?? null, null],
    ['contactPerson.phone', 'phone', record.contactPerson?.phone ?? null, null],
  ];
  for (const side of ['visiting', 'postal'] as const) {
    const address = record[`${side}Address`];
    const country = address?.country == null ? null : normalizeCountry(address.country);
    checks.push([`${side}Address.postcode`, `${side}Postcode`, address?.postcode ?? null, country]);
  }
  return checks.flatMap(([field, syncField, value, country]) => {
    const reason = normalizeFieldValue(syncField, value, country).invalidReason;
    return reason === null ? [] : [{ field, reason }];
  });
}
