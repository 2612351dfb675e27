/** The Platform API grant as the portal connection page sees it, and its refresh ahead of expiry (job, every 5 min). */
import { recordConnectionError } from '../../../adapters/db/repos/callerid-connections.repo.js';
import { findLiveConnection } from '../../../adapters/db/repos/connections.repo.js';
import { latestOAuthAttempt } from '../../../adapters/db/repos/oauth-attempts.repo.js';
import { createPgTokenStore } from '../../../adapters/db/repos/oauth-grants.repo.js';
import { getConnectorEntry } from '../../../adapters/registry.js';
import { ensureAccessToken } from '../../../adapters/shared/oauth2.js';
import {
  VISMA_CONNECT,
  vismaConnectDefaults,
  vismaConnectSettingsSchema,
} from '../../../adapters/yuki/visma-connect.js';
import { connectionGrantId, portalCredentialsSchema, readCredentials } from './connectors.js';
import { vismaConnectRedirectUri } from './visma-connect.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { VismaConnectStatusView } from '../../../contract/visma-connect.contract.js';
import type { AppDeps } from '../../deps.js';

/** Refresh window for tokens stored without an issue time; others refresh at 80% of their granted lifetime. */
const UNKNOWN_LIFETIME_SKEW_MS = 5 * 60_000;

type Deps = Pick<AppDeps, 'db' | 'clock' | 'secretBox' | 'config'>;

/** The problem code of a portal connection's Platform API grant; null when it is connected and usable. */
export async function vismaConnectProblem(
  deps: Pick<AppDeps, 'db' | 'secretBox'>,
  connection: Connection,
): Promise<VismaConnectStatusView['problem']> {
  const stored = readCredentials(deps, connection, portalCredentialsSchema);
  if (stored === null) return 'visma_connect_not_connected';
  if (stored.vismaConnect === null) {
    return stored.platformToken === null ? 'visma_connect_not_connected' : 'visma_connect_legacy_token';
  }
  const tokens = await createPgTokenStore(deps.db, deps.secretBox).read(connectionGrantId(connection.id));
  return tokens === null ? 'visma_connect_reconnect' : null;
}

/** The redirect URI to register, the defaults, the grant of the portal connection and its last connect attempt. */
export async function vismaConnectStatus(
  deps: Deps,
  input: { readonly portalId: string; readonly requestOrigin: string },
): Promise<VismaConnectStatusView> {
  const connection = await findLiveConnection(deps.db, input.portalId, 'portal_target');
  const attempt = await latestOAuthAttempt(deps.db, input.portalId, 'yuki');
  const defaults = { ...vismaConnectDefaults(connection?.baseUrl ?? null), scope: VISMA_CONNECT.scope };
  const base = { redirectUri: vismaConnectRedirectUri(deps.config.publicUrl, input.requestOrigin), defaults };
  const lastAttempt =
    attempt === null
      ? null
      : {
          startedAt: attempt.createdAt.toISOString(),
          outcome:
            attempt.outcome ??
            (attempt.usedAt === null && attempt.expiresAt <= deps.clock()
              ? ('expired' as const)
              : ('pending' as const)),
          fieldErrors: [...attempt.fieldErrors],
        };
  if (connection === null) return { ...base, portalConnected: false, grant: null, problem: null, lastAttempt };
  const stored = readCredentials(deps, connection, portalCredentialsSchema);
  const settings = vismaConnectSettingsSchema.safeParse(stored?.vismaConnect);
  const tokens = await createPgTokenStore(deps.db, deps.secretBox).read(connectionGrantId(connection.id));
  const grant =
    settings.success && stored?.portalId != null
      ? {
          clientId: settings.data.clientId,
          portalId: stored.portalId,
          scope: settings.data.scope,
          authorizeUrl: settings.data.authorizeUrl,
          tokenUrl: settings.data.tokenUrl,
          grantedScope: tokens?.scope ?? null,
          tokenExpiresAt: tokens?.expiresAt ?? null,
        }
      : null;
  return { ...base, portalConnected: true, grant, problem: await vismaConnectProblem(deps, connection), lastAttempt };
}

export type GrantRefresh = 'none' | 'fresh' | 'refreshed' | 'needs_reconnect' | 'failed';

/**
 * Refreshes a portal connection's grant at 80% of its granted lifetime (at least 30 s before expiry), under the
 * grant's row lock: concurrent refreshers, on any instance, spend a rotating refresh token once. A refused grant
 * (invalid_grant) deletes the dead tokens, so the page shows `visma_connect_reconnect`; SOAP keeps working.
 */
export async function refreshPortalGrant(
  deps: Pick<AppDeps, 'db' | 'clock' | 'secretBox' | 'config'>,
  connection: Connection,
): Promise<GrantRefresh> {
  const store = createPgTokenStore(deps.db, deps.secretBox);
  const grantId = connectionGrantId(connection.id);
  const before = await store.read(grantId);
  const role = getConnectorEntry(connection.system);
  if (before === null || !role.ok || role.value.oauth === undefined) return 'none';
  const cfg = role.value.oauth.clientConfig(
    readCredentials(deps, connection, portalCredentialsSchema),
    connection.baseUrl,
    deps.config.outbound,
  );
  if (!cfg.ok) return 'none';
  const token = await ensureAccessToken(store, grantId, cfg.value, {
    now: deps.clock,
    skewMs: UNKNOWN_LIFETIME_SKEW_MS,
  });
  if (token.ok) return token.value === before.accessToken ? 'fresh' : 'refreshed';
  if (token.error.code === 'auth_expired' || token.error.code === 'auth_invalid') {
    await store.delete(grantId);
    await recordConnectionError(deps.db, connection.id, token.error, deps.clock());
    return 'needs_reconnect';
  }
  await recordConnectionError(deps.db, connection.id, token.error, deps.clock());
  return 'failed';
}
