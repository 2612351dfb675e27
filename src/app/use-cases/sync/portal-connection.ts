/** Connecting the portal target (Yuki) and importing its domains and administrations with their profiles. */
import { findLiveConnection, recordConnectionRun } from '../../../adapters/db/repos/connections.repo.js';
import { upsertAdministration, upsertDomain } from '../../../adapters/db/repos/portal.repo.js';
import { ok } from '../../../core/result.js';
import { knownProfile } from '../../../core/sync/mapping.js';
import { fail } from '../failure.js';
import { refusedUrl } from '../outbound-url.js';
import { disconnectRole, saveConnection } from './connection-lifecycle.js';
import { portalTargetOf, sealCredentials, yukiConnectorFor } from './connectors.js';
import { CHECK_HTTP, connectionFailed } from './verify.js';
import { verifyYukiTasks } from './yuki-tasks.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { PortalConnectionInput, PortalImportView } from '../../../contract/connections.contract.js';
import type { PortalAdministration, PortalDomain } from '../../../core/connector.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';
import type { PortalCredentials } from './connectors.js';

const IMPORT_INTERVAL_MS = 3_600_000;

export type { PortalConnectionInput };

export type PortalImport = PortalImportView;

export async function connectPortal(
  deps: AppDeps,
  user: User,
  input: PortalConnectionInput,
): Promise<Outcome<Connection>> {
  if ((await findLiveConnection(deps.db, user.portalId, 'portal_target')) !== null) {
    return fail('already_connected', 'disconnect the current portal connection first');
  }
  const refused = input.baseUrl === undefined ? null : refusedUrl(deps, input.baseUrl, 'body.baseUrl');
  if (refused !== null) return refused;
  // The Platform API is connected afterwards with Visma Connect (sync/visma-connect.ts).
  const credentials: PortalCredentials = {
    accessKey: input.accessKey,
    platformToken: null,
    portalId: null,
    vismaConnect: null,
  };
  const target = yukiConnectorFor(deps, credentials, input.baseUrl ?? null, CHECK_HTTP);
  if (!target.ok) return connectionFailed(target.error, 'body.accessKey');
  const verified = await target.value.verify({ priority: 'high' });
  if (!verified.ok) return connectionFailed(verified.error, 'body.accessKey');
  const connection = await saveConnection(
    deps,
    user,
    {
      role: 'portal_target',
      system: 'yuki',
      baseUrl: input.baseUrl ?? null,
      credentialsEnc: sealCredentials(deps, credentials),
    },
    { system: 'yuki' },
  );
  return ok(connection);
}

export async function disconnectPortal(deps: AppDeps, user: User): Promise<Outcome<void>> {
  return disconnectRole(deps, user, 'portal_target');
}

/** Stores what the portal listed: every domain, and every administration under its domain. */
async function storeImport(
  deps: AppDeps,
  connection: Connection,
  listed: { domains: readonly PortalDomain[]; administrations: readonly PortalAdministration[] },
  now: Date,
): Promise<PortalImport> {
  const domainIds = new Map<string, string>();
  for (const domain of listed.domains) {
    domainIds.set(
      domain.id,
      await upsertDomain(deps.db, {
        portalId: connection.portalId,
        externalId: domain.id,
        name: domain.name,
        url: domain.url,
        now,
      }),
    );
  }
  let imported = 0;
  for (const administration of listed.administrations) {
    let domainId = domainIds.get(administration.domainId);
    if (domainId === undefined) {
      // An administration whose domain the list did not name still belongs somewhere: keep it under its own id.
      domainId = await upsertDomain(deps.db, {
        portalId: connection.portalId,
        externalId: administration.domainId,
        name: administration.name,
        url: null,
        now,
      });
      domainIds.set(administration.domainId, domainId);
    }
    await upsertAdministration(deps.db, {
      domainId,
      externalId: administration.id,
      name: administration.name,
      active: administration.active,
      profile: knownProfile(administration.profile, administration.unknown),
      now,
    });
    imported += 1;
  }
  return { domains: domainIds.size, administrations: imported };
}

/** Imports (or refreshes) every domain and administration the portal credentials reach. */
export async function importPortal(deps: AppDeps, connection: Connection): Promise<Outcome<PortalImport>> {
  const target = portalTargetOf(deps, connection);
  const now = deps.clock();
  if (!target.ok) return connectionFailed(target.error);
  const domains = await target.value.listDomains({ priority: 'low' });
  const administrations = domains.ok ? await target.value.listAdministrations({ priority: 'low' }) : domains;
  if (!domains.ok || !administrations.ok) {
    const error = !domains.ok
      ? domains.error
      : administrations.ok
        ? { code: 'unknown' as const, message: 'import failed' }
        : administrations.error;
    await recordConnectionRun(deps.db, connection.id, {
      ok: false,
      now,
      error,
      nextRunAt: new Date(now.getTime() + IMPORT_INTERVAL_MS),
      needsReconnect: error.code === 'auth_invalid' || error.code === 'forbidden',
    });
    return connectionFailed(error);
  }
  const imported = await storeImport(
    deps,
    connection,
    { domains: domains.value, administrations: administrations.value },
    now,
  );
  // The documented re-read doubles as the check of the assisted mode's "apply in Yuki" tasks.
  await verifyYukiTasks(deps, connection.portalId, administrations.value);
  await recordConnectionRun(deps.db, connection.id, {
    ok: true,
    now,
    cursor: null,
    nextRunAt: new Date(now.getTime() + IMPORT_INTERVAL_MS),
  });
  return ok(imported);
}
