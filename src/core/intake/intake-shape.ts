/**
 * A file record in the shape of the intake doors' shared record (`IntakeRecord` in src/core/intake/record.ts of the
 * push-API branch: name, KvK, VAT, e-mail, phone, addresses, contact person, updatedAt, active), so a file chunk can
 * go to `ingestIntakeBatch` as it is. The return type is left to inference: it matches that type structurally.
 */
import type { SyncField } from '../sync/fields.js';
import type { FileRecord } from './file-record.js';

/**
 * Fields the mapping does not cover become null, as the shared record has no "absent": a caller that must not read
 * them as "cleared" merges the stored values in first (the keys of `record.fields` are the covered ones). A file that says nothing
 * about activity means active.
 */
export function intakeShapeOfFileRecord(record: FileRecord) {
  const value = (field: SyncField): string | null => record.fields[field] ?? null;
  const address = (side: 'visiting' | 'postal') => {
    const parts = {
      line1: value(`${side}Street`),
      line2: null,
      postcode: value(`${side}Postcode`),
      city: value(`${side}City`),
      country: value(`${side}Country`),
    };
    return Object.values(parts).every((part) => part === null) ? null : parts;
  };
  const name = {
    firstName: value('contactFirstName'),
    initials: value('contactInitials'),
    prefix: value('contactPrefix'),
    lastName: value('contactLastName'),
  };
  const details = { email: record.contact?.email ?? null, phone: record.contact?.phone ?? null };
  const hasContact = [...Object.values(name), ...Object.values(details)].some((part) => part !== null);
  return {
    externalId: record.externalId,
    name: value('companyName'),
    kvk: value('kvk'),
    vat: value('vat'),
    email: value('email'),
    phone: value('phone'),
    relationNumber: null,
    visitingAddress: address('visiting'),
    postalAddress: address('postal'),
    contactPerson: hasContact ? { externalId: null, ...name, ...details } : null,
    updatedAt: record.updatedAt,
    active: record.active ?? true,
  };
}
