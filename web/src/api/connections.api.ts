// Client for Settings → CRMHub: CRM systems, the CRM and portal connections, approval policy and health.
import {
  approvalPolicySchema,
  connectionSchema,
  connectionsSchema,
  crmSystemsSchema,
  healthSchema,
  portalImportSchema,
} from '../../../src/contract/connections.contract.js';
import { approvalPolicies } from '../../../src/contract/sync.contract.js';
import { send, sendJson } from '../api.js';

import type {
  ConnectionHealthView,
  ConnectionView,
  CrmConnectionChangeInput,
  CrmConnectionInput,
  CrmSystemView,
  HealthView,
  PortalConnectionInput,
  PortalImportView,
} from '../../../src/contract/connections.contract.js';
import type { ApprovalPolicy } from '../../../src/contract/sync.contract.js';

export { approvalPolicies };
export type CrmSystem = CrmSystemView;
export type Connection = ConnectionView;
export type { ApprovalPolicy, CrmConnectionChangeInput, CrmConnectionInput, PortalConnectionInput };
export type Health = HealthView;
export type HealthConnection = ConnectionHealthView;

export async function getCrmSystems(): Promise<CrmSystem[]> {
  return (await sendJson(crmSystemsSchema, 'GET', '/api/crm/systems')).systems;
}

export async function getConnections(): Promise<{ crm: Connection | null; portal: Connection | null }> {
  return sendJson(connectionsSchema, 'GET', '/api/connections');
}

/**
 * Connects the CRM (`change` = change the existing connection, where a key or secret left out keeps the stored one);
 * the server checks the credentials first.
 */
export async function saveCrmConnection(input: CrmConnectionChangeInput, change: boolean): Promise<Connection> {
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

export async function importPortal(): Promise<PortalImportView> {
  return sendJson(portalImportSchema, 'POST', '/api/connections/portal/import');
}

export async function disconnectPortal(): Promise<void> {
  await send('DELETE', '/api/connections/portal');
}

export async function getApprovalPolicy(): Promise<ApprovalPolicy> {
  return (await sendJson(approvalPolicySchema, 'GET', '/api/settings/approval-policy')).policy;
}

export async function saveApprovalPolicy(policy: ApprovalPolicy): Promise<ApprovalPolicy> {
  return (await sendJson(approvalPolicySchema, 'PUT', '/api/settings/approval-policy', { policy })).policy;
}

export async function getHealth(): Promise<Health> {
  return sendJson(healthSchema, 'GET', '/api/health');
}
