/** The review queue: a filtered page of held changes by administration; approve, reject, edit, bulk decisions. */
import {
  approveBody,
  bulkDecisionBody,
  bulkDecisionResultSchema,
  changeIdParams,
  changeResultSchema,
  rejectBody,
  reviewQuery,
  reviewSchema,
} from '../../../contract/review.contract.js';
import { isClearChange } from '../../../core/approval/approval.js';
import { isChangeFailureCode } from '../../../core/sync/failure.js';
import { bulkDecide } from '../../use-cases/sync/bulk-decide.js';
import { approveChange, rejectChange } from '../../use-cases/sync/decide.js';
import { reviewOverview } from '../../use-cases/sync/review.js';
import { anyUser, currentUser } from '../plugins/auth.js';
import { unwrap } from '../problem.js';
import { routeGroup } from '../route.js';

import type { ChangeView, ReviewChangeView } from '../../../contract/review.contract.js';
import type { AppDeps } from '../../deps.js';
import type { ReviewChange, ReviewItem } from '../../use-cases/sync/review.js';
import type { RouteGroup } from '../route.js';
import type { ZodApp } from '../zod-app.js';

function changeView(change: ReviewChange): ChangeView {
  return {
    id: change.id,
    administrationId: change.administrationId,
    field: change.field,
    state: change.state,
    oldValue: change.oldValue,
    newValue: change.newValue,
    clear: isClearChange(change),
    rawValue: change.rawValue,
    portalValue: change.portalValue,
    invalidReason: change.invalidReason,
    history: [...change.history],
    sourceExternalId: change.sourceExternalId,
    detectedAt: change.detectedAt.toISOString(),
    lastError: change.lastError,
    lastFailure: change.lastFailure,
    lastErrorCode: isChangeFailureCode(change.lastErrorCode) ? change.lastErrorCode : null,
  };
}

const reviewChangeView = (item: ReviewItem): ReviewChangeView => ({
  ...changeView(item),
  crmName: item.crmName,
  crmLink: item.crmLink,
});

function registerDecisionRoutes(signedIn: RouteGroup, deps: AppDeps): void {
  signedIn.post('/api/review/changes/:id/approve', {
    summary: 'Approve a change, optionally with an edited value (a clear needs confirmClear)',
    params: changeIdParams,
    body: approveBody,
    response: { 200: changeResultSchema },
    handler: async (request) => ({
      change: changeView(unwrap(await approveChange(deps, currentUser(request), request.params.id, request.body))),
    }),
  });

  signedIn.post('/api/review/changes/:id/reject', {
    summary: 'Reject a change (its value is not proposed again)',
    params: changeIdParams,
    body: rejectBody,
    response: { 200: changeResultSchema },
    handler: async (request) => ({
      change: changeView(
        unwrap(await rejectChange(deps, currentUser(request), request.params.id, request.body.reason)),
      ),
    }),
  });
}

export function registerReviewRoutes(app: ZodApp, deps: AppDeps): void {
  const signedIn = routeGroup(app, { tags: ['review'], access: anyUser });
  signedIn.get('/api/review', {
    summary: 'A page of held changes (filtered) grouped by administration, and CRM records that disappeared',
    querystring: reviewQuery,
    response: { 200: reviewSchema },
    handler: async (request) => {
      const { groups, page, matching, alerts, writeMode } = await reviewOverview(
        deps,
        currentUser(request),
        request.query,
      );
      return {
        groups: groups.map((group) => ({ ...group, changes: group.changes.map(reviewChangeView) })),
        page,
        matching,
        alerts,
        writeMode,
      };
    },
  });

  registerDecisionRoutes(signedIn, deps);

  for (const decision of ['approve', 'reject'] as const) {
    signedIn.post(`/api/review/${decision}`, {
      summary: `${decision === 'approve' ? 'Approve' : 'Reject'} a selection: ids, one administration, or a filter (clears only when included)`,
      body: bulkDecisionBody,
      response: { 200: bulkDecisionResultSchema },
      handler: async (request) => unwrap(await bulkDecide(deps, currentUser(request), decision, request.body)),
    });
  }
}
