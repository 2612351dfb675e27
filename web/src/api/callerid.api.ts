// Client for caller ID: the live pop-up payload, call logs, AccountView connect, assignments, extensions, phone systems.
import {
  callsSchema,
  popupSchema,
  screenPopAddressesSchema,
  screenPopSchema,
} from '../../../src/contract/callerid-calls.contract.js';
import {
  pbxCredentialsSchema,
  pbxIntegrationSchema,
  pbxIntegrationsSchema,
} from '../../../src/contract/callerid-pbx.contract.js';
import {
  accountViewConnectSchema,
  accountViewStatusSchema,
  callerIdHealthSchema,
  callerIdSourcesSchema,
  userPhonesSchema,
} from '../../../src/contract/callerid.contract.js';
import { send, sendJson } from '../api.js';
import { queryString } from './schemas.js';

import type { CallView, PopupView, ScreenPopView } from '../../../src/contract/callerid-calls.contract.js';
import type { PbxCredentialsView, PbxIntegrationView } from '../../../src/contract/callerid-pbx.contract.js';
import type {
  AccountViewConnectInput,
  AccountViewStatusView,
  CallerIdHealthView,
  CallerIdSourceView,
} from '../../../src/contract/callerid.contract.js';

export { popupSchema };
export type Popup = PopupView;
export type PopupCompany = Popup['companies'][number];
export type PopupRecord = PopupCompany['records'][number];

/** The pop-up in an SSE `call` event, or null when it is not the agreed shape. */
export function parsePopup(data: string): Popup | null {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = popupSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export type CallLogEntry = CallView;

/** The user's own calls, or (portal administrators) the whole portal's. */
export async function getCalls(scope: 'mine' | 'portal', before?: string): Promise<CallLogEntry[]> {
  const path = scope === 'mine' ? '/api/callerid/calls/mine' : '/api/callerid/calls';
  const result = await sendJson(callsSchema, 'GET', `${path}${queryString({ before })}`);
  return result.calls;
}

export type ScreenPop = ScreenPopView;

/** A number's matches in the user's sources, for the screen-pop page (/pop?number=…). */
export async function getScreenPop(number: string): Promise<ScreenPop> {
  return sendJson(screenPopSchema, 'GET', `/api/callerid/screen-pop${queryString({ number })}`);
}

/** The screen-pop addresses to configure in Teams and CTI clients (crmhub's public address). */
export async function getScreenPopAddresses(): Promise<{ teams: string; template: string }> {
  return sendJson(screenPopAddressesSchema, 'GET', '/api/callerid/screen-pop/addresses');
}

export type AccountViewStatus = AccountViewStatusView;

export async function getAccountView(): Promise<AccountViewStatus> {
  return sendJson(accountViewStatusSchema, 'GET', '/api/callerid/accountview');
}

const accountViewAddresses = ['environmentUrl', 'authorizeUrl', 'tokenUrl', 'issuer'];

/** Checks the fields and returns the AccountView consent page the browser is sent to. */
export async function connectAccountView(input: AccountViewConnectInput): Promise<{ authorizationUrl: string }> {
  // Addresses are trimmed, and left out when empty so the server applies its defaults (AccountView.net itself).
  const body = Object.fromEntries(
    Object.entries(input)
      .map(([name, value]): [string, string] => [
        name,
        accountViewAddresses.includes(name) ? (value ?? '').trim() : (value ?? ''),
      ])
      .filter(([name, value]) => value !== '' || !accountViewAddresses.includes(name)),
  );
  return sendJson(accountViewConnectSchema, 'POST', '/api/callerid/accountview/connect', body);
}

export async function disconnectAccountView(): Promise<void> {
  await send('DELETE', '/api/callerid/accountview');
}

export type CallerIdSource = CallerIdSourceView;

export async function getSources(): Promise<CallerIdSource[]> {
  return (await sendJson(callerIdSourcesSchema, 'GET', '/api/callerid/sources')).sources;
}

export async function setAssignees(connectionId: string, userIds: string[]): Promise<void> {
  await send('PUT', `/api/callerid/sources/${encodeURIComponent(connectionId)}/assignees`, { userIds });
}

export async function getUserPhones(userId: string): Promise<string[]> {
  const result = await sendJson(userPhonesSchema, 'GET', `/api/callerid/users/${encodeURIComponent(userId)}/phones`);
  return result.phones.map((phone) => phone.raw);
}

export async function setUserPhones(userId: string, phones: string[]): Promise<void> {
  await send('PUT', `/api/callerid/users/${encodeURIComponent(userId)}/phones`, { phones });
}

export type PhoneSystem = PbxIntegrationView;
export type PhoneSystemCredentials = PbxCredentialsView;

export async function getPhoneSystems(): Promise<PhoneSystem[]> {
  return (await sendJson(pbxIntegrationsSchema, 'GET', '/api/callerid/pbx-integrations')).integrations;
}

export async function addPhoneSystem(name: string): Promise<PhoneSystemCredentials> {
  return sendJson(pbxCredentialsSchema, 'POST', '/api/callerid/pbx-integrations', { name });
}

export async function rotatePhoneSystem(id: string): Promise<PhoneSystemCredentials> {
  return sendJson(pbxCredentialsSchema, 'POST', `/api/callerid/pbx-integrations/${encodeURIComponent(id)}/rotate`);
}

/** The addresses a phone system's Voys notifications may come from (empty: any). */
export async function setPhoneSystemSenders(id: string, allowedSenders: string[]): Promise<PhoneSystem> {
  const path = `/api/callerid/pbx-integrations/${encodeURIComponent(id)}/allowed-senders`;
  return sendJson(pbxIntegrationSchema, 'PUT', path, { allowedSenders });
}

export async function removePhoneSystem(id: string): Promise<void> {
  await send('DELETE', `/api/callerid/pbx-integrations/${encodeURIComponent(id)}`);
}

export type CallerIdHealth = CallerIdHealthView;

/** Per caller-ID source its state and phone index, and each phone system's last call. */
export async function getCallerIdHealth(): Promise<CallerIdHealth> {
  return sendJson(callerIdHealthSchema, 'GET', '/api/callerid/health');
}
