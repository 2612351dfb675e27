/** The HTTP contract of inbound CRM webhooks: shared by the route (and so the OpenAPI document). */
import { z } from 'zod';

export const crmWebhookParams = z.object({ connectionId: z.uuid() });
export type CrmWebhookParams = z.infer<typeof crmWebhookParams>;

/**
 * 202: the hint was taken; records are re-read by id, or an incremental read runs, in a job. `duplicate`: an identical
 * body arrived within 10 minutes and was counted then, so nothing was queued now.
 */
export const crmWebhookAccepted = z.object({ queued: z.boolean(), duplicate: z.boolean() });
export type CrmWebhookAccepted = z.infer<typeof crmWebhookAccepted>;
