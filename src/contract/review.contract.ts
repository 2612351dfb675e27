/** The HTTP contract of the review queue: a page of held changes by administration, filters, and the decisions. */
import { z } from 'zod';

import { changeFailureCodes } from '../core/sync/failure.js';
import { writeModes } from '../core/sync/write-mode.js';
import { runFailureSchema } from './run-failure.contract.js';
import { syncFields } from './sync.contract.js';

export const changeSchema = z.object({
  id: z.uuid(),
  administrationId: z.uuid(),
  field: z.string(),
  state: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  /** The change would empty the field in Yuki: it needs its own confirmation (`confirmClear`). */
  clear: z.boolean(),
  rawValue: z.string().nullable(),
  portalValue: z.string().nullable(),
  invalidReason: z.string().nullable(),
  history: z.array(z.object({ value: z.string().nullable(), raw: z.string().nullable(), at: z.string() })),
  sourceExternalId: z.string(),
  detectedAt: z.iso.datetime(),
  lastError: z.string().nullable(),
  lastFailure: runFailureSchema.nullable(),
  /** What to do about the last failure, worded by the UI (docs/errors.md#change-failures); null: nothing specific. */
  lastErrorCode: z.enum(changeFailureCodes).nullable(),
});
export type ChangeView = z.infer<typeof changeSchema>;

/** A change in the queue, with the names a person knows it by (not raw ids). */
export const reviewChangeSchema = changeSchema.extend({
  /** The CRM record's display name (from the last read), and its address in the CRM when the CRM gives one. */
  crmName: z.string().nullable(),
  crmLink: z.string().nullable(),
});
export type ReviewChangeView = z.infer<typeof reviewChangeSchema>;

export const reviewGroupSchema = z.object({
  administrationId: z.uuid(),
  administrationName: z.string(),
  domainName: z.string(),
  changes: z.array(reviewChangeSchema),
});
export const sourceAlertSchema = z.object({
  administrationId: z.uuid(),
  administrationName: z.string(),
  sourceStatus: z.string(),
  crmExternalId: z.string(),
  /** The CRM record's name from the last read (null: never read), so nobody has to recognise a raw id. */
  crmName: z.string().nullable(),
});
export type SourceAlertView = z.infer<typeof sourceAlertSchema>;

export const reviewStates = ['pending', 'conflict', 'failed'] as const;
/** Legal and VAT data (company name, KvK, VAT) or the other fields. */
export const reviewCategories = ['legal_vat', 'other'] as const;
/** A clear (would empty the field in Yuki) or a new value. */
export const reviewKinds = ['clear', 'update'] as const;

/** Which changes of the queue: every filter narrows (none given: the whole queue). */
export const reviewFilterSchema = z.strictObject({
  administrationId: z.uuid().optional(),
  field: z.enum(syncFields).optional(),
  state: z.enum(reviewStates).optional(),
  category: z.enum(reviewCategories).optional(),
  kind: z.enum(reviewKinds).optional(),
});
export type ReviewFilter = z.infer<typeof reviewFilterSchema>;

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  size: z.coerce.number().int().min(1).max(500).default(100),
});
export const reviewQuery = z.object({ ...reviewFilterSchema.shape, ...pageQuery.shape });
export type ReviewQuery = ReviewFilter & { page?: number; size?: number };

/** Where a page sits: its number and size, and how many items match in all. */
export const pageInfoSchema = z.object({ page: z.number().int(), size: z.number().int(), total: z.number().int() });
export type PageInfo = z.infer<typeof pageInfoSchema>;

export const reviewSchema = z.object({
  /** The changes of this page, by administration (in queue order). */
  groups: z.array(reviewGroupSchema),
  page: pageInfoSchema,
  /** Across every page of the filter (`page.total` changes): what a bulk decision by filter would cover. */
  matching: z.object({ administrations: z.number().int(), clears: z.number().int() }),
  alerts: z.array(sourceAlertSchema),
  /** How an approval reaches Yuki: as an "apply in Yuki" task (assisted) or written at once (automatic). */
  writeMode: z.enum(writeModes).optional(),
});
export type ReviewView = z.infer<typeof reviewSchema>;

export const changeIdParams = z.object({ id: z.uuid() });
const reasonSchema = z.string().trim().max(500).optional();
export const approveBody = z.strictObject({
  value: z.string().max(500).nullable().optional(),
  reason: reasonSchema,
  /** Required to approve a clear: the person confirms that the field is emptied in Yuki. */
  confirmClear: z.boolean().optional(),
});
export type ApproveInput = z.input<typeof approveBody>;
export const rejectBody = z.strictObject({ reason: reasonSchema });
export type RejectInput = z.input<typeof rejectBody>;
export const changeResultSchema = z.object({ change: changeSchema });

/**
 * A bulk decision's selection: some changes by id, every open change of one administration, or every change matching
 * a filter (with the count the person saw, so a queue that changed meanwhile is not decided blindly). Clears are left
 * out unless `includeClears` is true.
 */
export const bulkDecisionBody = z
  .strictObject({
    changeIds: z.array(z.uuid()).min(1).max(1000).optional(),
    administrationId: z.uuid().optional(),
    filter: reviewFilterSchema.optional(),
    expectedCount: z.number().int().min(0).optional(),
    includeClears: z.boolean().optional(),
    reason: reasonSchema,
  })
  .refine(
    (body) =>
      [body.changeIds, body.administrationId, body.filter].filter((selection) => selection !== undefined).length === 1,
    { message: 'give exactly one of changeIds, administrationId or filter', path: ['changeIds'] },
  )
  .refine((body) => body.filter === undefined || body.expectedCount !== undefined, {
    message: 'a filter selection needs the expected count',
    path: ['expectedCount'],
  });
export type BulkDecisionInput = z.input<typeof bulkDecisionBody>;

/** Why a selected change was not decided. */
export const bulkSkipReasons = ['clear_not_included', 'value_invalid', 'change_not_open'] as const;
export const bulkDecisionResultSchema = z.object({
  approved: z.number().int(),
  rejected: z.number().int(),
  /** Clears left out because `includeClears` was not set. */
  skippedClears: z.number().int(),
  /** Selected but not decided: invalid values (approve) or changes decided meanwhile. */
  failed: z.number().int(),
  /** Each with the administration's name and the field, so the UI names it (both null: the id matched no change). */
  skipped: z.array(
    z.object({
      id: z.string(),
      reason: z.enum(bulkSkipReasons),
      administrationName: z.string().nullable(),
      field: z.string().nullable(),
    }),
  ),
});
export type BulkDecisionResult = z.infer<typeof bulkDecisionResultSchema>;
