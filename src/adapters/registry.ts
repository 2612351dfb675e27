/** The explicit list of connectors: id → manifest (+ factory). Validated at load; unknown ids answer `unsupported`. */
import { connectorIds } from '../core/connector.js';
import { err, ok } from '../core/result.js';
import { clientOnlineManifest } from './clientonline/manifest.js';
import { radarManifest } from './radar/manifest.js';
import { connectorManifestSchema, defineManifest } from './shared/manifest.js';
import { simplicateManifest } from './simplicate/manifest.js';
import { createSimplicateConnector } from './simplicate/simplicate.connector.js';
import { vismaAdvisorManifest } from './visma-advisor/manifest.js';

import type { ConnectorError, ConnectorId, RecordSource } from '../core/connector.js';
import type { Result } from '../core/result.js';
import type { HttpOptions } from './shared/http.js';
import type { ConnectorManifest } from './shared/manifest.js';

export type RegistryEntry = {
  readonly manifest: ConnectorManifest;
  /** Builds a record source from stored settings (validated by the connector); absent = wired elsewhere or none. */
  readonly create?: (settings: unknown, http?: HttpOptions) => Result<RecordSource, ConnectorError>;
};

// Yuki (the portal target) and AccountView (OAuth2) are built by the app with their own dependencies; the registry
// only describes them, in the same shape, so the UI can list every system.
const yukiManifest = defineManifest({
  id: 'yuki',
  displayName: 'Yuki',
  role: 'portal_target',
  availability: 'available',
  auth: { kind: 'soap_access_key', operation: 'Authenticate' },
  baseUrlPattern: 'https://api.yukiworks.nl/ws',
  apiPath: null,
  pagination: { kind: 'page_number', pageSize: 100, firstPage: 1 },
  modifiedSince: { param: 'modifiedAfter', format: 'ISO 8601' },
  rateLimit: { requestsPerMinute: null, requestsPerDay: 1000, status: null, retryAfterHeader: false },
  webhooks: null,
  capabilities: { companies: false, phoneRecords: true, incremental: true, webhooks: false, writes: true },
  settings: [{ name: 'accessKey', label: 'Web service access key', secret: true }],
  docs: 'Yuki SOAP web services (external-apis.md §2); 1,000 calls per day per domain by default.',
});
const accountViewManifest = defineManifest({
  id: 'accountview',
  displayName: 'Visma AccountView',
  role: 'callerid_source',
  availability: 'available',
  auth: {
    kind: 'oauth2_code',
    authorizeUrl: 'https://accountview.net/ams/authorize.aspx',
    tokenUrl: 'https://www.accountview.net/api/v3/token',
    scopes: ['readaccountviewdata'],
  },
  baseUrlPattern: 'https://www.accountview.net',
  apiPath: '/api/v3',
  pagination: { kind: 'keyset', param: 'lastKey', pageSize: 500 },
  modifiedSince: { param: 'CNG_DATE DateOnOrAfterDate', format: 'date' },
  rateLimit: null,
  webhooks: null,
  capabilities: { companies: false, phoneRecords: true, incremental: true, webhooks: false, writes: false },
  settings: [
    { name: 'clientId', label: 'API key (client id)', secret: false },
    { name: 'clientSecret', label: 'API secret (client secret)', secret: true },
    { name: 'companyId', label: 'Company (onderneming) id', secret: false },
  ],
  docs: 'AccountView.net REST API over OAuth2 (external-apis.md §3).',
});

const entries: Record<ConnectorId, RegistryEntry> = {
  simplicate: { manifest: simplicateManifest, create: createSimplicateConnector },
  yuki: { manifest: yukiManifest },
  accountview: { manifest: accountViewManifest },
  radar: { manifest: radarManifest },
  visma_advisor: { manifest: vismaAdvisorManifest },
  clientonline: { manifest: clientOnlineManifest },
};

/** Re-checks every entry at load: a manifest under the wrong id or an invalid one is a bug and stops the start. */
function validate(all: Record<ConnectorId, RegistryEntry>): ReadonlyMap<ConnectorId, RegistryEntry> {
  const problems: string[] = [];
  for (const id of connectorIds) {
    const entry = all[id];
    const parsed = connectorManifestSchema.safeParse(entry.manifest);
    if (!parsed.success) problems.push(`${id}: ${parsed.error.message}`);
    if (entry.manifest.id !== id) problems.push(`${id}: manifest says id "${entry.manifest.id}"`);
    if (entry.manifest.availability === 'on_request' && entry.create !== undefined) {
      problems.push(`${id}: an on_request connector cannot have a factory`);
    }
  }
  if (problems.length > 0) throw new Error(`connector registry is invalid: ${problems.join('; ')}`);
  return new Map(connectorIds.map((id) => [id, all[id]]));
}

export const registry: ReadonlyMap<ConnectorId, RegistryEntry> = validate(entries);

const isConnectorId = (id: string): id is ConnectorId => (connectorIds as readonly string[]).includes(id);

/** Every manifest, for the "choose your CRM" screen. */
export function listManifests(): readonly ConnectorManifest[] {
  return [...registry.values()].map((e) => e.manifest);
}

/** The entry for an id; `unsupported` for an unknown id. */
export function getConnectorEntry(id: string): Result<RegistryEntry, ConnectorError> {
  const entry = isConnectorId(id) ? registry.get(id) : undefined;
  if (entry === undefined) return err({ code: 'unsupported', message: `Unknown connector "${id}"` });
  return ok(entry);
}

/** Builds a record source; `unsupported` when the id is unknown, on request only, or not a record source here. */
export function createRecordSource(
  id: string,
  settings: unknown,
  http?: HttpOptions,
): Result<RecordSource, ConnectorError> {
  const entry = getConnectorEntry(id);
  if (!entry.ok) return entry;
  const { manifest, create } = entry.value;
  if (manifest.availability === 'on_request') {
    return err({ code: 'unsupported', message: `${manifest.displayName} is available on request: ${manifest.docs}` });
  }
  if (create === undefined) {
    return err({
      code: 'unsupported',
      message: `${manifest.displayName} is not a record source built by the registry`,
    });
  }
  return create(settings, http);
}
