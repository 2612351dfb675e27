/** The HTTP contract of the review queue: held changes by administration, source alerts, and the decisions. */
import { z } from 'zod';

import { changeFailureCodes } from '../core/sync/failure.js';
import { writeModes } from '../core/sync/write-mode.js';

export const changeSchema = z.object({
  id: z.uuid(),
  administrationId: z.uuid(),
  field: z.string(),
  state: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  rawValue: z.string().nullable(),
  portalValue: z.string().nullable(),
  invalidReason: z.string().nullable(),
  history: z.array(z.object({ value: z.string().nullable(), raw: z.string().nullable(), at: z.string() })),
  sourceExternalId: z.string(),
  detectedAt: z.iso.datetime(),
  lastError: z.string().nullable(),
  /** What to do about the last failure, worded by the UI (docs/errors.md#change-failures); null: nothing specific. */
  lastErrorCode: z.enum(changeFailureCodes).nullable(),
});
export type ChangeView = z.infer<typeof changeSchema>;

export const reviewGroupSchema = z.object({
  administrationId: z.uuid(),
  administrationName: z.string(),
  domainName: z.string(),
  changes: z.array(changeSchema),
});
export const sourceAlertSchema = z.object({
  administrationId: z.uuid(),
  administrationName: z.string(),
  sourceStatus: z.string(),
  crmExternalId: z.string(),
});
export type SourceAlertView = z.infer<typeof sourceAlertSchema>;
export const reviewSchema = z.object({
  groups: z.array(reviewGroupSchema),
  alerts: z.array(sourceAlertSchema),
  /** How an approval reaches Yuki: as an "apply in Yuki" task (assisted) or written at once (automatic). */
  writeMode: z.enum(writeModes).optional(),
});
export type ReviewView = z.infer<typeof reviewSchema>;

export const changeIdParams = z.object({ id: z.uuid() });
const reasonSchema = z.string().trim().max(500).optional();
export const approveBody = z.strictObject({ value: z.string().max(500).nullable().optional(), reason: reasonSchema });
export type ApproveInput = z.input<typeof approveBody>;
export const rejectBody = z.strictObject({ reason: reasonSchema });
export type RejectInput = z.input<typeof rejectBody>;
export const changeResultSchema = z.object({ change: changeSchema });

export const bulkApproveBody = z
  .strictObject({
    administrationId: z.uuid().optional(),
    changeIds: z.array(z.uuid()).min(1).max(1000).optional(),
    reason: reasonSchema,
  })
  .refine((body) => body.administrationId !== undefined || body.changeIds !== undefined, {
    message: 'give administrationId or changeIds',
    path: ['changeIds'],
  });
export type BulkApproveInput = z.input<typeof bulkApproveBody>;
export const bulkApproveResultSchema = z.object({
  approved: z.number().int(),
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
});
export type BulkApproveResult = z.infer<typeof bulkApproveResultSchema>;
