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
  reason: z.string().nullable(),
  /** How the change reached Yuki, on entries about applying one (null otherwise). */
  writeMode: z.enum(writeModes).nullable(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), nextBefore: z.string().nullable() });
export type AuditPage = z.infer<typeof auditPageSchema>;
