/** The normalised organisation record both intake doors deliver (push API, file import), and how it is compared. */
import type { PhoneRecord, SourceCompany, SystemId } from '../connector.js';

/** At most this many records per ingest call (a push batch, or one chunk of an imported file). */
export const INTAKE_MAX_BATCH = 1_000;

/** A contact person as an intake record carries it (Dutch name parts: voorletters, tussenvoegsel). */
export type IntakeContactPerson = {
  readonly externalId: string | null;
  readonly firstName: string | null;
  readonly initials: string | null;
  readonly prefix: string | null;
  readonly lastName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
};

/**
 * One organisation as the CRM holds it, values as typed (normalised only when compared with the portal): the pulled
 * CRMs' company model, with a contact person who may have a number and an `active` flag instead of a deep link.
 */
export type IntakeRecord = Omit<SourceCompany, 'contactPerson' | 'isActive' | 'deepLink' | 'updatedAt'> & {
  readonly contactPerson: IntakeContactPerson | null;
  /** ISO 8601 instant of the CRM's last change; null when the CRM does not say. */
  readonly updatedAt: string | null;
  /** false: deactivated in the CRM (links are flagged, nothing is emptied in the portal). */
  readonly active: boolean;
};

/** One field of a record that differs from the stored state (`visitingAddress.city`, `contactPerson.email`, …). */
export type IntakeFieldChange = { readonly field: string; readonly old: string | null; readonly new: string | null };

/** How an incoming record compares with the stored one. */
export type IntakeComparison =
  | { readonly status: 'changed'; readonly created: boolean; readonly fields: IntakeFieldChange[] }
  | { readonly status: 'unchanged'; readonly reason: 'same' | 'older' };

const addressKeys = ['line1', 'line2', 'postcode', 'city', 'country'] as const;
const contactKeys = ['externalId', 'firstName', 'initials', 'prefix', 'lastName', 'email', 'phone'] as const;
const scalarKeys = ['name', 'kvk', 'vat', 'email', 'phone', 'relationNumber'] as const;
const addressOwners = ['visitingAddress', 'postalAddress'] as const;

/** Every compared field by its dotted name, as changes name them (`visitingAddress.city`, `contactPerson.email`, …). */
export const intakeRecordFieldNames = [
  ...scalarKeys,
  ...addressOwners.flatMap((which) => addressKeys.map((key) => `${which}.${key}` as const)),
  ...contactKeys.map((key) => `contactPerson.${key}` as const),
  'active',
] as const;

/** Every compared value of a record under a dotted name; `updatedAt` is not content and is left out. */
export function flattenIntakeRecord(record: IntakeRecord): Map<string, string | null> {
  const flat = new Map<string, string | null>();
  for (const key of scalarKeys) flat.set(key, record[key]);
  for (const which of addressOwners) {
    for (const key of addressKeys) flat.set(`${which}.${key}`, record[which]?.[key] ?? null);
  }
  for (const key of contactKeys) flat.set(`contactPerson.${key}`, record.contactPerson?.[key] ?? null);
  flat.set('active', String(record.active));
  return flat;
}

/**
 * Compares an incoming record with the stored state of the same external id. A record whose `updatedAt` is before
 * the stored one arrived out of order and is ignored; otherwise any differing value makes it changed.
 */
export function compareIntakeRecord(stored: IntakeRecord | null, incoming: IntakeRecord): IntakeComparison {
  const before = stored === null ? null : flattenIntakeRecord(stored);
  if (stored?.updatedAt != null && incoming.updatedAt !== null) {
    if (Date.parse(incoming.updatedAt) < Date.parse(stored.updatedAt)) return { status: 'unchanged', reason: 'older' };
  }
  const fields: IntakeFieldChange[] = [];
  for (const [field, value] of flattenIntakeRecord(incoming)) {
    const old = before?.get(field) ?? null;
    if (old !== value && !(before === null && value === null)) fields.push({ field, old, new: value });
  }
  if (stored !== null && fields.length === 0) return { status: 'unchanged', reason: 'same' };
  return { status: 'changed', created: stored === null, fields };
}

/** The record as the sync's CRM company (the same model every pulled CRM maps to). */
export function companyOfIntakeRecord(record: IntakeRecord): SourceCompany {
  const contact = record.contactPerson;
  return {
    externalId: record.externalId,
    name: record.name,
    kvk: record.kvk,
    vat: record.vat,
    email: record.email,
    phone: record.phone,
    relationNumber: record.relationNumber,
    visitingAddress: record.visitingAddress,
    postalAddress: record.postalAddress,
    contactPerson:
      contact === null
        ? null
        : {
            externalId: contact.externalId,
            firstName: contact.firstName,
            initials: contact.initials,
            prefix: contact.prefix,
            lastName: contact.lastName,
          },
    isActive: record.active,
    updatedAt: record.updatedAt,
    deepLink: null,
  };
}

function personName(contact: IntakeContactPerson): string {
  const first = contact.firstName ?? contact.initials;
  return [first, contact.prefix, contact.lastName].filter((part) => part !== null && part !== '').join(' ');
}

/**
 * The numbers of a record for the caller-ID index: the company's switchboard and its contact person's number. A
 * deactivated record has none (its numbers leave the index). `changedAt` is crmhub's time of the last change, the
 * cursor of incremental index runs.
 */
export function phoneRecordsOfIntakeRecord(source: SystemId, record: IntakeRecord, changedAt: string): PhoneRecord[] {
  if (!record.active) return [];
  const common = {
    source,
    company: record.name,
    companyId: record.externalId,
    kvk: record.kvk,
    relationNumber: record.relationNumber,
    deepLink: null,
    updatedAt: changedAt,
  } as const;
  const out: PhoneRecord[] = [];
  if (record.phone !== null && record.phone.trim() !== '') {
    out.push({
      ...common,
      recordKind: 'organization',
      recordId: record.externalId,
      field: 'phone',
      raw: record.phone,
      name: record.name ?? record.externalId,
      personal: false,
    });
  }
  const contact = record.contactPerson;
  if (contact?.phone != null && contact.phone.trim() !== '') {
    out.push({
      ...common,
      recordKind: 'contact_person',
      recordId: contact.externalId ?? `${record.externalId}#contact`,
      field: 'phone',
      raw: contact.phone,
      name: personName(contact) || (record.name ?? record.externalId),
      personal: true,
    });
  }
  return out;
}

/** External ids that occur more than once in a batch (all their records are rejected: which one wins is unknown). */
export function duplicateExternalIds(ids: readonly (string | null)[]): Set<string> {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of ids) {
    if (id === null) continue;
    if (seen.has(id)) duplicates.add(id);
    seen.add(id);
  }
  return duplicates;
}
