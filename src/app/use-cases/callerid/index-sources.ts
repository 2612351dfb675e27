/** Where the phone index reads from: a streaming phone-record source per connection (AccountView, Simplicate, Yuki). */
import { createAccountViewConnector } from '../../../adapters/accountview/accountview.connector.js';
import { accountViewEndpoints } from '../../../adapters/accountview/manifest.js';
import { findConnection } from '../../../adapters/db/repos/connections.repo.js';
import { createPgTokenStore } from '../../../adapters/db/repos/oauth-grants.repo.js';
import { err, ok } from '../../../core/result.js';
import { crmSourceOf, portalTargetOf } from '../sync/connectors.js';
import { accountViewGrantId, readAccountViewCredentials } from './accountview-credentials.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type {
  ConnectorError,
  Cursor,
  Page,
  PhoneRecord,
  PortalContact,
  PortalTarget,
} from '../../../core/connector.js';
import type { Result } from '../../../core/result.js';
import type { AppDeps } from '../../deps.js';

/** What the index needs from a connection: every phone record, or those changed since a cursor, page by page. */
export type PhoneSource = {
  phoneRecords(cursor: Cursor | null): AsyncIterable<Result<Page<PhoneRecord>, ConnectorError>>;
};

/** Systems whose connections can feed the phone index. */
export const indexableSystems = [
  'accountview',
  'simplicate',
  'yuki',
  'radar',
  'visma_advisor',
  'clientonline',
] as const;

/** AccountView has no record-level web address we know of (§8.4): the link opens the onderneming in AccountView.net. */
export function accountViewCompanyLink(baseUrl: string | null, companyId: string): string {
  const origin = baseUrl === null ? 'https://www.accountview.net' : new URL(baseUrl).origin;
  return `${origin}/ams/Pages/Companies/ShowCompany.aspx?id=${encodeURIComponent(companyId)}`;
}

function withDefaultLink(source: PhoneSource['phoneRecords'], link: string | null): PhoneSource['phoneRecords'] {
  if (link === null) return source;
  return (cursor) =>
    (async function* () {
      for await (const page of source(cursor)) {
        yield page.ok
          ? ok({ items: page.value.items.map((r) => (r.deepLink === null ? { ...r, deepLink: link } : r)) })
          : page;
      }
    })();
}

function accountViewSource(connection: Connection, deps: AppDeps): Result<PhoneSource, ConnectorError> {
  const creds = readAccountViewCredentials(connection, deps.secretBox);
  if (!creds.ok) return creds;
  const connector = createAccountViewConnector(creds.value, accountViewGrantId(connection.id), {
    tokenStore: createPgTokenStore(deps.db, deps.secretBox),
    clock: deps.clock,
    endpoints: accountViewEndpoints(connection.baseUrl ?? undefined),
  });
  const link = accountViewCompanyLink(connection.baseUrl, creds.value.companyId);
  return ok({ phoneRecords: withDefaultLink((cursor) => connector.phoneRecords(cursor), link) });
}

/** A CRM connection's record source, built the way the sync builds it (use-cases/sync/connectors.ts). */
async function crmPhoneSource(connection: Connection, deps: AppDeps): Promise<Result<PhoneSource, ConnectorError>> {
  const row = await findConnection(deps.db, connection.id);
  if (row === null) return err({ code: 'not_found', message: `connection ${connection.id} no longer exists` });
  try {
    const source = crmSourceOf(deps, row);
    if (!source.ok) return source;
    return ok({ phoneRecords: (cursor) => source.value.phoneRecords(cursor) });
  } catch {
    return err({ code: 'auth_invalid', message: `The stored ${connection.system} credentials cannot be read.` });
  }
}

/** Phone numbers of a Yuki contact: PhoneWork/PhoneHome (a company's are its switchboard) and the mobiles (§7.4). */
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

/** The Yuki connection's contacts, with the connector the sync uses (quota shared in PostgreSQL). */
async function yukiPhoneSource(connection: Connection, deps: AppDeps): Promise<Result<PhoneSource, ConnectorError>> {
  const row = await findConnection(deps.db, connection.id);
  if (row === null) return err({ code: 'not_found', message: `connection ${connection.id} no longer exists` });
  try {
    const target = portalTargetOf(deps, row);
    return target.ok ? ok(portalPhoneSource(target.value)) : target;
  } catch {
    return err({ code: 'auth_invalid', message: 'The stored Yuki credentials cannot be read.' });
  }
}

/** The phone source of a connection, or why there is none. */
export async function phoneSourceFor(
  connection: Connection,
  deps: AppDeps,
): Promise<Result<PhoneSource, ConnectorError>> {
  if (connection.system === 'accountview') return accountViewSource(connection, deps);
  if (connection.role === 'crm') return crmPhoneSource(connection, deps);
  if (connection.role === 'portal_target' && connection.system === 'yuki') return yukiPhoneSource(connection, deps);
  return err({ code: 'unsupported', message: `${connection.system} numbers cannot be indexed for caller ID.` });
}
