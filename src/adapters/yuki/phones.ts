/** Yuki's numbers for caller ID: the phones of every contact in every domain the access key reaches (docs/external-systems/pbx.md#caller-id-rules). */
import { ok } from '../../core/result.js';

import type { PhoneRecord, PortalContact, PortalTarget } from '../../core/connector.js';
import type { PhoneSource } from '../shared/system.js';

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

/** Every contact phone of every domain the Yuki key reaches; low priority, so approved changes keep their quota. */
export function portalPhoneSource(target: PortalTarget): PhoneSource {
  return {
    phoneRecords: (cursor) =>
      (async function* () {
        const domains = await target.listDomains({ priority: 'low' });
        if (!domains.ok) {
          yield domains;
          return;
        }
        for (const domain of domains.value) {
          const query = { modifiedAfter: cursor?.modifiedSince ?? null, active: 'both' } as const;
          for await (const page of target.searchContacts(domain.id, query, { priority: 'low' })) {
            if (!page.ok) {
              yield page;
              return;
            }
            yield ok({ items: page.value.items.flatMap((c) => portalContactPhones(c, domain.url)) });
          }
        }
      })(),
  };
}
