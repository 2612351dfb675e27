/**
 * Linking many administrations at once, each to its one suggested CRM organisation: a combined dry run (from the last
 * reads), the start of the background run (bulk-link-run.ts), and the run's progress and result list.
 */
import {
  bulkLinkItems,
  createBulkLinkRun,
  findBulkLinkRun,
  singleSuggestionPairs,
} from '../../../adapters/db/repos/bulk-links.repo.js';
import { findCrmOrganizations } from '../../../adapters/db/repos/crm-organizations.repo.js';
import { findAdministrations, visibleDomainIds } from '../../../adapters/db/repos/portal.repo.js';
import { approvalPolicyOf } from '../../../adapters/db/repos/settings.repo.js';
import { ok } from '../../../core/result.js';
import { syncFields } from '../../../core/sync/fields.js';
import { enqueueBulkLink } from '../../jobs/contracts.js';
import { fail } from '../failure.js';
import { crmConnection, linkPreview } from './links.js';

import type { LinkPair } from '../../../adapters/db/repos/bulk-links.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { BulkLinkDryRunView, BulkLinkInput, BulkLinkRunView } from '../../../contract/administrations.contract.js';
import type { FieldValues, SyncField } from '../../../core/sync/fields.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';

type Skip = { administrationId: string; reason: string };

/** The pairs the selection links, and the selected administrations left out (no single suggestion). */
async function planPairs(
  deps: AppDeps,
  user: User,
  input: BulkLinkInput,
): Promise<Outcome<{ pairs: LinkPair[]; skipped: Skip[]; crmConnectionId: string }>> {
  const crm = await crmConnection(deps, user);
  if (!crm.ok) return crm;
  const crmConnectionId = crm.value.id;
  const pairs = await singleSuggestionPairs(deps.db, {
    portalId: user.portalId,
    domains: await visibleDomainIds(deps.db, user),
    crmConnectionId,
    ids: input.administrationIds,
  });
  const found = new Set(pairs.map((pair) => pair.administrationId));
  const skipped = (input.administrationIds ?? [])
    .filter((id) => !found.has(id))
    .map((administrationId) => ({ administrationId, reason: 'no_single_suggestion' }));
  return ok({ pairs, skipped, crmConnectionId });
}

const asFieldValues = (values: Readonly<Record<string, string | null>>): FieldValues =>
  Object.fromEntries(syncFields.map((field) => [field, values[field] ?? null])) as FieldValues;

/** What a person does with a selection to link in bulk: both steps plan the same pairs first. */
type BulkLinkAction<T> = (deps: AppDeps, user: User, input: BulkLinkInput) => Promise<Outcome<T>>;

/** What linking them all would change, per field, from the last reads of both sides (no calls to either system). */
export const bulkLinkDryRun: BulkLinkAction<BulkLinkDryRunView> = async (deps, user, input) => {
  const planned = await planPairs(deps, user, input);
  if (!planned.ok) return planned;
  const { pairs, skipped, crmConnectionId } = planned.value;
  const orgs = new Map(
    (
      await findCrmOrganizations(
        deps.db,
        crmConnectionId,
        pairs.map((pair) => pair.crmExternalId),
      )
    ).map((org) => [org.externalId, org]),
  );
  const policy = await approvalPolicyOf(deps.db, user.portalId);
  const administrations = new Map(
    (
      await findAdministrations(
        deps.db,
        user.portalId,
        pairs.map((pair) => pair.administrationId),
        null,
      )
    ).map((administration) => [administration.id, administration]),
  );
  const fields = new Map<SyncField, { changes: number; held: number }>();
  let withHeld = 0;
  for (const pair of pairs) {
    const org = orgs.get(pair.crmExternalId);
    const administration = administrations.get(pair.administrationId);
    if (org === undefined || administration === undefined) continue;
    const { changes } = linkPreview(null, administration.profile, asFieldValues(org.fieldValues), {
      policy,
      mode: input.mode,
    });
    for (const change of changes) {
      const counts = fields.get(change.field) ?? { changes: 0, held: 0 };
      counts.changes += 1;
      if (change.disposition === 'hold') counts.held += 1;
      fields.set(change.field, counts);
    }
    if (changes.some((change) => change.disposition === 'hold')) withHeld += 1;
  }
  return ok({
    administrations: pairs.length,
    fields: syncFields.flatMap((field) => {
      const counts = fields.get(field);
      return counts === undefined ? [] : [{ field, ...counts }];
    }),
    withHeld,
    skipped,
  });
};

type BulkLinkStarted = { runId: string; total: number; skipped: Skip[] };

/** Records the run and queues it; the administrations left out are answered at once. */
export const startBulkLink: BulkLinkAction<BulkLinkStarted> = async (deps, user, input) => {
  const planned = await planPairs(deps, user, input);
  if (!planned.ok) return planned;
  const { pairs, skipped } = planned.value;
  const runId = await createBulkLinkRun(deps.db, {
    portalId: user.portalId,
    requestedBy: user.id,
    mode: input.mode,
    pairs,
    now: deps.clock(),
  });
  await enqueueBulkLink(deps.queue, runId);
  return ok({ runId, total: pairs.length, skipped });
};

/** A run's progress and result list, for the user's portal. */
export async function bulkLinkStatus(deps: AppDeps, user: User, runId: string): Promise<Outcome<BulkLinkRunView>> {
  const run = await findBulkLinkRun(deps.db, runId);
  if (run === null || run.portalId !== user.portalId) return fail('not_found', `no bulk link run ${runId}`);
  const items = await bulkLinkItems(deps.db, runId);
  const count = (state: 'pending' | 'linked' | 'skipped') => items.filter((item) => item.state === state).length;
  return ok({
    runId,
    mode: run.mode,
    finished: run.finishedAt !== null,
    total: items.length,
    linked: count('linked'),
    skipped: count('skipped'),
    pending: count('pending'),
    items,
  });
}
