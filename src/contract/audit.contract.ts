/** The HTTP contract of the audit trail: its actions, the filters, and a page of entries. */
import { z } from 'zod';

import { writeModes } from '../core/sync/write-mode.js';

export const auditActions = [
  'change_detected',
  'change_held',
  'change_auto_approved',
  'change_approved',
  'change_rejected',
  'change_applied',
  'change_conflicted',
  'change_failed',
  'change_withdrawn',
  'change_retry_scheduled',
  'source_deleted',
  'source_merged',
  'policy_changed',
  'crm_connected',
  'crm_changed',
  'crm_disconnected',
  'portal_connected',
  'portal_disconnected',
  'administration_linked',
  'administration_unlinked',
  'user_domains_changed',
  'user_deactivated',
  'user_reactivated',
  'user_role_changed',
  'user_deleted',
  'user_password_reset',
  'sso_settings_changed',
  'yuki_task_created',
  'yuki_task_verified',
  'yuki_task_done',
  'yuki_task_mismatch',
  'write_mode_changed',
  'intake_source_added',
  'intake_credentials_rotated',
  'intake_source_removed',
  'intake_batch_received',
] as const;
export type AuditAction = (typeof auditActions)[number];

/**
 * Why crmhub itself did something, as a stable code the UI and the CSV export word (parameters in `reasonParams`);
 * `reason` is only ever the free text a person typed with a decision.
 */
export const auditReasonCodes = [
  /** Held: the approval policy or the administration's manual mode wants a person. */
  'held_by_policy',
  /** Held: the CRM value fails validation; `invalidReason`. */
  'held_invalid',
  /** Held: the value disappeared from the CRM; approving empties the field in Yuki (product decision 2). */
  'held_clear',
  'auto_approved_by_policy',
  /** Withdrawn: the CRM went back to the synchronised value. */
  'crm_reverted',
  /** Withdrawn by the upgrade that made clears safe: an old proposal to empty a field the CRM never held. */
  'clear_withdrawn_by_upgrade',
  /** Linked to a CRM organisation; `crmName`, `mode`. */
  'linked',
  /** The CRM organisation was deleted or merged in the CRM; `crmExternalId`. Nothing changed in the portal. */
  'source_deleted',
  /** Writing failed for good; `errorCode`, `message` (the system's own words). */
  'write_failed',
  /** Writing failed and is tried again; `errorCode`, `message`, `nextAttemptAt`. */
  'retry_scheduled',
  /** Found already applied in the portal (written before the worker could record it). */
  'portal_already_had_value',
  /** The portal value changed since detection; `portalValue`. */
  'portal_value_changed',
] as const;
export type AuditReasonCode = (typeof auditReasonCodes)[number];
export type AuditReasonParams = Readonly<Record<string, string | null>>;

export const auditFilterQuery = z.object({
  administrationId: z.uuid().optional(),
  field: z.string().max(50).optional(),
  action: z.enum(auditActions).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.string().regex(/^\d+$/, 'must be an audit entry id').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type AuditFilterQuery = z.infer<typeof auditFilterQuery>;
/** The export's filters, and the language of its headers and words (default: the browser's, else Dutch). */
export const auditExportQuery = auditFilterQuery.extend({ lang: z.enum(['nl', 'en']).optional() });

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  action: z.string(),
  actorEmail: z.string().nullable(),
  administrationId: z.string().nullable(),
  administrationName: z.string().nullable(),
  changeId: z.string().nullable(),
  field: z.string().nullable(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  /** What the person typed with their decision (never text from crmhub itself). */
  reason: z.string().nullable(),
  /** Why crmhub did it, as a code the UI words, with its parameters. */
  reasonCode: z.string().nullable(),
  reasonParams: z.record(z.string(), z.string().nullable()),
  /** How the change reached Yuki, on entries about applying one (null otherwise). */
  writeMode: z.enum(writeModes).nullable(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), nextBefore: z.string().nullable() });
export type AuditPage = z.infer<typeof auditPageSchema>;
