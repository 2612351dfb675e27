/** The administrations screens: the bulk view with link state, one administration, name search, link and apply. */
import {
  administrationListPage,
  countAdministrationList,
} from '../../../adapters/db/repos/administration-list.repo.js';
import { findLiveConnection } from '../../../adapters/db/repos/connections.repo.js';
import { findLink } from '../../../adapters/db/repos/links.repo.js';
import { visibleDomainIds } from '../../../adapters/db/repos/portal.repo.js';
import { mapResult, ok } from '../../../core/result.js';
import { enqueueApply } from '../../jobs/contracts.js';
import { crmNames, linkAdministration, searchCandidates, suggestionsFor, visibleAdministration } from './links.js';

import type { Link, LinkSummary } from '../../../adapters/db/repos/links.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type {
  AdministrationDetailView,
  AdministrationShow,
  AdministrationSummaryView,
  CandidateView,
  LinkInput,
  LinkView,
} from '../../../contract/administrations.contract.js';
import type { PageInfo } from '../../../contract/review.contract.js';
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

/** One page of the administrations the user may see, filtered, with link, open changes and suggestion count. */
export async function administrationsOverview(
  deps: AppDeps,
  user: User,
  query: { page: number; size: number; q?: string | undefined; show: AdministrationShow },
): Promise<{ administrations: AdministrationSummaryView[]; page: PageInfo }> {
  const crm = await findLiveConnection(deps.db, user.portalId, 'crm');
  const scope = {
    portalId: user.portalId,
    domains: await visibleDomainIds(deps.db, user),
    crmConnectionId: crm?.id ?? null,
    q: query.q,
    show: query.show,
  };
  const [rows, total] = await Promise.all([
    administrationListPage(deps.db, scope, { offset: (query.page - 1) * query.size, limit: query.size }),
    countAdministrationList(deps.db, scope),
  ]);
  return {
    administrations: rows.map((row) => ({
      id: row.id,
      name: row.name,
      domainName: row.domainName,
      link:
        row.crmExternalId === null || row.mode === null || row.sourceStatus === null
          ? null
          : { crmExternalId: row.crmExternalId, crmName: row.crmName, mode: row.mode, sourceStatus: row.sourceStatus },
      pendingCount: row.pendingCount,
      suggestionCount: row.crmExternalId === null ? row.suggestionCount : 0,
    })),
    page: { page: query.page, size: query.size, total },
  };
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
