// Client for the portal's Yuki Platform API grant through Visma Connect: status, connect, end.
import { vismaConnectConnectSchema, vismaConnectStatusSchema } from '../../../src/contract/visma-connect.contract.js';
import { send, sendJson } from '../api.js';

import type { VismaConnectConnectInput, VismaConnectStatusView } from '../../../src/contract/visma-connect.contract.js';

export type VismaConnectStatus = VismaConnectStatusView;

export async function getVismaConnect(): Promise<VismaConnectStatus> {
  return sendJson(vismaConnectStatusSchema, 'GET', '/api/connections/portal/visma-connect');
}

/** Checks the fields and returns the Visma Connect page the browser is sent to; empty optional fields are left out. */
export async function connectVismaConnect(input: VismaConnectConnectInput): Promise<{ authorizationUrl: string }> {
  const body = Object.fromEntries(Object.entries(input).filter(([, value]) => (value ?? '').trim() !== ''));
  return sendJson(vismaConnectConnectSchema, 'POST', '/api/connections/portal/visma-connect', body);
}

export async function disconnectVismaConnect(): Promise<void> {
  await send('DELETE', '/api/connections/portal/visma-connect');
}
