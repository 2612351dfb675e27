// Client for caller ID from Yuki: the domains whose contacts are indexed (none by default) and their call share.
import { yukiContactDomainsSchema } from '../../../src/contract/callerid-yuki.contract.js';
import { sendJson } from '../api.js';

import type { YukiContactDomainsView } from '../../../src/contract/callerid-yuki.contract.js';

export type YukiContactDomains = YukiContactDomainsView;

export async function getYukiContactDomains(): Promise<YukiContactDomains> {
  return sendJson(yukiContactDomainsSchema, 'GET', '/api/callerid/yuki/contact-domains');
}

export async function setYukiContactDomains(domainIds: string[]): Promise<YukiContactDomains> {
  return sendJson(yukiContactDomainsSchema, 'PUT', '/api/callerid/yuki/contact-domains', { domainIds });
}
