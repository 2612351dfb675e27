/** Caller ID from Yuki: which portal domains' contacts are indexed (none by default), with each domain's call share. */
import { yukiContactDomainsBody, yukiContactDomainsSchema } from '../../../contract/callerid-yuki.contract.js';
import { chooseYukiContactDomains, yukiContactDomains } from '../../use-cases/callerid/yuki-contact-domains.js';
import { adminOnly, currentUser } from '../plugins/auth.js';
import { unwrap } from '../problem.js';
import { routeGroup } from '../route.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

export function registerCallerIdYukiRoutes(app: ZodApp, deps: AppDeps): void {
  const admins = routeGroup(app, { tags: ['caller ID'], access: adminOnly });
  admins.get('/api/callerid/yuki/contact-domains', {
    summary: "The portal's domains, whether caller ID indexes their contacts, and today's background calls in each",
    response: { 200: yukiContactDomainsSchema },
    handler: async (request) => yukiContactDomains(deps, currentUser(request).portalId),
  });

  admins.put('/api/callerid/yuki/contact-domains', {
    summary: 'Choose the domains whose contacts caller ID indexes (the firm’s own relations); re-indexes in full',
    body: yukiContactDomainsBody,
    response: { 200: yukiContactDomainsSchema },
    handler: async (request) =>
      unwrap(await chooseYukiContactDomains(deps, currentUser(request).portalId, request.body)),
  });
}
