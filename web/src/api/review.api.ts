// Client for the review queue: held changes by administration, source alerts, and decisions one by one or in bulk.
import { bulkApproveResultSchema, reviewSchema } from '../../../src/contract/review.contract.js';
import { send, sendJson } from '../api.js';

import type {
  ApproveInput,
  BulkApproveInput,
  BulkApproveResult,
  ChangeView,
  RejectInput,
  ReviewView,
  SourceAlertView,
} from '../../../src/contract/review.contract.js';

export type Review = ReviewView;
export type ReviewGroup = Review['groups'][number];
export type Change = ChangeView;
export type SourceAlert = SourceAlertView;
export type BulkResult = BulkApproveResult;

const changePath = (id: string, action: 'approve' | 'reject'): string =>
  `/api/review/changes/${encodeURIComponent(id)}/${action}`;

export async function getReview(): Promise<Review> {
  return sendJson(reviewSchema, 'GET', '/api/review');
}

/** Approves one change; `value` set means edit-then-approve (an invalid value is refused with `value_invalid`). */
export async function approveChange(id: string, input: ApproveInput): Promise<void> {
  await send('POST', changePath(id, 'approve'), input);
}

export async function rejectChange(id: string, input: RejectInput): Promise<void> {
  await send('POST', changePath(id, 'reject'), input);
}

export async function approveMany(input: BulkApproveInput): Promise<BulkResult> {
  return sendJson(bulkApproveResultSchema, 'POST', '/api/review/approve', input);
}
