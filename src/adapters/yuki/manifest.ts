/** Declarative description of the Yuki connector: SOAP services, session auth, paging, quota (docs/external-systems/yuki.md). */
import { z } from 'zod';

import { defineManifest } from '../shared/manifest.js';

export const yukiManifest = defineManifest({
  id: 'yuki',
  displayName: 'Yuki',
  role: 'portal_target',
  availability: 'available',
  // [C] docs/external-systems/yuki.md#sessions: Authenticate(accessKey) → session GUID, passed as sessionID to every call.
  auth: { kind: 'soap_access_key', operation: 'Authenticate' },
  baseUrlPattern: 'https://api.yukiworks.{nl|be}',
  apiPath: '/ws/{Service}.asmx',
  // [C] docs/external-systems/yuki.md#search-contacts: pages of 100 from page 1.
  pagination: { kind: 'page_number', pageSize: 100, firstPage: 1 },
  // [C] docs/external-systems/yuki.md#search-contacts modifiedAfter; [I] read as Amsterdam wall-clock time.
  modifiedSince: { param: 'modifiedAfter', format: 'yyyy-MM-ddTHH:mm:ss (Europe/Amsterdam)' },
  // [C] docs/external-systems/yuki.md#quota: 1,000 calls a day per domain, refused with a SOAP Fault ([I] HTTP 500), no Retry-After.
  rateLimit: { requestsPerMinute: null, requestsPerDay: 1000, status: 500, retryAfterHeader: false },
  webhooks: null,
  // Yuki is the portal the sync writes, not a record source: it streams no source companies (no `companies()`).
  capabilities: { companies: false, phoneRecords: true, incremental: true, webhooks: false, writes: true },
  settings: [
    { name: 'accessKey', label: 'Web service access key (WebServiceAccessKey)', secret: true },
    { name: 'keyDomainId', label: 'Domain ID (only for a key made in one domain)', secret: false },
    // The Platform API is granted afterwards through Visma Connect (client id/secret, portal id): visma-connect.ts.
    { name: 'dailyCallLimit', label: 'Calls a day per domain', secret: false, example: '1000' },
    { name: 'lowPriorityReserve', label: 'Calls a day kept for approved changes', secret: false, example: '50' },
  ],
  docs:
    'Yuki SOAP web services (Contact.asmx, Accounting.asmx) with a web service access key made by a Portal ' +
    'administrator, plus the Yuki Platform API for administration profiles, connected with Visma Connect (OAuth 2.0). ' +
    'Each domain has a daily call quota.',
});

const protocolSchema = z.strictObject({
  auth: z.strictObject({
    kind: z.literal('soap_session'),
    method: z.literal('Authenticate'),
    /** Re-authenticate before a call when the session has been idle this long. */
    sessionIdleMs: z.int().positive(),
  }),
  soap: z.strictObject({
    version: z.enum(['1.1', '1.2']),
    namespace: z.url(),
    contactNamespace: z.string().startsWith('urn:'),
    regions: z.strictObject({ nl: z.url({ protocol: /^https$/ }), be: z.url({ protocol: /^https$/ }) }),
    services: z.strictObject({ portal: z.string().endsWith('.asmx'), contact: z.string().endsWith('.asmx') }),
  }),
  pagination: z.strictObject({ kind: z.literal('page_number'), firstPage: z.literal(1), pageSize: z.int().min(1) }),
  quota: z.strictObject({
    dailyCallLimit: z.int().positive(),
    lowPriorityReserve: z.int().min(0),
    timeZone: z.string().min(1),
  }),
  platformApi: z.strictObject({ baseUrl: z.url({ protocol: /^https$/ }), basePath: z.string().startsWith('/') }),
  faults: z.strictObject({
    invalidKey: z.instanceof(RegExp),
    sessionExpired: z.instanceof(RegExp),
    dailyLimit: z.instanceof(RegExp),
  }),
});
export type YukiProtocol = z.infer<typeof protocolSchema>;

/** Yuki's wire details beyond the shared manifest; validated at load, so a typo fails at start. */
export const yukiProtocol: YukiProtocol = protocolSchema.parse({
  auth: {
    kind: 'soap_session',
    method: 'Authenticate',
    // [I] docs/external-systems/yuki.md#sessions: idle timeout ~30 min; an open-source adapter re-authenticates after 20.
    sessionIdleMs: 20 * 60_000,
  },
  soap: {
    version: '1.1',
    namespace: 'http://www.theyukicompany.com/',
    contactNamespace: 'urn:xmlns:http://www.theyukicompany.com:contact',
    regions: { nl: 'https://api.yukiworks.nl', be: 'https://api.yukiworks.be' },
    // [C] docs/external-systems/yuki.md#portal-tree: JVDS calls Administrations on Accounting.asmx; contacts live on Contact.asmx.
    services: { portal: 'Accounting.asmx', contact: 'Contact.asmx' },
  },
  pagination: { kind: 'page_number', firstPage: 1, pageSize: 100 },
  // [C] docs/external-systems/yuki.md#quota: 1,000 calls a day per domain by default; the day is [I] Amsterdam's.
  quota: { dailyCallLimit: 1000, lowPriorityReserve: 50, timeZone: 'Europe/Amsterdam' },
  // [I] docs/external-systems/yuki.md#platform-api: Yuki Platform API (REST) for the administration/company profile.
  platformApi: { baseUrl: 'https://apirest.yukiworks.com', basePath: '/api/v1' },
  faults: {
    // [C] docs/external-systems/yuki.md#sessions
    invalidKey: /invalid access key|invalid username or password/i,
    // [I] docs/external-systems/yuki.md#sessions, #open-questions: the wording is unknown (maybe Dutch); any fault about the session counts.
    sessionExpired: /session|sessie/i,
    // [C] docs/external-systems/yuki.md#quota
    dailyLimit: /daily limit exceeded/i,
  },
});

/** Where one Yuki installation lives (a region, or a simulator): SOAP base and Platform API base. */
export type YukiEndpoints = { readonly soapBaseUrl: string; readonly platformBaseUrl: string };

/** Production NL/BE, or everything under one base URL (a simulator). */
export function yukiEndpoints(target: 'nl' | 'be' | { readonly baseUrl: string } = 'nl'): YukiEndpoints {
  if (typeof target === 'string') {
    return { soapBaseUrl: yukiProtocol.soap.regions[target], platformBaseUrl: yukiProtocol.platformApi.baseUrl };
  }
  const base = target.baseUrl.replace(/\/+$/, '');
  return { soapBaseUrl: base, platformBaseUrl: base };
}
