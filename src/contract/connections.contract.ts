/** The HTTP contract of Settings → CRMHub: CRM systems, the CRM and portal connections, approval policy, health. */
import { z } from 'zod';

import { incrementalModes } from '../core/connector.js';
import { writeModes } from '../core/sync/write-mode.js';
import { runFailureSchema } from './run-failure.contract.js';
import { approvalPolicies } from './sync.contract.js';

export const connectionStatuses = ['active', 'needs_reconnect', 'disconnected'] as const;
export type ConnectionStatus = (typeof connectionStatuses)[number];
export const connectionStatusSchema = z.enum(connectionStatuses);

export const crmSystemSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  availability: z
    .enum(['available', 'on_request', 'intake'])
    .describe('intake: via the push API or a file import (an intake source, docs/intake.md)'),
  docs: z.string(),
});
export type CrmSystemView = z.infer<typeof crmSystemSchema>;
export const crmSystemsSchema = z.object({ systems: z.array(crmSystemSchema) });

export const connectionSchema = z.object({
  id: z.uuid(),
  system: z.string(),
  status: connectionStatusSchema,
  baseUrl: z.string().nullable(),
  pollIntervalSeconds: z.number().int(),
  lastSuccessAt: z.iso.datetime().nullable(),
  nextRunAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
  lastFailure: runFailureSchema.nullable(),
  lastErrorAt: z.iso.datetime().nullable(),
  webhookUrl: z.string().nullable(),
  hasWebhookSecret: z.boolean(),
});
export type ConnectionView = z.infer<typeof connectionSchema>;
export const connectionsSchema = z.object({ crm: connectionSchema.nullable(), portal: connectionSchema.nullable() });

export const crmConnectionBody = z.strictObject({
  system: z.string().min(1),
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be the environment URL, e.g. https://kantoor.simplicate.nl' }),
  apiKey: z.string().trim().min(1, 'enter the API key').max(200),
  apiSecret: z.string().trim().min(1, 'enter the API secret').max(200),
  webhookSecret: z.string().trim().min(1).max(200).optional(),
  pollIntervalSeconds: z.number().int().min(30).max(86_400).optional(),
});
export type CrmConnectionInput = z.input<typeof crmConnectionBody>;

/** Changing the connection: a key or secret left out keeps the stored one (change only the interval or the URL). */
export const crmConnectionChangeBody = crmConnectionBody.extend({
  apiKey: crmConnectionBody.shape.apiKey.optional(),
  apiSecret: crmConnectionBody.shape.apiSecret.optional(),
});
export type CrmConnectionChangeInput = z.input<typeof crmConnectionChangeBody>;

export const portalConnectionBody = z.strictObject({
  accessKey: z.string().trim().min(1, 'enter the web service access key').max(200),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type PortalConnectionInput = z.input<typeof portalConnectionBody>;

export const portalImportSchema = z.object({ domains: z.number().int(), administrations: z.number().int() });
export type PortalImportView = z.infer<typeof portalImportSchema>;

/** The approval policy, both as the body that sets it and as the answer. */
export const approvalPolicySchema = z.strictObject({ policy: z.enum(approvalPolicies) });

export const credentialStates = ['ok', 'needs_reconnect', 'disconnected'] as const;
export const healthSchema = z.object({
  connections: z.array(
    z.object({
      role: z.string(),
      system: z.string(),
      status: z.string(),
      lastSuccessAt: z.iso.datetime().nullable(),
      nextRunAt: z.iso.datetime().nullable(),
      lastErrors: z.array(z.object({ at: z.iso.datetime(), message: z.string(), failure: runFailureSchema })),
      credentialState: z.enum(credentialStates),
      /** CRM only: how incremental sync runs (checked at connect); null when not checked or not a CRM. */
      incrementalSync: z.enum(incrementalModes).nullable(),
      quota: z.array(
        z.object({
          domainId: z.string(),
          domainName: z.string(),
          used: z.number(),
          limit: z.number(),
          remaining: z.number(),
          /** Background (caller-ID) calls today, and the share they may use (5% of the limit). */
          backgroundUsed: z.number(),
          backgroundLimit: z.number(),
          /** Today's quota is used up (low-priority work stops; docs/errors.md#portal_quota_exhausted). */
          exhausted: z.boolean().optional(),
          /** Approved changes of the domain that wait for tomorrow's quota. */
          waitingForQuota: z.number().int().optional(),
        }),
      ),
      /** Portal target only: how approved changes reach Yuki, and the assisted mode's open tasks. */
      writeMode: z.enum(writeModes).optional(),
      yukiTasks: z.object({ open: z.number(), mismatch: z.number() }).optional(),
    }),
  ),
});
export type HealthView = z.infer<typeof healthSchema>;
export type ConnectionHealthView = HealthView['connections'][number];
