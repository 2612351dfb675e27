/** Bulk decisions in the review queue: approve or reject a selection (ids, one administration, or a filter). */
import { appendAudit } from '../../../adapters/db/repos/audit.repo.js';
import { announceReviewChange } from '../../../adapters/db/repos/review-notices.repo.js';
import {
  approveChanges,
  countReview,
  rejectChanges,
  reviewSelection,
} from '../../../adapters/db/repos/review-queue.repo.js';
import { isClearChange } from '../../../core/approval/approval.js';
import { ok } from '../../../core/result.js';
import { enqueueApply } from '../../jobs/contracts.js';
import { fail } from '../failure.js';
import { reviewScope } from './review.js';

import type { AuditEntry } from '../../../adapters/db/repos/audit.repo.js';
import type { StoredChange } from '../../../adapters/db/repos/changes.repo.js';
import type { SelectedChange } from '../../../adapters/db/repos/review-queue.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { BulkDecisionInput, BulkDecisionResult } from '../../../contract/review.contract.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';

type Skip = BulkDecisionResult['skipped'][number];
export type BulkDecision = 'approve' | 'reject';

const skipOf = (change: SelectedChange, reason: Skip['reason']): Skip => ({
  id: change.id,
  reason,
  administrationName: change.administrationName,
  field: change.field,
});

/** Splits the selection into what is decided and what is left out, and why. */
function sortOut(
  decision: BulkDecision,
  selected: readonly SelectedChange[],
  includeClears: boolean,
): { toDecide: SelectedChange[]; skipped: Skip[] } {
  const toDecide: SelectedChange[] = [];
  const skipped: Skip[] = [];
  for (const change of selected) {
    if (!includeClears && isClearChange(change)) skipped.push(skipOf(change, 'clear_not_included'));
    else if (decision === 'approve' && change.invalidReason !== null) skipped.push(skipOf(change, 'value_invalid'));
    else toDecide.push(change);
  }
  return { toDecide, skipped };
}

function auditOf(
  user: User,
  decision: BulkDecision,
  changes: readonly StoredChange[],
  reason: string | null,
  at: Date,
) {
  return changes.map((change): AuditEntry => ({
    portalId: user.portalId,
    action: decision === 'approve' ? 'change_approved' : 'change_rejected',
    actorUserId: user.id,
    administrationId: change.administrationId,
    changeId: change.id,
    field: change.field,
    oldValue: change.oldValue,
    newValue: change.newValue,
    reason,
    details: { bulk: true },
    at,
  }));
}

const CHUNK = 1000;

/**
 * Approves or rejects the selected changes in chunks (each chunk with its audit rows in one transaction) and queues
 * the apply of what was approved. Clears are left out unless included; invalid values are not approved; a filter
 * selection whose count differs from what the person saw is refused (`selection_changed`).
 */
export async function bulkDecide(
  deps: AppDeps,
  user: User,
  decision: BulkDecision,
  input: BulkDecisionInput,
): Promise<Outcome<BulkDecisionResult>> {
  const filter =
    input.filter ?? (input.administrationId === undefined ? {} : { administrationId: input.administrationId });
  const scope = await reviewScope(deps, user, { ...filter });
  const ids = input.changeIds;
  if (input.filter !== undefined) {
    const count = await countReview(deps.db, scope);
    if (count !== input.expectedCount)
      return fail(
        'selection_changed',
        `the filter now selects ${String(count)} changes, not ${String(input.expectedCount)}`,
        {
          reason: String(count),
        },
      );
  }
  const selected = await reviewSelection(deps.db, ids === undefined ? scope : { ...scope, ids });
  const { toDecide, skipped } = sortOut(decision, selected, input.includeClears === true);
  const reason = input.reason ?? null;
  const decided: StoredChange[] = [];
  for (let i = 0; i < toDecide.length; i += CHUNK) {
    const chunk = toDecide.slice(i, i + CHUNK).map((change) => change.id);
    const now = deps.clock();
    decided.push(
      ...(await deps.db.transaction().execute(async (trx) => {
        const written =
          decision === 'approve'
            ? await approveChanges(trx, chunk, { decidedBy: user.id, reason, now })
            : await rejectChanges(trx, chunk, { decidedBy: user.id, reason, now });
        await appendAudit(trx, auditOf(user, decision, written, reason, now));
        await announceReviewChange(
          trx,
          written.map((change) => change.administrationId),
        );
        return written;
      })),
    );
  }
  const decidedIds = new Set(decided.map((change) => change.id));
  const found = new Set(selected.map((change) => change.id));
  for (const change of toDecide) if (!decidedIds.has(change.id)) skipped.push(skipOf(change, 'change_not_open'));
  for (const id of ids ?? [])
    if (!found.has(id)) skipped.push({ id, reason: 'change_not_open', administrationName: null, field: null });
  if (decision === 'approve')
    await enqueueApply(deps.queue, user.portalId, [...new Set(decided.map((change) => change.administrationId))]);
  const skippedClears = skipped.filter((skip) => skip.reason === 'clear_not_included').length;
  return ok({
    approved: decision === 'approve' ? decided.length : 0,
    rejected: decision === 'reject' ? decided.length : 0,
    skippedClears,
    failed: skipped.length - skippedClears,
    skipped,
  });
}
