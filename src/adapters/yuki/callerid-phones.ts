/**
 * Yuki's numbers for caller ID (product decision 4, docs/external-systems/yuki.md#caller-id-numbers): the firm's
 * relations, not its clients' relations. The administrations' company phones, plus the contacts of the domains an
 * administrator selected (none by default). Every call is `background`: at most 5% of a domain's daily quota.
 */
import { ok } from '../../core/result.js';
import { portalContactPhones } from './phones.js';

import type {
  ConnectorError,
  Cursor,
  Page,
  PhoneRecord,
  PortalAdministration,
  PortalDomain,
  PortalTarget,
} from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { PhoneSource } from '../shared/system.js';

const BACKGROUND = { priority: 'background' } as const;
type Pages = AsyncGenerator<Result<Page<PhoneRecord>, ConnectorError>>;

/** The company phone of an administration: the firm's client, so a switchboard (not personal). */
export function administrationPhones(a: PortalAdministration, domainUrl: string | null): PhoneRecord[] {
  const raw = a.profile.phone;
  if (raw === null || raw.trim() === '') return [];
  return [
    {
      source: 'yuki',
      recordKind: 'organization',
      recordId: a.id,
      field: 'phone',
      raw,
      name: a.name,
      company: a.name,
      companyId: a.id,
      kvk: a.profile.kvk,
      relationNumber: null,
      personal: false,
      deepLink: domainUrl,
      updatedAt: null,
    },
  ];
}

/**
 * The contacts of one selected domain. When the domain's background share is used: an incremental run skips the
 * domain until tomorrow; a full run fails (so the numbers indexed before are kept, not dropped).
 */
async function* domainContacts(target: PortalTarget, domain: PortalDomain, cursor: Cursor | null): Pages {
  const query = { modifiedAfter: cursor?.modifiedSince ?? null, active: 'both' } as const;
  for await (const page of target.searchContacts(domain.id, query, BACKGROUND)) {
    if (!page.ok) {
      if (page.error.code === 'quota_exhausted' && cursor !== null) return;
      yield page;
      return;
    }
    yield ok({ items: page.value.items.flatMap((c) => portalContactPhones(c, domain.url)) });
  }
}

/**
 * A full run reads the administrations and the selected domains' contacts; an incremental run (every poll) reads only
 * the selected domains' changed contacts, so with no domain selected (the default) a poll makes no call at all.
 */
export function callerIdPhoneSource(target: PortalTarget, selectedDomains: readonly string[]): PhoneSource {
  const selected = new Set(selectedDomains.map((d) => d.toLowerCase()));
  return {
    phoneRecords: (cursor) =>
      (async function* (): Pages {
        if (cursor !== null && selected.size === 0) return;
        const domains = await target.listDomains(BACKGROUND);
        if (!domains.ok) {
          yield domains;
          return;
        }
        if (cursor === null) {
          const urls = new Map(domains.value.map((d) => [d.id.toLowerCase(), d.url]));
          const administrations = await target.listAdministrations(BACKGROUND);
          if (!administrations.ok) {
            yield administrations;
            return;
          }
          const items = administrations.value.flatMap((a) => administrationPhones(a, urls.get(a.domainId) ?? null));
          yield ok({ items });
        }
        for (const domain of domains.value) {
          if (selected.has(domain.id.toLowerCase())) yield* domainContacts(target, domain, cursor);
        }
      })(),
  };
}
