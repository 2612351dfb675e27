/**
 * A bulk link run in the background: chunks of administrations, each chunk read fresh from both systems (one portal
 * call answers for the whole chunk) and recorded in one transaction: the links, their audit rows, the items' outcomes
 * and the first changes, so a killed worker leaves each item either done or pending, never half done.
 */
import {
  findBulkLinkRun,
  finishBulkLinkRun,
  lockPendingBulkLinkItems,
  pendingBulkLinkItems,
  settleBulkLinkItems,
  skipPendingBulkLinkItems,
} from '../../../adapters/db/repos/bulk-links.repo.js';
import { findLiveConnection } from '../../../adapters/db/repos/connections.repo.js';
import { linkedAmong } from '../../../adapters/db/repos/links.repo.js';
import { findAdministrations, visibleDomainIds } from '../../../adapters/db/repos/portal.repo.js';
import { approvalPolicyOf } from '../../../adapters/db/repos/settings.repo.js';
import { findUserById } from '../../../adapters/db/repos/users.repo.js';
import { mapAtMost } from '../../../adapters/shared/map-at-most.js';
import { err, ok } from '../../../core/result.js';
import { fieldValuesOfCompany } from '../../../core/sync/mapping.js';
import { enqueueApply } from '../../jobs/contracts.js';
import { crmSourceOf } from './connectors.js';
import { ingestCompaniesWithin } from './ingest.js';
import { readCompany, readPortalProfiles } from './link-reads.js';
import { linkPreview, recordLinks } from './links.js';

import type { BulkLinkRun, LinkPair } from '../../../adapters/db/repos/bulk-links.repo.js';
import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { AdministrationRow } from '../../../adapters/db/repos/portal.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { RecordSource, SourceCompany } from '../../../core/connector.js';
import type { Result } from '../../../core/result.js';
import type { ApprovalPolicy } from '../../../core/sync/policy.js';
import type { AppDeps } from '../../deps.js';
import type { LinkToRecord } from './links.js';

// One transaction links this many: large enough that per-chunk costs (the portal's list of all administrations, the
// statements) are shared widely, small enough that a killed worker loses little work.
const CHUNK = 100;
// CRM reads under way at once: each is a round trip of its own (the CRM has no read by several ids).
const CRM_READS_AT_ONCE = 8;

/** What every chunk of a run shares: who links, through which CRM connection, under which policy. */
type RunContext = {
  readonly run: BulkLinkRun;
  readonly user: User;
  readonly domains: readonly string[] | null;
  readonly connection: Connection;
  readonly source: RecordSource;
  readonly policy: ApprovalPolicy;
};

/** The run's shared context, or the reason every item of it is skipped. */
async function runContext(deps: AppDeps, run: BulkLinkRun): Promise<Result<RunContext, string>> {
  const user = run.requestedBy === null ? null : await findUserById(deps.db, run.requestedBy);
  if (user === null) return err('user_gone');
  const connection = await findLiveConnection(deps.db, run.portalId, 'crm');
  const source = connection === null ? null : crmSourceOf(deps, connection);
  if (connection === null || source?.ok !== true) return err('not_connected');
  const [domains, policy] = await Promise.all([
    visibleDomainIds(deps.db, user),
    approvalPolicyOf(deps.db, run.portalId),
  ]);
  return ok({ run, user, domains, connection, source: source.value, policy });
}

type Ready = { readonly item: LinkPair; readonly administration: AdministrationRow };

/** The chunk's administrations that may be linked now, and why the others may not. */
async function sortOut(
  deps: AppDeps,
  context: RunContext,
  items: readonly LinkPair[],
): Promise<{ ready: Ready[]; skipped: Map<string, string> }> {
  const ids = items.map((item) => item.administrationId);
  const [administrations, linked] = await Promise.all([
    findAdministrations(deps.db, context.run.portalId, ids, context.domains),
    linkedAmong(deps.db, ids),
  ]);
  const byId = new Map(administrations.map((administration) => [administration.id, administration]));
  const ready: Ready[] = [];
  const skipped = new Map<string, string>();
  for (const item of items) {
    const administration = byId.get(item.administrationId);
    if (administration === undefined) skipped.set(item.administrationId, 'not_found');
    else if (linked.has(item.administrationId)) skipped.set(item.administrationId, 'already_linked');
    else ready.push({ item, administration });
  }
  return { ready, skipped };
}

