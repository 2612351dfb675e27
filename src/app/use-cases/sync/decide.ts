/** A person's decisions in the review queue: approve (optionally edited, a clear only when confirmed), reject. */
import { findChange, rememberRejection, transition } from '../../../adapters/db/repos/changes.repo.js';
import { findLink } from '../../../adapters/db/repos/links.repo.js';
import { findAdministration, visibleDomainIds } from '../../../adapters/db/repos/portal.repo.js';
import { announceReviewChange } from '../../../adapters/db/repos/review-notices.repo.js';
import { isClearChange } from '../../../core/approval/approval.js';
import { ok } from '../../../core/result.js';
import { normalizeFieldValue } from '../../../core/sync/normalize.js';
import { enqueueApply } from '../../jobs/contracts.js';
import { fail } from '../failure.js';
import { auditUserAction } from '../user-audit.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { StoredChange } from '../../../adapters/db/repos/changes.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';
import type { AuditFacts } from '../user-audit.js';

/** The change, if the user may see its administration; 404 otherwise (no hint that it exists). */
async function visibleChange(deps: AppDeps, user: User, changeId: string): Promise<Outcome<StoredChange>> {
  const change = await findChange(deps.db, changeId);
  const domains = await visibleDomainIds(deps.db, user);
  if (
    change === null ||
    (await findAdministration(deps.db, user.portalId, change.administrationId, domains)) === null
  ) {
    return fail('not_found', `no change ${changeId}`);
  }
  return ok(change);
}

/** The country that decides whether a postcode must be Dutch: the CRM's value for the same address, else NL. */
async function countryFor(deps: AppDeps, change: StoredChange): Promise<string | null> {
  if (change.field !== 'visitingPostcode' && change.field !== 'postalPostcode') return null;
  const link = await findLink(deps.db, change.administrationId);
  return link?.baseline[change.field === 'postalPostcode' ? 'postalCountry' : 'visitingCountry'] ?? null;
}

/** Runs a decision in one transaction; null from it means the change was decided or replaced meanwhile. */
async function decideOpen(
  deps: AppDeps,
  decision: (trx: Db) => Promise<StoredChange | null>,
): Promise<Outcome<StoredChange>> {
  const decided = await deps.db.transaction().execute(async (trx) => {
    const change = await decision(trx);
    if (change !== null) await announceReviewChange(trx, [change.administrationId]);
    return change;
  });
  return decided === null ? fail('change_not_open', 'the change was decided or replaced meanwhile') : ok(decided);
}

/** Which change an audit entry is about. */
function auditFactsOf(change: StoredChange): AuditFacts {
  return { administrationId: change.administrationId, changeId: change.id, field: change.field };
}

type ApproveInput = {
  value?: string | null | undefined;
  reason?: string | undefined;
  confirmClear?: boolean | undefined;
};

/** A person's decision on one change they may see; the answer is the change as decided. */
type Decision<I> = (deps: AppDeps, user: User, changeId: string, input: I) => Promise<Outcome<StoredChange>>;

/**
 * Approves a change, with the person's edited value if given, and queues its apply. A value that fails validation
 * is refused: invalid data never reaches the portal, not even with approval.
 */
export const approveChange: Decision<ApproveInput> = async (deps, user, changeId, input) => {
  const visible = await visibleChange(deps, user, changeId);
  if (!visible.ok) return visible;
  const change = visible.value;
  const edited = input.value !== undefined;
  // Unedited, the change's own value is approved, as judged when it was detected or when a person last edited it
  // (after such an edit the CRM's raw text is no longer the value that would be written).
  const candidate = edited
    ? normalizeFieldValue(change.field, input.value ?? null, await countryFor(deps, change))
    : { value: change.newValue, invalidReason: change.invalidReason };
  if (candidate.invalidReason !== null) {
    return fail('value_invalid', `${change.field}: ${candidate.invalidReason}`, {
      reason: candidate.invalidReason,
      errors: [
        {
          field: 'body.value',
          code: 'invalid',
          params: { reason: candidate.invalidReason },
          message: candidate.invalidReason,
        },
      ],
    });
  }
  // Emptying a field in Yuki is never a side effect of approving: the person confirms it (product decision 2).
  if (isClearChange({ newValue: candidate.value }) && input.confirmClear !== true) {
    return fail(
      'clear_not_confirmed',
      `${change.field}: approving empties the field in Yuki; confirm with confirmClear`,
    );
  }
  const now = deps.clock();
  const approved = await decideOpen(deps, async (trx) => {
    const updated = await transition(trx, change.id, 'approve', now, {
      decidedBy: user.id,
      reason: input.reason ?? null,
      priority: 'high',
      ...(edited ? { newValue: candidate.value } : {}),
      // A conflict showed the person the portal's current value and they chose to overwrite it: the stale guard now
      // expects that value (were it still the one from detection, every approval of a conflict would conflict again).
      ...(change.state === 'conflict' ? { oldValue: change.portalValue } : {}),
    });
    if (updated === null) return null;
    // Approving another value turns the CRM's down: like a rejection, it is not proposed again (by the next
    // reconcile or an edit of another field) until the CRM value changes.
    if (edited && candidate.value !== change.newValue)
      await rememberRejection(trx, change.administrationId, change.field, change.newValue, now);
    await auditUserAction(trx, user, 'change_approved', now, {
      ...auditFactsOf(change),
      oldValue: updated.oldValue,
      newValue: updated.newValue,
      reason: input.reason ?? null,
      details: edited ? { editedFrom: change.newValue } : {},
    });
    return updated;
  });
  if (approved.ok) await enqueueApply(deps.queue, user.portalId, [approved.value.administrationId]);
  return approved;
};

export const rejectChange: Decision<string | undefined> = async (deps, user, changeId, reason) => {
  const visible = await visibleChange(deps, user, changeId);
  if (!visible.ok) return visible;
  const change = visible.value;
  const now = deps.clock();
  return decideOpen(deps, async (trx) => {
    const updated = await transition(trx, change.id, 'reject', now, { decidedBy: user.id, reason: reason ?? null });
    if (updated === null) return null;
    await rememberRejection(trx, change.administrationId, change.field, change.newValue, now);
    await auditUserAction(trx, user, 'change_rejected', now, {
      ...auditFactsOf(change),
      oldValue: change.oldValue,
      newValue: change.newValue,
      reason: reason ?? null,
    });
    return updated;
  });
};
