/** Builds the connectors of stored connections: decrypts credentials and asks the registry for the system's role. */
import { z } from 'zod';

import { createPgTokenStore } from '../../../adapters/db/repos/oauth-grants.repo.js';
import { createPostgresQuotaLedger } from '../../../adapters/db/repos/quota.repo.js';
import { createPortalTarget, createRecordSource, intakeRoleOf } from '../../../adapters/registry.js';
import { incrementalModes } from '../../../core/connector.js';
import { err, ok } from '../../../core/result.js';
import { storedRecordSource } from '../intake/stored-source.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { HttpOptions } from '../../../adapters/shared/http.js';
import type { ConnectorError, PortalTarget, RecordSource } from '../../../core/connector.js';
import type { Result } from '../../../core/result.js';
import type { AppDeps } from '../../deps.js';

export const crmCredentialsSchema = z.object({
  apiKey: z.string(),
  apiSecret: z.string(),
  webhookSecret: z.string().nullable(),
  /** What the connect-time probe found; absent for systems without one and for connections made before it. */
  incremental: z.enum(incrementalModes).optional(),
});
export type CrmCredentials = z.infer<typeof crmCredentialsSchema>;

export const portalCredentialsSchema = z.object({
  accessKey: z.string(),
  /** Only in connections stored before Visma Connect: never used, the health page asks to reconnect. */
  platformToken: z.string().nullable().default(null),
  portalId: z.string().nullable().default(null),
  /** The Visma Connect client of the Platform API grant (its tokens are in the token store). */
  vismaConnect: z.record(z.string(), z.string()).nullable().default(null),
});
export type PortalCredentials = z.infer<typeof portalCredentialsSchema>;

/** The stored credentials of a connection, decrypted; null once disconnected. */
export function readCredentials<S extends z.ZodType>(
  deps: Pick<AppDeps, 'secretBox'>,
  connection: Connection,
  schema: S,
): z.infer<S> | null {
  if (connection.credentialsEnc === null) return null;
  return schema.parse(JSON.parse(deps.secretBox.decrypt(connection.credentialsEnc)));
}

/** The token-store key of a connection's OAuth grant (the same for every system with an `oauth` role). */
export function connectionGrantId(connectionId: string): string {
  return `connection:${connectionId}`;
}

export function sealCredentials(
  deps: Pick<AppDeps, 'secretBox'>,
  credentials: CrmCredentials | PortalCredentials,
): string {
  return deps.secretBox.encrypt(JSON.stringify(credentials));
}

const disconnected: ConnectorError = { code: 'auth_invalid', message: 'the connection has been disconnected' };

/** A CRM record source from its system, environment URL and credentials. */
export function crmSource(
  system: string,
  baseUrl: string,
  credentials: CrmCredentials,
  http: HttpOptions = {},
): Result<RecordSource, ConnectorError> {
  return createRecordSource(
    system,
    {
      baseUrl,
      apiKey: credentials.apiKey,
      apiSecret: credentials.apiSecret,
      ...(credentials.webhookSecret === null ? {} : { webhookSecret: credentials.webhookSecret }),
      ...(credentials.incremental === undefined ? {} : { incremental: credentials.incremental }),
    },
    http,
  );
}

/** The CRM of a stored 'crm' connection; for an intake system, the records its pushes and imports left. */
export function crmSourceOf(
  deps: AppDeps,
  connection: Connection,
  http: HttpOptions = {},
): Result<RecordSource, ConnectorError> {
  if (intakeRoleOf(connection.system) !== null) {
    return connection.status === 'disconnected' ? err(disconnected) : ok(storedRecordSource(deps.db, connection));
  }
  const credentials = readCredentials(deps, connection, crmCredentialsSchema);
  if (credentials === null) return err(disconnected);
  return crmSource(connection.system, connection.baseUrl ?? '', credentials, {
    outbound: deps.config.outbound,
    ...http,
  });
}

/** A portal target of a system from entered or stored settings; quota is counted in PostgreSQL, shared by all instances. */
export function portalTargetFor(
  deps: AppDeps,
  system: string,
  credentials: PortalCredentials,
  baseUrl: string | null,
  http: HttpOptions = {},
  connectionId?: string,
): Result<PortalTarget, ConnectorError> {
  return createPortalTarget(system, credentials, {
    clock: deps.clock,
    ledger: createPostgresQuotaLedger(deps.db),
    baseUrl,
    http: { outbound: deps.config.outbound, ...http },
    ...(deps.connectorSessions === undefined ? {} : { sessions: deps.connectorSessions }),
    ...(connectionId === undefined
      ? {}
      : {
          grant: { tokenStore: createPgTokenStore(deps.db, deps.secretBox), grantId: connectionGrantId(connectionId) },
        }),
  });
}

/** Builds the Yuki connector of the portal connect form (Yuki is the portal crmhub connects to). */
export function yukiConnectorFor(
  deps: AppDeps,
  credentials: PortalCredentials,
  baseUrl: string | null,
  http: HttpOptions = {},
): Result<PortalTarget, ConnectorError> {
  return portalTargetFor(deps, 'yuki', credentials, baseUrl, http);
}

/** The portal of a 'portal_target' connection. */
export function portalTargetOf(
  deps: AppDeps,
  connection: Connection,
  http: HttpOptions = {},
): Result<PortalTarget, ConnectorError> {
  const credentials = readCredentials(deps, connection, portalCredentialsSchema);
  if (credentials === null) return err(disconnected);
  return portalTargetFor(deps, connection.system, credentials, connection.baseUrl, http, connection.id);
}