/** Reads both sides of the ready ones fresh and previews each link, as a single link does. */
async function prepareLinks(
  deps: AppDeps,
  context: RunContext,
  ready: readonly Ready[],
  skipped: Map<string, string>,
): Promise<{ links: LinkToRecord[]; companies: Map<string, SourceCompany> }> {
  const [companies, reads] = await Promise.all([
    mapAtMost(ready, CRM_READS_AT_ONCE, ({ item }) => readCompany(context.source, item.crmExternalId)),
    readPortalProfiles(
      deps,
      context.run.portalId,
      ready.map(({ administration }) => administration),
    ),
  ]);
  const links: LinkToRecord[] = [];
  const byExternalId = new Map<string, SourceCompany>();
  ready.forEach(({ item, administration }, index) => {
    const company = companies[index];
    if (company?.ok !== true) {
      skipped.set(item.administrationId, company?.error.code ?? 'not_found');
      return;
    }
    const mode = context.run.mode;
    const previewed = linkPreview(reads[index] ?? null, administration.profile, fieldValuesOfCompany(company.value), {
      policy: context.policy,
      mode,
    });
    byExternalId.set(company.value.externalId, company.value);
    links.push({
      administrationId: item.administrationId,
      crmExternalId: item.crmExternalId,
      crmName: company.value.name,
      mode,
      baseline: previewed.portalValues,
      profile: previewed.profile,
    });
  });
  return { links, companies: byExternalId };
}

/**
 * Links one chunk: the items this worker can lock (another worker links the rest) get their link, audit row, outcome
 * and first changes in one transaction. Returns how many it locked and the administrations with changes to apply.
 */
async function linkChunk(
  deps: AppDeps,
  context: RunContext,
  items: readonly LinkPair[],
): Promise<{ locked: number; toApply: string[] }> {
  const { ready, skipped } = await sortOut(deps, context, items);
  const { links, companies } = await prepareLinks(deps, context, ready, skipped);
  const now = deps.clock();
  const runId = context.run.id;
  return deps.db.transaction().execute(async (trx) => {
    const mine = await lockPendingBulkLinkItems(
      trx,
      runId,
      items.map((item) => item.administrationId),
    );
    const ours = links.filter((link) => mine.has(link.administrationId));
    const linked = await recordLinks(trx, context.user, context.connection.id, ours, now);
    await settleBulkLinkItems(
      trx,
      runId,
      [...mine].map((administrationId) =>
        linked.has(administrationId)
          ? { administrationId, state: 'linked', reason: null }
          : { administrationId, state: 'skipped', reason: skipped.get(administrationId) ?? 'already_linked' },
      ),
    );
    const linkedCompanies = new Set(
      ours.filter((link) => linked.has(link.administrationId)).map((link) => link.crmExternalId),
    );
    // The changes are of administrations linked just now, which recordLinks announced.
    const { toApply } = await ingestCompaniesWithin(
      trx,
      context.connection,
      [...companies.values()].filter((company) => linkedCompanies.has(company.externalId)),
      now,
    );
    return { locked: mine.size, toApply };
  });
}

/** Links what is still pending in a run, as the person who started it; safe to run again or twice at once. */
export async function runBulkLink(deps: AppDeps, runId: string): Promise<void> {
  const run = await findBulkLinkRun(deps.db, runId);
  if (run === null || run.finishedAt !== null) return;
  const context = await runContext(deps, run);
  if (!context.ok) await skipPendingBulkLinkItems(deps.db, runId, context.error);
  else {
    for (;;) {
      const items = await pendingBulkLinkItems(deps.db, runId, CHUNK);
      if (items.length === 0) break;
      const chunk = await linkChunk(deps, context.value, items);
      // Another job of this run (the sweep queues one while the first is still active) holds the whole chunk: it
      // links the rest and finishes the run; going on would only read every item again beside it.
      if (chunk.locked === 0) return;
      await enqueueApply(deps.queue, run.portalId, chunk.toApply);
    }
  }
  await finishBulkLinkRun(deps.db, runId, deps.clock());
}
