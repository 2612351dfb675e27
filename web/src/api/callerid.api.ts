// Client for caller ID: the live pop-up payload, call logs, AccountView connect, assignments, extensions, phone systems.
import { z } from 'zod/mini';

import { send, sendJson } from '../api.js';
import { idSchema, maybeText, queryString } from './schemas.js';

const linkSchema = z.nullable(z.object({ url: z.string(), system: z.string() }));
const popupRecordSchema = z.object({
  system: z.string(),
  recordKind: z.string(),
  recordId: z.string(),
  name: z.string(),
  company: maybeText,
  matchedField: z.string(),
  matchedNumber: z.string(),
  personal: z.boolean(),
  matchKind: z.string(),
  kvk: maybeText,
  relationNumber: maybeText,
  link: z.optional(linkSchema),
});
const popupCompanySchema = z.object({
  name: maybeText,
  kvk: maybeText,
  relationNumber: maybeText,
  records: z.array(popupRecordSchema),
  administrations: z.array(
    z.object({
      administrationId: idSchema,
      name: z.string(),
      domain: z.string(),
      pendingApprovals: z.number(),
      pendingFields: z.array(z.string()),
    }),
  ),
});
export const popupSchema = z.object({
  callId: z.string(),
  state: z.enum(['ringing', 'answered', 'ended']),
  direction: z.enum(['in', 'out']),
  extension: maybeText,
  startedAt: z.string(),
  answeredAt: maybeText,
  endedAt: maybeText,
  number: z.object({ raw: z.string(), e164: maybeText, display: z.string(), kind: z.string() }),
  result: z.string(),
  ambiguous: z.boolean(),
  companies: z.array(popupCompanySchema),
});
export type Popup = z.infer<typeof popupSchema>;
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

const callSchema = z.object({
  id: z.string(),
  callId: z.string(),
  direction: z.enum(['in', 'out']),
  state: z.enum(['ringing', 'answered', 'ended']),
  number: z.string(),
  numberE164: maybeText,
  extension: maybeText,
  result: z.string(),
  ambiguous: z.boolean(),
  matchCount: z.number(),
  bestName: maybeText,
  bestCompany: maybeText,
  bestSource: maybeText,
  startedAt: z.string(),
  answeredAt: maybeText,
  endedAt: maybeText,
  recipients: z.array(z.object({ userId: z.string(), name: z.string() })),
});
export type CallLogEntry = z.infer<typeof callSchema>;

/** The user's own calls, or (portal administrators) the whole portal's. */
export async function getCalls(scope: 'mine' | 'portal', before?: string): Promise<CallLogEntry[]> {
  const path = scope === 'mine' ? '/api/callerid/calls/mine' : '/api/callerid/calls';
  const result = await sendJson(z.object({ calls: z.array(callSchema) }), 'GET', `${path}${queryString({ before })}`);
  return result.calls;
}

