/** Settings → CRMHub as a whole: the live connections, connecting with a first sync or import, policy and health. */
import { countWaitingForQuota } from '../../../adapters/db/repos/changes.repo.js';
import { findLiveConnection, listLiveConnections } from '../../../adapters/db/repos/connections.repo.js';
import { listDomains } from '../../../adapters/db/repos/portal.repo.js';
import { approvalPolicyOf, setApprovalPolicy } from '../../../adapters/db/repos/settings.repo.js';
import { countOpenYukiTasks, writeModeOf } from '../../../adapters/db/repos/yuki-tasks.repo.js';
import { listManifests, webhookVerifierOf } from '../../../adapters/registry.js';
import { mapResult, ok } from '../../../core/result.js';
import { enqueueCrmSync } from '../../jobs/contracts.js';
import { changeAuditedSetting } from '../user-audit.js';
import { liveConnection } from './connection-lifecycle.js';
import { crmCredentialsSchema, portalTargetOf, readCredentials } from './connectors.js';
import { changeCrm, connectCrm } from './crm-connection.js';
import { connectPortal, importPortal } from './portal-connection.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type {
  ConnectionHealthView,
  CrmConnectionChangeInput,
  CrmConnectionInput,
  CrmSystemView,
} from '../../../contract/connections.contract.js';
import type { ApprovalPolicy } from '../../../contract/sync.contract.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';
import type { PortalConnectionInput, PortalImport } from './portal-connection.js';

/** A live connection and whether a CRM webhook secret is stored (the secret itself never leaves the server). */
export type ConnectionState = {
  readonly connection: Connection;
  readonly hasWebhookSecret: boolean;
  /** The system sends webhooks crmhub checks (a CRM that pushes its records through intake sends none). */
  readonly takesWebhooks: boolean;
};

function stateOf(deps: AppDeps, connection: Connection): ConnectionState {
  const credentials = connection.role === 'crm' ? readCredentials(deps, connection, crmCredentialsSchema) : null;
  return {
    connection,
    hasWebhookSecret: credentials?.webhookSecret != null,
    takesWebhooks: webhookVerifierOf(connection.system) !== null,
  };
}

/** The CRM systems crmhub can connect to. */
export function crmSystems(): CrmSystemView[] {
  return listManifests()
    .filter((manifest) => manifest.role === 'crm_source')
    .map(({ id, displayName, availability, docs }) => ({ id, displayName, availability, docs }));
}

export async function liveConnections(
  deps: AppDeps,
  portalId: string,
): Promise<{ crm: ConnectionState | null; portal: ConnectionState | null }> {
  const crm = await findLiveConnection(deps.db, portalId, 'crm');
  const portal = await findLiveConnection(deps.db, portalId, 'portal_target');
  return { crm: crm === null ? null : stateOf(deps, crm), portal: portal === null ? null : stateOf(deps, portal) };
}

/** A person connects or changes one connection of their portal; the answer is the connection's state afterwards. */
type ConnectionChange<I> = (deps: AppDeps, user: User, input: I) => Promise<Outcome<ConnectionState>>;

/** Connects the CRM and queues the first full sync. */
export const connectCrmAndSync: ConnectionChange<CrmConnectionInput> = async (deps, user, input) => {
  const connection = await connectCrm(deps, user, input);
  if (!connection.ok) return connection;
  await enqueueCrmSync(deps.queue, connection.value.id, true);
  return ok(stateOf(deps, connection.value));
};

export const changeCrmConnection: ConnectionChange<CrmConnectionChangeInput> = async (deps, user, input) =>
  mapResult(await changeCrm(deps, user, input), (connection) => stateOf(deps, connection));

/** Queues an incremental sync of the portal's CRM now. */
export async function syncCrmNow(deps: AppDeps, user: User): Promise<Outcome<void>> {
  const connection = await liveConnection(deps, user.portalId, 'crm');
  if (!connection.ok) return connection;
  await enqueueCrmSync(deps.queue, connection.value.id, false);
  return ok(undefined);
}

