// Client for Settings → CRMHub: CRM systems, the CRM and portal connections, approval policy and health.
import { z } from 'zod/mini';

import { send, sendJson } from '../api.js';
import { idSchema, maybeText, textOrNull } from './schemas.js';

const systemSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  availability: z.enum(['available', 'on_request']),
  docs: z.optional(z.nullable(z.string())),
});
const connectionSchema = z.object({
  id: idSchema,
  system: z.string(),
  status: z.string(),
  baseUrl: textOrNull,
  pollIntervalSeconds: z.optional(z.nullable(z.number())),
  lastSuccessAt: maybeText,
  nextRunAt: maybeText,
  lastError: maybeText,
  lastErrorAt: maybeText,
  webhookUrl: maybeText,
  hasWebhookSecret: z.optional(z.boolean()),
});
export const approvalPolicies = ['all', 'legal_vat', 'none'] as const;
const policySchema = z.object({ policy: z.enum(approvalPolicies) });
const healthSchema = z.object({
  connections: z.array(
    z.object({
      role: z.string(),
      system: z.string(),
      status: z.string(),
      lastSuccessAt: maybeText,
      nextRunAt: maybeText,
      lastErrors: z.array(z.object({ at: z.string(), message: z.string() })),
      credentialState: z.string(),
      quota: z.array(
        z.object({
          domainId: idSchema,
          domainName: z.string(),
          used: z.number(),
          limit: z.number(),
          remaining: z.number(),
        }),
      ),
    }),
  ),
});

export type CrmSystem = z.infer<typeof systemSchema>;
export type Connection = z.infer<typeof connectionSchema>;
export type ApprovalPolicy = (typeof approvalPolicies)[number];
export type Health = z.infer<typeof healthSchema>;
export type HealthConnection = Health['connections'][number];

export type CrmConnectionInput = {
  system: string;
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  webhookSecret?: string;
  pollIntervalSeconds?: number;
};
export type PortalConnectionInput = { accessKey: string; platformToken: string; portalId: string; baseUrl?: string };

export async function getCrmSystems(): Promise<CrmSystem[]> {
  return (await sendJson(z.object({ systems: z.array(systemSchema) }), 'GET', '/api/crm/systems')).systems;
}

export async function getConnections(): Promise<{ crm: Connection | null; portal: Connection | null }> {
  return sendJson(
    z.object({ crm: z.nullable(connectionSchema), portal: z.nullable(connectionSchema) }),
    'GET',
    '/api/connections',
  );
}

/** Connects the CRM (`change` = replace the existing connection); the server checks the credentials first. */
export async function saveCrmConnection(input: CrmConnectionInput, change: boolean): Promise<Connection> {
  return sendJson(connectionSchema, change ? 'PUT' : 'POST', '/api/connections/crm', input);
}

export async function disconnectCrm(): Promise<void> {
  await send('DELETE', '/api/connections/crm');
}

export async function syncCrmNow(): Promise<void> {
  await send('POST', '/api/connections/crm/sync');
}

export async function connectPortal(input: PortalConnectionInput): Promise<Connection> {
  return sendJson(connectionSchema, 'POST', '/api/connections/portal', input);
}

export async function importPortal(): Promise<{ domains: number; administrations: number }> {
  return sendJson(
    z.object({ domains: z.number(), administrations: z.number() }),
    'POST',
    '/api/connections/portal/import',
  );
}

export async function disconnectPortal(): Promise<void> {
  await send('DELETE', '/api/connections/portal');
}

export async function getApprovalPolicy(): Promise<ApprovalPolicy> {
  return (await sendJson(policySchema, 'GET', '/api/settings/approval-policy')).policy;
}

export async function saveApprovalPolicy(policy: ApprovalPolicy): Promise<ApprovalPolicy> {
  return (await sendJson(policySchema, 'PUT', '/api/settings/approval-policy', { policy })).policy;
}

export async function getHealth(): Promise<Health> {
  return sendJson(healthSchema, 'GET', '/api/health');
}
