/** Caller ID from Yuki: the domains whose contacts are indexed (product decision 4: none by default), and their share. */
import { contactDomainsOf, setContactDomains } from '../../../adapters/db/repos/callerid-contact-domains.repo.js';
import { findLiveConnection } from '../../../adapters/db/repos/connections.repo.js';
import { listDomains } from '../../../adapters/db/repos/portal.repo.js';
import { BACKGROUND_SHARE } from '../../../adapters/yuki/quota.js';
import { ok } from '../../../core/result.js';
import { enqueueIndexRun } from '../../jobs/contracts.js';
import { fail } from '../failure.js';
import { portalTargetOf } from '../sync/connectors.js';
import { fieldsFailure } from './validation.js';

import type { YukiContactDomainsInput, YukiContactDomainsView } from '../../../contract/callerid-yuki.contract.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';

/** Every domain of the portal, whether its contacts are indexed, and today's background calls in it. */
export async function yukiContactDomains(deps: AppDeps, portalId: string): Promise<YukiContactDomainsView> {
  const connection = await findLiveConnection(deps.db, portalId, 'portal_target');
  if (connection === null) return { portalConnected: false, backgroundShare: BACKGROUND_SHARE, domains: [] };
  const selected = new Set(await contactDomainsOf(deps.db, connection.id));
  const target = portalTargetOf(deps, connection);
  const domains: YukiContactDomainsView['domains'] = [];
  for (const domain of await listDomains(deps.db, portalId)) {
    const status = target.ok ? await target.value.quota(domain.externalId) : null;
    domains.push({
      id: domain.externalId,
      name: domain.name,
      selected: selected.has(domain.externalId.toLowerCase()),
      backgroundUsed: status?.background?.used ?? 0,
      backgroundLimit: status?.background?.limit ?? 0,
    });
  }
  return { portalConnected: true, backgroundShare: BACKGROUND_SHARE, domains };
}

/** Replaces the selection (every id must be a domain of the portal) and re-indexes the portal's numbers in full. */
export async function chooseYukiContactDomains(
  deps: AppDeps,
  portalId: string,
  input: YukiContactDomainsInput,
): Promise<Outcome<YukiContactDomainsView>> {
  const connection = await findLiveConnection(deps.db, portalId, 'portal_target');
  if (connection === null) return fail('not_connected', 'connect the portal first');
  const known = new Set((await listDomains(deps.db, portalId)).map((d) => d.externalId.toLowerCase()));
  const problems = input.domainIds
    .map((id, index) => ({ id, index }))
    .filter(({ id }) => !known.has(id.toLowerCase()))
    .map(({ id, index }) => ({
      field: `domainIds.${String(index)}`,
      code: 'unknown_domain' as const,
      params: { id },
      message: 'is not a domain of the connected portal',
    }));
  if (problems.length > 0) return fieldsFailure(problems, 'body.');
  await setContactDomains(deps.db, connection.id, [...new Set(input.domainIds.map((id) => id.toLowerCase()))]);
  // A full run drops the contacts of domains no longer selected and reads those newly selected.
  await enqueueIndexRun(deps.queue, connection.id, true);
  return ok(await yukiContactDomains(deps, portalId));
}
