/** The review queue: held changes grouped by administration; approve, reject, edit-then-approve, bulk approve. */
import {
  approveBody,
  bulkApproveBody,
  bulkApproveResultSchema,
  changeIdParams,
  changeResultSchema,
  rejectBody,
  reviewSchema,
} from '../../../contract/review.contract.js';
import { isChangeFailureCode } from '../../../core/sync/failure.js';
import { approveChange, bulkApprove, rejectChange } from '../../use-cases/sync/decide.js';
import { reviewOverview } from '../../use-cases/sync/review.js';
import { anyUser, currentUser } from '../plugins/auth.js';
import { unwrap } from '../problem.js';
import { route } from '../route.js';

import type { ChangeView } from '../../../contract/review.contract.js';
import type { AppDeps } from '../../deps.js';
import type { ReviewChange } from '../../use-cases/sync/review.js';
import type { ZodApp } from '../zod-app.js';

function changeView(change: ReviewChange): ChangeView {
  return {
    id: change.id,
    administrationId: change.administrationId,
    field: change.field,
    state: change.state,
    oldValue: change.oldValue,
    newValue: change.newValue,
    rawValue: change.rawValue,
    portalValue: change.portalValue,
    invalidReason: change.invalidReason,
    history: [...change.history],
    sourceExternalId: change.sourceExternalId,
    detectedAt: change.detectedAt.toISOString(),
    lastError: change.lastError,
    lastErrorCode: isChangeFailureCode(change.lastErrorCode) ? change.lastErrorCode : null,
  };
}

export function registerReviewRoutes(app: ZodApp, deps: AppDeps): void {
  route(
    app,
    'GET',
    '/api/review',
    anyUser,
    {
      tags: ['review'],
      summary: 'Held changes grouped by administration, and CRM records that disappeared',
      response: { 200: reviewSchema },
    },
    async (request) => {
      const { groups, alerts, writeMode } = await reviewOverview(deps, currentUser(request));
      return {
        groups: groups.map((group) => ({ ...group, changes: group.changes.map(changeView) })),
        alerts,
        writeMode,
      };
    },
  );

  route(
    app,
    'POST',
    '/api/review/changes/:id/approve',
    anyUser,
    {
      tags: ['review'],
      summary: 'Approve a change, optionally with an edited value',
      params: changeIdParams,
      body: approveBody,
      response: { 200: changeResultSchema },
    },
    async (request) => ({
      change: changeView(unwrap(await approveChange(deps, currentUser(request), request.params.id, request.body))),
    }),
  );

  route(
    app,
    'POST',
    '/api/review/changes/:id/reject',
    anyUser,
    {
      tags: ['review'],
      summary: 'Reject a change (its value is not proposed again)',
      params: changeIdParams,
      body: rejectBody,
      response: { 200: changeResultSchema },
    },
    async (request) => ({
      change: changeView(
        unwrap(await rejectChange(deps, currentUser(request), request.params.id, request.body.reason)),
      ),
    }),
  );

  route(
    app,
    'POST',
    '/api/review/approve',
    anyUser,
    {
      tags: ['review'],
      summary: 'Approve all open changes of an administration, or a selection',
      body: bulkApproveBody,
      response: { 200: bulkApproveResultSchema },
    },
    async (request) => bulkApprove(deps, currentUser(request), request.body),
  );
}
