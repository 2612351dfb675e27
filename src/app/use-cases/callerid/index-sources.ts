/** Where the phone index reads from: a streaming phone-record source per connection (AccountView, Simplicate, Yuki). */
import { err, ok } from '../../../core/result.js';
import { createAccountViewConnector } from '../../../adapters/accountview/accountview.connector.js';
import { accountViewEndpoints } from '../../../adapters/accountview/manifest.js';
import { createPgTokenStore } from '../../../adapters/db/repos/oauth-grants.repo.js';
import { createPostgresQuotaLedger } from '../../../adapters/db/repos/quota.repo.js';
import { createSimplicateConnector } from '../../../adapters/simplicate/simplicate.connector.js';
import { parseYukiSettings } from '../../../adapters/yuki/settings.js';
import { createYukiConnector } from '../../../adapters/yuki/yuki.connector.js';
import { yukiEndpoints } from '../../../adapters/yuki/manifest.js';
import { readAccountViewCredentials, accountViewGrantId } from './accountview-credentials.js';

import type {
  ConnectorError,
  Cursor,
  Page,
  PhoneRecord,
  PortalContact,
  PortalTarget,
} from '../../../core/connector.js';
import type { Result } from '../../../core/result.js';
import type { SourceConnection } from '../../../adapters/db/repos/callerid-connections.repo.js';
import type { AppDeps } from '../../deps.js';

/** What the index needs from a connection: every phone record, or those changed since a cursor, page by page. */
export type PhoneSource = {
  phoneRecords(cursor: Cursor | null): AsyncIterable<Result<Page<PhoneRecord>, ConnectorError>>;
};

/** Systems whose connections can feed the phone index. */
export const indexableSystems = ['accountview', 'simplicate', 'yuki'] as const;

function credentialsOf(connection: SourceConnection, deps: Pick<AppDeps, 'secretBox'>): Result<Record<string, unknown>, ConnectorError> {
  if (connection.credentialsEnc === null) {
    return err({ code: 'auth_invalid', message: `The ${connection.system} connection has no stored credentials.` });
  }
  try {
    const value = JSON.parse(deps.secretBox.decrypt(connection.credentialsEnc)) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return ok(value as Record<string, unknown>);
  } catch {
    return err({ code: 'auth_invalid', message: `The stored ${connection.system} credentials cannot be read.` });
  }
}

/** AccountView has no record-level web address we know of (§8.4): the link opens the onderneming in AccountView.net. */
export function accountViewCompanyLink(baseUrl: string | null, companyId: string): string {
  const origin = baseUrl === null ? 'https://www.accountview.net' : new URL(baseUrl).origin;
  return `${origin}/ams/Pages/Companies/ShowCompany.aspx?id=${encodeURIComponent(companyId)}`;
}

function withDefaultLink(
  source: PhoneSource['phoneRecords'],
  link: string | null,
): PhoneSource['phoneRecords'] {
  if (link === null) return source;
  return (cursor) =>
    (async function* () {
      for await (const page of source(cursor)) {
        yield page.ok ? ok({ items: page.value.items.map((r) => (r.deepLink === null ? { ...r, deepLink: link } : r)) }) : page;
      }
    })();
}

function accountViewSource(connection: SourceConnection, deps: AppDeps): Result<PhoneSource, ConnectorError> {
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

/**
 * Simplicate as stored by the CRM connection: credentials `{ apiKey, apiSecret, webhookSecret? }`, environment URL in
 * `base_url` (or `baseUrl` among the credentials).
 */
function simplicateSource(connection: SourceConnection, deps: AppDeps): Result<PhoneSource, ConnectorError> {
  const creds = credentialsOf(connection, deps);
  if (!creds.ok) return creds;
  const built = createSimplicateConnector({ baseUrl: connection.baseUrl, ...creds.value });
  if (!built.ok) return built;
  return ok({ phoneRecords: (cursor) => built.value.phoneRecords(cursor) });
}

/** Phone numbers of a Yuki contact: PhoneWork/PhoneHome (a company's are its switchboard) and the mobiles (§7.4). */
export function portalContactPhones(contact: PortalContact, domainUrl: string | null): PhoneRecord[] {
  const person = contact.type === 'person';
  const name =
    (person ? [contact.firstName, contact.middleName, contact.lastName].filter((p) => p !== null && p !== '').join(' ') : '') ||
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

/** Yuki as stored by the portal-target connection: the Yuki settings as credentials, a simulator URL in `base_url`. */
function yukiSource(connection: SourceConnection, deps: AppDeps): Result<PhoneSource, ConnectorError> {
  const creds = credentialsOf(connection, deps);
  if (!creds.ok) return creds;
  const settings = parseYukiSettings(creds.value);
  if (!settings.ok) return settings;
  const target = createYukiConnector(settings.value, {
    clock: deps.clock,
    ledger: createPostgresQuotaLedger(deps.db),
    endpoints: connection.baseUrl === null ? yukiEndpoints() : yukiEndpoints({ baseUrl: connection.baseUrl }),
  });
  return ok(portalPhoneSource(target));
}

/** The phone source of a connection, or why there is none. */
export function phoneSourceFor(connection: SourceConnection, deps: AppDeps): Result<PhoneSource, ConnectorError> {
  switch (connection.system) {
    case 'accountview':
      return accountViewSource(connection, deps);
    case 'simplicate':
      return simplicateSource(connection, deps);
    case 'yuki':
      return yukiSource(connection, deps);
    default:
      return err({ code: 'unsupported', message: `${connection.system} numbers cannot be indexed for caller ID yet.` });
  }
}
