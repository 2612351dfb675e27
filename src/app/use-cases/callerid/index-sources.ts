/** Where the phone index reads from: the phone-source role of the connection's system, as the registry has it. */
import { contactDomainsOf } from '../../../adapters/db/repos/callerid-contact-domains.repo.js';
import { findConnection } from '../../../adapters/db/repos/connections.repo.js';
import { createPgTokenStore } from '../../../adapters/db/repos/oauth-grants.repo.js';
import { getConnectorEntry } from '../../../adapters/registry.js';
import { err } from '../../../core/result.js';
import { crmSourceOf, portalTargetOf } from '../sync/connectors.js';
import { accountViewGrantId } from './accountview-credentials.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { PhoneSource, PhoneSourceContext } from '../../../adapters/shared/system.js';
import type { ConnectorError, PortalTarget, RecordSource } from '../../../core/connector.js';
import type { Result } from '../../../core/result.js';
import type { AppDeps } from '../../deps.js';

export type { PhoneSource } from '../../../adapters/shared/system.js';
export { accountViewCompanyLink } from '../../../adapters/accountview/phones.js';
export { portalContactPhones } from '../../../adapters/yuki/phones.js';

/** Builds one role from the connection as stored now; unreadable credentials are reported, not thrown. */
async function fromStoredRow<T>(
  connection: Connection,
  deps: AppDeps,
  build: (row: Connection) => Result<T, ConnectorError>,
): Promise<Result<T, ConnectorError>> {
  const row = await findConnection(deps.db, connection.id);
  if (row === null) return err({ code: 'not_found', message: `connection ${connection.id} no longer exists` });
  try {
    return build(row);
  } catch {
    const entry = getConnectorEntry(connection.system);
    const name = entry.ok ? entry.value.manifest.displayName : connection.system;
    return err({ code: 'auth_invalid', message: `The stored ${name} credentials cannot be read.` });
  }
}

function phoneSourceContext(connection: Connection, deps: AppDeps): PhoneSourceContext {
  return {
    connectionId: connection.id,
    baseUrl: connection.baseUrl,
    credentials: () =>
      connection.credentialsEnc === null
        ? null
        : (JSON.parse(deps.secretBox.decrypt(connection.credentialsEnc)) as unknown),
    grantId: accountViewGrantId(connection.id),
    tokenStore: createPgTokenStore(deps.db, deps.secretBox),
    clock: deps.clock,
    outbound: deps.config.outbound,
    recordSource: () => fromStoredRow<RecordSource>(connection, deps, (row) => crmSourceOf(deps, row)),
    portalTarget: () => fromStoredRow<PortalTarget>(connection, deps, (row) => portalTargetOf(deps, row)),
    contactDomains: () => contactDomainsOf(deps.db, connection.id),
  };
}

/** The phone source of a connection, or why there is none. */
export async function phoneSourceFor(
  connection: Connection,
  deps: AppDeps,
): Promise<Result<PhoneSource, ConnectorError>> {
  const entry = getConnectorEntry(connection.system);
  const role = entry.ok ? entry.value.phoneSource : undefined;
  if (role === undefined) {
    return err({ code: 'unsupported', message: `${connection.system} numbers cannot be indexed for caller ID.` });
  }
  return role.create(phoneSourceContext(connection, deps));
}