/** Connects the portal and imports it at once (a failed import is the answer; the connection stays). */
export const connectPortalAndImport: ConnectionChange<PortalConnectionInput> = async (deps, user, input) => {
  const connection = await connectPortal(deps, user, input);
  if (!connection.ok) return connection;
  const imported = await importPortal(deps, connection.value);
  if (!imported.ok) return imported;
  const refreshed = await findLiveConnection(deps.db, connection.value.portalId, 'portal_target');
  return ok(stateOf(deps, refreshed ?? connection.value));
};

export async function importPortalNow(deps: AppDeps, user: User): Promise<Outcome<PortalImport>> {
  const connection = await liveConnection(deps, user.portalId, 'portal_target');
  return connection.ok ? importPortal(deps, connection.value) : connection;
}

export async function approvalPolicy(deps: AppDeps, portalId: string): Promise<ApprovalPolicy> {
  return approvalPolicyOf(deps.db, portalId);
}

/** Sets the portal's approval policy; the trail records the old and new policy. */
export async function changeApprovalPolicy(deps: AppDeps, user: User, policy: ApprovalPolicy): Promise<ApprovalPolicy> {
  return changeAuditedSetting(deps, user, 'policy_changed', { write: setApprovalPolicy, value: policy });
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/** Today's quota of every domain of the portal, as the portal target counts it. */
async function quotaOf(deps: AppDeps, connection: Connection): Promise<ConnectionHealthView['quota']> {
  const quota: ConnectionHealthView['quota'] = [];
  if (connection.role !== 'portal_target') return quota;
  const target = portalTargetOf(deps, connection);
  if (!target.ok) return quota;
  const waiting = await countWaitingForQuota(deps.db, connection.portalId);
  for (const domain of await listDomains(deps.db, connection.portalId)) {
    const status = await target.value.quota(domain.externalId);
    quota.push({
      domainId: domain.id,
      domainName: domain.name,
      used: status.used,
      limit: status.limit,
      remaining: status.remainingHigh,
      // Product decision 4: the share of the day's calls caller ID may use in the background, and what it used.
      backgroundUsed: status.background?.used ?? 0,
      backgroundLimit: status.background?.limit ?? 0,
      exhausted: status.exhausted || status.remainingLow <= 0,
      waitingForQuota: waiting.get(domain.id) ?? 0,
    });
  }
  return quota;
}

/** How a CRM's incremental sync runs, as probed at connect time (docs/external-systems/simplicate.md#filters). */
function incrementalOf(deps: AppDeps, connection: Connection): ConnectionHealthView['incrementalSync'] {
  if (connection.role !== 'crm') return null;
  try {
    return readCredentials(deps, connection, crmCredentialsSchema)?.incremental ?? null;
  } catch {
    return null;
  }
}

/** The health of every live connection: last success, next run, last error, credentials and quota. */
export async function connectionHealth(deps: AppDeps, portalId: string): Promise<ConnectionHealthView[]> {
  const result: ConnectionHealthView[] = [];
  for (const connection of await listLiveConnections(deps.db, portalId)) {
    result.push({
      role: connection.role,
      system: connection.system,
      status: connection.status,
      lastSuccessAt: iso(connection.lastSuccessAt),
      nextRunAt: iso(connection.nextRunAt),
      lastErrors:
        connection.lastError === null || connection.lastErrorAt === null
          ? []
          : [
              {
                at: connection.lastErrorAt.toISOString(),
                message: connection.lastError,
                failure: connection.lastFailure ?? { code: 'unknown' },
              },
            ],
      credentialState: connection.status === 'active' ? 'ok' : connection.status,
      incrementalSync: incrementalOf(deps, connection),
      quota: await quotaOf(deps, connection),
      ...(connection.role === 'portal_target'
        ? {
            writeMode: await writeModeOf(deps.db, portalId),
            yukiTasks: await countOpenYukiTasks(deps.db, portalId),
          }
        : {}),
    });
  }
  return result;
}
