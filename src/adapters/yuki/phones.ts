/** The phone numbers of one Yuki contact for caller ID (docs/external-systems/pbx.md#caller-id-rules); which contacts: callerid-phones.ts. */
import type { PhoneRecord, PortalContact } from '../../core/connector.js';

/** Phone numbers of a Yuki contact: PhoneWork/PhoneHome (a company's are its switchboard) and the mobiles (docs/external-systems/pbx.md#caller-id-rules). */
export function portalContactPhones(contact: PortalContact, domainUrl: string | null): PhoneRecord[] {
  const person = contact.type === 'person';
  const name =
    (person
      ? [contact.firstName, contact.middleName, contact.lastName].filter((p) => p !== null && p !== '').join(' ')
      : '') ||
    contact.name ||
    contact.code ||
    contact.id;
  const fields = [
    ['phoneWork', 'PhoneWork', person],
    ['phoneHome', 'PhoneHome', person],
    ['mobileWork', 'MobileWork', true],
    ['mobileHome', 'MobileHome', true],
  ] as const;
  const out: PhoneRecord[] = [];
  for (const [key, field, personal] of fields) {
    const raw = contact[key];
    if (raw === null || raw.trim() === '') continue;
    out.push({
      source: 'yuki',
      recordKind: 'contact',
      recordId: contact.id,
      field,
      raw,
      name,
      company: person ? null : contact.name,
      companyId: person ? null : contact.id,
      kvk: contact.cocNumber,
      relationNumber: contact.code,
      personal,
      deepLink: domainUrl,
      updatedAt: contact.modifiedAt,
    });
  }
  return out;
}
