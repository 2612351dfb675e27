// Client for the review queue: held changes by administration, source alerts, and decisions one by one or in bulk.
import { z } from 'zod/mini';

import { send, sendJson } from '../api.js';
import { idSchema, maybeText } from './schemas.js';

const changeSchema = z.object({
  id: idSchema,
  field: z.string(),
  state: z.string(),
  oldValue: maybeText,
  newValue: maybeText,
  rawValue: maybeText,
  portalValue: maybeText,
  invalidReason: maybeText,
  history: z.array(z.object({ value: maybeText, raw: maybeText, at: z.string() })),
  sourceExternalId: maybeText,
  detectedAt: z.string(),
  lastError: maybeText,
});
const reviewSchema = z.object({
  groups: z.array(
    z.object({
      administrationId: idSchema,
      administrationName: z.string(),
      domainName: z.string(),
      changes: z.array(changeSchema),
    }),
  ),
  alerts: z.array(
    z.object({
      administrationId: idSchema,
      administrationName: z.string(),
      sourceStatus: z.string(),
      crmExternalId: maybeText,
    }),
  ),
});
const bulkSchema = z.object({
  approved: z.number(),
  skipped: z.array(z.object({ id: idSchema, reason: z.string() })),
});

export type Review = z.infer<typeof reviewSchema>;
export type ReviewGroup = Review['groups'][number];
export type Change = z.infer<typeof changeSchema>;
export type SourceAlert = Review['alerts'][number];
export type BulkResult = z.infer<typeof bulkSchema>;

const changePath = (id: string, action: 'approve' | 'reject'): string =>
  `/api/review/changes/${encodeURIComponent(id)}/${action}`;

export async function getReview(): Promise<Review> {
  return sendJson(reviewSchema, 'GET', '/api/review');
}

/** Approves one change; `value` set means edit-then-approve (an invalid value is refused with `value_invalid`). */
export async function approveChange(id: string, input: { value?: string; reason?: string }): Promise<void> {
  await send('POST', changePath(id, 'approve'), input);
}

export async function rejectChange(id: string, input: { reason?: string }): Promise<void> {
  await send('POST', changePath(id, 'reject'), input);
}

export async function approveMany(input: {
  administrationId?: string;
  changeIds?: string[];
  reason?: string;
}): Promise<BulkResult> {
  return sendJson(bulkSchema, 'POST', '/api/review/approve', input);
}
