/** The HTTP contract of inbound CRM webhooks: shared by the route (and so the OpenAPI document). */
import { z } from 'zod';

export const crmWebhookParams = z.object({ connectionId: z.uuid() });
export type CrmWebhookParams = z.infer<typeof crmWebhookParams>;

/** 202: the hint was taken; the record is re-read by id in a job. */
export const crmWebhookAccepted = z.object({ queued: z.boolean() });
export type CrmWebhookAccepted = z.infer<typeof crmWebhookAccepted>;