const connectionStatus = z.enum(['active', 'needs_reconnect', 'disconnected']);
const accountViewSchema = z.object({
  redirectUri: z.string(),
  connection: z.nullable(
    z.object({
      id: z.string(),
      status: connectionStatus,
      companyId: maybeText,
      companies: z.array(z.object({ id: z.string(), code: z.string(), description: z.string() })),
      tokenExpiresAt: maybeText,
      lastError: maybeText,
      connectedAt: z.string(),
    }),
  ),
  lastAttempt: z.nullable(
    z.object({
      outcome: z.enum(['pending', 'connected', 'failed', 'expired']),
      message: maybeText,
      fieldErrors: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  ),
});
export type AccountViewStatus = z.infer<typeof accountViewSchema>;

export async function getAccountView(): Promise<AccountViewStatus> {
  return sendJson(accountViewSchema, 'GET', '/api/callerid/accountview');
}

/** Checks the fields and returns the AccountView consent page the browser is sent to. */
export async function connectAccountView(input: {
  apiKey: string;
  apiSecret: string;
  companyId: string;
  /** Empty: AccountView.net itself. */
  environmentUrl: string;
}): Promise<{ authorizationUrl: string }> {
  const { environmentUrl, ...fields } = input;
  const body = environmentUrl === '' ? fields : input;
  return sendJson(z.object({ authorizationUrl: z.string() }), 'POST', '/api/callerid/accountview/connect', body);
}

export async function disconnectAccountView(): Promise<void> {
  await send('DELETE', '/api/callerid/accountview');
}

const sourceSchema = z.object({
  connectionId: z.string(),
  systemName: z.string(),
  role: z.string(),
  status: connectionStatus,
  assignees: z.array(z.string()),
});
export type CallerIdSource = z.infer<typeof sourceSchema>;

export async function getSources(): Promise<CallerIdSource[]> {
  return (await sendJson(z.object({ sources: z.array(sourceSchema) }), 'GET', '/api/callerid/sources')).sources;
}

export async function setAssignees(connectionId: string, userIds: string[]): Promise<void> {
  await send('PUT', `/api/callerid/sources/${encodeURIComponent(connectionId)}/assignees`, { userIds });
}

const phonesSchema = z.object({ phones: z.array(z.object({ kind: z.string(), value: z.string(), raw: z.string() })) });

export async function getUserPhones(userId: string): Promise<string[]> {
  const result = await sendJson(phonesSchema, 'GET', `/api/callerid/users/${encodeURIComponent(userId)}/phones`);
  return result.phones.map((phone) => phone.raw);
}

export async function setUserPhones(userId: string, phones: string[]): Promise<void> {
  await send('PUT', `/api/callerid/users/${encodeURIComponent(userId)}/phones`, { phones });
}

const pbxSchema = z.object({ id: z.string(), name: z.string(), lastEventAt: maybeText });
export type PhoneSystem = z.infer<typeof pbxSchema>;
const pbxCredentialsSchema = z.object({
  id: z.string(),
  name: z.string(),
  token: z.string(),
  webhookSecret: z.string(),
  endpoints: z.object({ events: z.string(), urlTemplate: z.string(), threeCxLookup: z.string() }),
});
export type PhoneSystemCredentials = z.infer<typeof pbxCredentialsSchema>;

export async function getPhoneSystems(): Promise<PhoneSystem[]> {
  const result = await sendJson(
    z.object({ integrations: z.array(pbxSchema) }),
    'GET',
    '/api/callerid/pbx-integrations',
  );
  return result.integrations;
}

export async function addPhoneSystem(name: string): Promise<PhoneSystemCredentials> {
  return sendJson(pbxCredentialsSchema, 'POST', '/api/callerid/pbx-integrations', { name });
}

export async function rotatePhoneSystem(id: string): Promise<PhoneSystemCredentials> {
  return sendJson(pbxCredentialsSchema, 'POST', `/api/callerid/pbx-integrations/${encodeURIComponent(id)}/rotate`);
}

export async function removePhoneSystem(id: string): Promise<void> {
  await send('DELETE', `/api/callerid/pbx-integrations/${encodeURIComponent(id)}`);
}

const callerIdHealthSchema = z.object({
  sources: z.array(
    z.object({
      connectionId: idSchema,
      systemName: z.string(),
      status: connectionStatus,
      needsReconnect: z.boolean(),
      lastError: maybeText,
      index: z.object({
        numbers: z.number(),
        lastFullAt: maybeText,
        lastIncrementalAt: maybeText,
        lastError: maybeText,
      }),
    }),
  ),
  phoneSystems: z.array(z.object({ id: idSchema, name: z.string(), lastEventAt: maybeText })),
});
export type CallerIdHealth = z.infer<typeof callerIdHealthSchema>;

/** Per caller-ID source its state and phone index, and each phone system's last call. */
export async function getCallerIdHealth(): Promise<CallerIdHealth> {
  return sendJson(callerIdHealthSchema, 'GET', '/api/callerid/health');
}
