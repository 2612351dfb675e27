/** The administrations screens: the bulk view with link state, one administration, name search, link and apply. */
import { reviewableCountsOf } from '../../../adapters/db/repos/changes.repo.js';
import { findLiveConnection } from '../../../adapters/db/repos/connections.repo.js';
import { findLink, linksOfAdministrations } from '../../../adapters/db/repos/links.repo.js';
import { listAdministrations, visibleDomainIds } from '../../../adapters/db/repos/portal.repo.js';
import { mapResult, ok } from '../../../core/result.js';
import { enqueueApply } from '../../jobs/contracts.js';
import {
  crmNames,
  linkAdministration,
  searchCandidates,
  suggestionCounts,
  suggestionsFor,
  visibleAdministration,
} from './links.js';

import type { Link, LinkSummary } from '../../../adapters/db/repos/links.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type {
  AdministrationDetailView,
  AdministrationSummaryView,
  CandidateView,
  LinkInput,
  LinkView,
} from '../../../contract/administrations.contract.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';

const linkView = (link: LinkSummary, names: ReadonlyMap<string, string | null>): LinkView => ({
  crmExternalId: link.crmExternalId,
  crmName: names.get(link.crmExternalId) ?? null,
  mode: link.mode,
  sourceStatus: link.sourceStatus,
});

/** The CRM organisation name of a link, if the CRM mirror has it. */
async function namesOfLink(deps: AppDeps, link: Link | null): Promise<Map<string, string | null>> {
  return link === null ? new Map() : crmNames(deps, link.connectionId, [link.crmExternalId]);
}

/** Every administration the user may see, with its link, open changes and (when unlinked) suggestion count. */
export async function administrationsOverview(deps: AppDeps, user: User): Promise<AdministrationSummaryView[]> {
  const administrations = await listAdministrations(deps.db, user.portalId, await visibleDomainIds(deps.db, user));
  const ids = administrations.map((administration) => administration.id);
  const links = await linksOfAdministrations(deps.db, ids);
  const pendingBy = await reviewableCountsOf(deps.db, ids);
  const crm = await findLiveConnection(deps.db, user.portalId, 'crm');
  const names =
    crm === null
      ? new Map<string, string | null>()
      : await crmNames(
          deps,
          crm.id,
          links.map((link) => link.crmExternalId),
        );
  const byAdministration = new Map(links.map((link) => [link.administrationId, link]));
  const suggestions = await suggestionCounts(
    deps,
    user,
    administrations.filter((administration) => !byAdministration.has(administration.id)),
  );
  return administrations.map((administration) => {
    const link = byAdministration.get(administration.id);
    return {
      id: administration.id,
      name: administration.name,
      domainName: administration.domainName,
      link: link === undefined ? null : linkView(link, names),
      pendingCount: pendingBy.get(administration.id) ?? 0,
      suggestionCount: suggestions.get(administration.id) ?? 0,
    };
  });
}

/** One administration with its profile, its link, and (while unlinked) the CRM organisations suggested for it. */
export async function administrationDetail(
  deps: AppDeps,
  user: User,
  administrationId: string,
): Promise<Outcome<AdministrationDetailView>> {
  const found = await visibleAdministration(deps, user, administrationId);
  if (!found.ok) return found;
  const administration = found.value;
  const link = await findLink(deps.db, administration.id);
  const names = await namesOfLink(deps, link);
  const suggestions = link === null ? await suggestionsFor(deps, user, administration) : [];
  return ok({
    administration: {
      id: administration.id,
      name: administration.name,
      domainName: administration.domainName,
      profile: administration.profile,
    },
    link: link === null ? null : linkView(link, names),
    suggestions: suggestions.map((suggestion) => ({ ...suggestion.candidate, reasons: [...suggestion.reasons] })),
  });
}

/** CRM organisations found by name for an administration the user may see. */
export async function candidatesByName(
  deps: AppDeps,
  user: User,
  administrationId: string,
  query: string,
): Promise<Outcome<CandidateView[]>> {
  return mapResult(await searchCandidates(deps, user, administrationId, query), (candidates) =>
    candidates.map((candidate) => ({ ...candidate, reasons: ['name' as const] })),
  );
}

/** Links the administration and queues the apply of what linking made due; the new link as the list shows it. */
export async function linkAndApply(
  deps: AppDeps,
  user: User,
  administrationId: string,
  input: LinkInput,
): Promise<Outcome<LinkView>> {
  const linked = await linkAdministration(deps, user, administrationId, input);
  if (!linked.ok) return linked;
  await enqueueApply(deps.queue, user.portalId, linked.value.toApply);
  const link = await findLink(deps.db, administrationId);
  const names = await namesOfLink(deps, link);
  return ok({
    crmExternalId: input.crmExternalId,
    crmName: names.get(input.crmExternalId) ?? null,
    mode: input.mode,
    sourceStatus: link?.sourceStatus ?? 'ok',
  });
}
