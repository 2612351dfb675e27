/** Yuki's SOAP reads and writes: domains, administrations, and contacts by search or GUID (never created). */
import { parsePortalContactId } from '../../core/connector.js';
import { err, ok } from '../../core/result.js';
import { yukiProtocol } from './manifest.js';
import { searchParams, toAdministrations, toContactReceipt, toContacts, toContactXmlDoc, toDomains } from './mapper.js';

import type {
  CallOptions,
  CallPriority,
  ConnectorError,
  ConnectorResult,
  Page,
  PortalAdministration,
  PortalContact,
  PortalContactId,
  PortalContactQuery,
  PortalContactReceipt,
  PortalContactUpdate,
  PortalDomain,
} from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { XmlElement } from '../shared/soap.js';
import type { YukiSoap } from './session.js';

const PAGE = yukiProtocol.pagination.pageSize;
const { portal: portalService, contact: contactService } = yukiProtocol.soap.services;

const withResult =
  <T>(method: string, map: (res: XmlElement) => Result<T, ConnectorError>) =>
  (res: XmlElement | null): Result<T, ConnectorError> =>
    res === null ? err({ code: 'transient', message: `Yuki answered ${method} without a result.` }) : map(res);

/** A portal-service call that takes only the session (no domain) and maps its result element. */
function portalRead<T>(
  soap: YukiSoap,
  priority: CallPriority,
  method: string,
  map: (res: XmlElement) => T,
): ConnectorResult<T> {
  return soap.call(
    portalService,
    method,
    null,
    priority,
    (sid) => [{ name: 'sessionID', value: sid }],
    withResult(method, (res) => ok(map(res))),
  );
}

export function listDomainsSoap(soap: YukiSoap, priority: CallPriority): ConnectorResult<PortalDomain[]> {
  return portalRead(soap, priority, 'Domains', toDomains);
}

export function listAdministrationsSoap(
  soap: YukiSoap,
  priority: CallPriority,
): ConnectorResult<PortalAdministration[]> {
  return portalRead(soap, priority, 'Administrations', toAdministrations);
}

const contactsOf =
  (domainId: string) =>
  (res: XmlElement | null): Result<PortalContact[], ConnectorError> => {
    if (res === null) return err({ code: 'transient', message: 'Yuki answered SearchContacts without a result.' });
    const c = toContacts(res, domainId.toLowerCase());
    return c.ok ? c : err({ code: 'transient', message: c.error });
  };

/** Streams matching contacts of a domain page by page. */
export async function* searchContactsSoap(
  soap: YukiSoap,
  domainId: string,
  query: PortalContactQuery,
  opts: CallOptions,
): AsyncGenerator<Result<Page<PortalContact>, ConnectorError>> {
  for (let page = 1; ; page++) {
    const r = await soap.call(
      contactService,
      'SearchContacts',
      domainId,
      opts.priority,
      (sid) => searchParams({ sessionId: sid, domainId, query, page }),
      contactsOf(domainId),
    );
    yield r.ok ? ok({ items: r.value }) : r;
    // docs/external-systems/yuki.md#search-contacts: pages of 100 until one comes back empty; a short page is the last one, which saves a call.
    if (!r.ok || r.value.length < PAGE) return;
  }
}

export async function readContactSoap(
  soap: YukiSoap,
  domainId: string,
  id: PortalContactId,
  opts: CallOptions,
): ConnectorResult<PortalContact> {
  const checked = parsePortalContactId(typeof id === 'string' ? id : '');
  if (checked === null)
    return err({ code: 'rejected', message: 'A Yuki contact is read by its GUID; this is not one.' });
  const r = await soap.call(
    contactService,
    'SearchContacts',
    domainId,
    opts.priority,
    (sid) => searchParams({ sessionId: sid, domainId, query: {}, page: 1, byId: checked }),
    contactsOf(domainId),
  );
  if (!r.ok) return r;
  const found = r.value.find((c) => c.id === checked);
  return found
    ? ok(found)
    : err({ code: 'not_found', message: `Yuki has no contact ${checked} in domain ${domainId}.` });
}

export async function writeContactSoap(
  soap: YukiSoap,
  domainId: string,
  update: PortalContactUpdate,
  opts: CallOptions,
): ConnectorResult<PortalContactReceipt> {
  // Checked again at run time (a cast can defeat the type): no UpdateContact ever leaves without the <ID>.
  const doc = toContactXmlDoc(update);
  if (!doc.ok) return doc;
  const id = update.id.toLowerCase() as PortalContactId;
  return soap.call(
    contactService,
    'UpdateContact',
    domainId,
    opts.priority,
    (sid) => [
      { name: 'sessionID', value: sid },
      { name: 'domainID', value: domainId },
      { name: 'xmlDoc', value: doc.value },
    ],
    withResult('UpdateContact', (res) => toContactReceipt(res, id)),
  );
}
