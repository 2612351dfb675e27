// Client for the review queue: a filtered page of held changes by administration, source alerts, and decisions.
import { bulkDecisionResultSchema, reviewSchema } from '../../../src/contract/review.contract.js';
import { send, sendJson } from '../api.js';
import { queryString } from './schemas.js';

import type {
  ApproveInput,
  BulkDecisionInput,
  BulkDecisionResult,
  RejectInput,
  ReviewChangeView,
  ReviewQuery,
  ReviewView,
  SourceAlertView,
} from '../../../src/contract/review.contract.js';

export type Review = ReviewView;
export type ReviewGroup = Review['groups'][number];
export type Change = ReviewChangeView;
export type SourceAlert = SourceAlertView;
export type BulkResult = BulkDecisionResult;
export type BulkInput = BulkDecisionInput;

const changePath = (id: string, action: 'approve' | 'reject'): string =>
  `/api/review/changes/${encodeURIComponent(id)}/${action}`;

export async function getReview(query: ReviewQuery = {}): Promise<Review> {
  return sendJson(reviewSchema, 'GET', `/api/review${queryString(query)}`);
}

/**
 * Approves one change; `value` set means edit-then-approve (an invalid value is refused with `value_invalid`); a
 * clear is refused with `clear_not_confirmed` unless `confirmClear` is true.
 */
export async function approveChange(id: string, input: ApproveInput): Promise<void> {
  await send('POST', changePath(id, 'approve'), input);
}

export async function rejectChange(id: string, input: RejectInput): Promise<void> {
  await send('POST', changePath(id, 'reject'), input);
}

/** Approves or rejects a selection; clears only when `includeClears` is set. */
export async function decideMany(decision: 'approve' | 'reject', input: BulkInput): Promise<BulkResult> {
  return sendJson(bulkDecisionResultSchema, 'POST', `/api/review/${decision}`, input);
}
