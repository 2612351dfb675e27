/** The HTTP contract of the Yuki write mode and the assisted mode's "apply in Yuki" tasks (docs/external-systems/yuki.md#write-modes). */
import { z } from 'zod';

import { syncFields } from '../core/sync/fields.js';
import { writeModes } from '../core/sync/write-mode.js';

export { writeModes };
export type { WriteMode } from '../core/sync/write-mode.js';

/** The write mode, both as the body that sets it and as the answer. */
export const writeModeSchema = z.strictObject({ mode: z.enum(writeModes) });

/** Message codes a task may carry (docs/errors.md#messages-on-apply-in-yuki-tasks). */
export const yukiTaskMessages = ['yuki_task_mismatch', 'yuki_task_unverifiable'] as const;

export const yukiTaskSchema = z.object({
  id: z.string(),
  changeId: z.string(),
  field: z.enum(syncFields),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  /** True when crmhub checks the field in Yuki itself (SOAP Administrations returns it); false: a person marks it done. */
  verifiable: z.boolean(),
  state: z.enum(['open', 'mismatch']),
  /** What Yuki showed on the last poll when it was neither the old nor the new value. */
  portalValue: z.string().nullable(),
  message: z.enum(yukiTaskMessages).nullable(),
  createdAt: z.iso.datetime(),
});
export type YukiTaskView = z.infer<typeof yukiTaskSchema>;

export const yukiTaskGroupSchema = z.object({
  administrationId: z.string(),
  administrationName: z.string(),
  domainName: z.string(),
  /** The domain's address as SOAP `Domains` gives it (documented); Yuki documents no link to one administration. */
  yukiUrl: z.string().nullable(),
  tasks: z.array(yukiTaskSchema),
});
export type YukiTaskGroup = z.infer<typeof yukiTaskGroupSchema>;

export const yukiTaskListSchema = z.object({ mode: z.enum(writeModes), groups: z.array(yukiTaskGroupSchema) });
export type YukiTaskList = z.infer<typeof yukiTaskListSchema>;

export const yukiTaskIdParams = z.object({ id: z.uuid() });
