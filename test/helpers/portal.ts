// Portal rows written straight through the repos, for tests that need clients without importing them from a Yuki.
import { upsertAdministration, upsertDomain } from '../../src/adapters/db/repos/portal.repo.js';

import type { Db } from '../../src/adapters/db/pool.js';

/** A domain in `portalId` holding one active administration; returns both ids. */
export async function addDomainWithAdministration(
  db: Db,
  input: {
    readonly portalId: string;
    readonly domain: { readonly externalId: string; readonly name: string };
    readonly administration: { readonly externalId: string; readonly name: string };
    readonly profile?: Readonly<Record<string, string | null>>;
    readonly now: Date;
  },
): Promise<{ domainId: string; administrationId: string }> {
  const { portalId, now } = input;
  const domainId = await upsertDomain(db, { portalId, ...input.domain, url: null, now });
  const administrationId = await upsertAdministration(db, {
    domainId,
    ...input.administration,
    active: true,
    profile: input.profile ?? {},
    now,
  });
  return { domainId, administrationId };
}
