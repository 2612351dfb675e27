/**
 * Linking many administrations at once, each to its one suggested CRM organisation: a combined dry run (from the last
 * reads), then a background run that links them one by one as a single link would (fresh reads, audited per
 * administration), recording each outcome in the link's own transaction.
 */
import {
  bulkLinkItems,
  createBulkLinkRun,
  findBulkLinkRun,
  finishBulkLinkRun,
  pendingBulkLinkItems,
  settleBulkLinkItem,
  singleSuggestionPairs,
} from '../../../adapters/db/repos/bulk-links.repo.js';
import { findLiveConnection } from '../../../adapters/db/repos/connections.repo.js';
import { findCrmOrganizations } from '../../../adapters/db/repos/crm-organizations.repo.js';
import { findAdministration, visibleDomainIds } from '../../../adapters/db/repos/portal.repo.js';
import { approvalPolicyOf } from '../../../adapters/db/repos/settings.repo.js';
import { findUserById } from '../../../adapters/db/repos/users.repo.js';
import { ok } from '../../../core/result.js';
import { syncFields } from '../../../core/sync/fields.js';
import { linkPortalValues } from '../../../core/sync/mapping.js';
import { normalizeFieldValues } from '../../../core/sync/normalize.js';
import { planFieldChanges } from '../../../core/sync/plan.js';
import { enqueueApply, enqueueBulkLink } from '../../jobs/contracts.js';
import { fail } from '../failure.js';
import { linkAdministration } from './links.js';

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
  const crm = await findLiveConnection(deps.db, user.portalId, 'crm');
  if (crm === null) return fail('not_connected', 'connect the portal to its CRM first (Settings → CRMHub)');
  const pairs = await singleSuggestionPairs(deps.db, {
    portalId: user.portalId,
    domains: await visibleDomainIds(deps.db, user),
    crmConnectionId: crm.id,
    ids: input.administrationIds,
  });
  const found = new Set(pairs.map((pair) => pair.administrationId));
  const skipped = (input.administrationIds ?? [])
    .filter((id) => !found.has(id))
    .map((administrationId) => ({ administrationId, reason: 'no_single_suggestion' }));
  return ok({ pairs, skipped, crmConnectionId: crm.id });
}

const asFieldValues = (values: Readonly<Record<string, string | null>>): FieldValues =>
  Object.fromEntries(syncFields.map((field) => [field, values[field] ?? null])) as FieldValues;

/** What linking them all would change, per field, from the last reads of both sides (no calls to either system). */
export async function bulkLinkDryRun(
  deps: AppDeps,
  user: User,
  input: BulkLinkInput,
): Promise<Outcome<BulkLinkDryRunView>> {
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
  const fields = new Map<SyncField, { changes: number; held: number }>();
  let withHeld = 0;
  for (const pair of pairs) {
    const org = orgs.get(pair.crmExternalId);
    const administration = await findAdministration(deps.db, user.portalId, pair.administrationId, null);
    if (org === undefined || administration === null) continue;
    const crm = asFieldValues(org.fieldValues);
    const normalized = normalizeFieldValues(linkPortalValues(null, administration.profile, crm));
    const plans = planFieldChanges({
      baseline: Object.fromEntries(syncFields.map((field) => [field, normalized[field].value])) as FieldValues,
      crm,
      open: new Map(),
      rejected: new Map(),
      crmHeld: new Set(),
      settings: { policy, mode: input.mode },
    });
    let held = false;
    for (const plan of plans) {
      if (plan.action !== 'create') continue;
      const counts = fields.get(plan.field) ?? { changes: 0, held: 0 };
      counts.changes += 1;
      if (plan.disposition === 'hold') {
        counts.held += 1;
        held = true;
      }
      fields.set(plan.field, counts);
    }
    if (held) withHeld += 1;
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
}

/** Records the run and queues it; the administrations left out are answered at once. */
export async function startBulkLink(
  deps: AppDeps,
  user: User,
  input: BulkLinkInput,
): Promise<Outcome<{ runId: string; total: number; skipped: Skip[] }>> {
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
}

const BATCH = 25;

/** Links what is still pending in a run, as the person who started it; safe to run again or twice at once. */
export async function runBulkLink(deps: AppDeps, runId: string): Promise<void> {
  const run = await findBulkLinkRun(deps.db, runId);
  if (run === null || run.finishedAt !== null) return;
  const user = run.requestedBy === null ? null : await findUserById(deps.db, run.requestedBy);
  for (;;) {
    const items = await pendingBulkLinkItems(deps.db, runId, BATCH);
    if (items.length === 0) break;
    const toApply = new Set<string>();
    for (const item of items) {
      if (user === null) {
        await settleBulkLinkItem(deps.db, runId, item.administrationId, { state: 'skipped', reason: 'user_gone' });
        continue;
      }
      const linked = await linkAdministration(
        deps,
        user,
        item.administrationId,
        { ...item, mode: run.mode },
        async (trx) => {
          // Another worker got here first: undo this link, that one stands.
          if (!(await settleBulkLinkItem(trx, runId, item.administrationId, { state: 'linked', reason: null })))
            throw new Error('bulk link item settled meanwhile');
        },
      ).catch((error: unknown) => {
        if (error instanceof Error && error.message === 'bulk link item settled meanwhile') return null;
        throw error;
      });
      if (linked === null) continue;
      if (linked.ok) linked.value.toApply.forEach((id) => toApply.add(id));
      else
        await settleBulkLinkItem(deps.db, runId, item.administrationId, {
          state: 'skipped',
          reason: linked.error.code,
        });
    }
    await enqueueApply(deps.queue, run.portalId, [...toApply]);
  }
  await finishBulkLinkRun(deps.db, runId, deps.clock());
}

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
