/** The AccountView connection as the settings page sees it, and the connect/callback/disconnect steps behind it. */
import { findLiveConnection } from '../../../adapters/db/repos/connections.repo.js';
import { latestOAuthAttempt } from '../../../adapters/db/repos/oauth-attempts.repo.js';
import { createPgTokenStore } from '../../../adapters/db/repos/oauth-grants.repo.js';
import { accountViewConnectReasons } from '../../../contract/callerid.contract.js';
import { ok } from '../../../core/result.js';
import { enqueueIndexRun } from '../../jobs/contracts.js';
import { fail } from '../failure.js';
import { refusedUrl } from '../outbound-url.js';
import { accountViewRedirectUri, beginConnect, completeConnect, disconnectAccountView } from './accountview-connect.js';
import { accountViewGrantId, readAccountViewCredentials } from './accountview-credentials.js';
import { fieldsFailure } from './validation.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { OAuthAttempt } from '../../../adapters/db/repos/oauth-attempts.repo.js';
import type {
  AccountViewConnectInput,
  AccountViewConnectView,
  AccountViewStatusView,
} from '../../../contract/callerid.contract.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';
import type { ConnectOutcome } from './accountview-connect.js';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'secretBox' | 'config'>;

function attemptView(attempt: OAuthAttempt, now: Date): NonNullable<AccountViewStatusView['lastAttempt']> {
  return {
    id: attempt.id,
    startedAt: attempt.createdAt.toISOString(),
    outcome:
      attempt.outcome ??
      (attempt.usedAt === null && attempt.expiresAt <= now ? ('expired' as const) : ('pending' as const)),
    message: attempt.message,
    reason: accountViewConnectReasons.find((known) => known === attempt.reason) ?? null,
    fieldErrors: [...attempt.fieldErrors],
  };
}

async function connectionView(
  deps: Deps,
  connection: Connection,
): Promise<NonNullable<AccountViewStatusView['connection']>> {
  const creds = readAccountViewCredentials(connection, deps.secretBox);
  const tokens = await createPgTokenStore(deps.db, deps.secretBox).read(accountViewGrantId(connection.id));
  return {
    id: connection.id,
    status: connection.status,
    companyId: creds.ok ? creds.value.companyId : null,
    companies: creds.ok ? creds.value.companies : [],
    environmentUrl: connection.baseUrl,
    tokenExpiresAt: tokens?.expiresAt ?? null,
    lastError: connection.lastError,
    lastFailure: connection.lastFailure,
    lastErrorAt: connection.lastErrorAt?.toISOString() ?? null,
    connectedAt: connection.updatedAt.toISOString(),
  };
}

/** The redirect URI to register, the portal's AccountView connection and its last connect attempt. */
export async function accountViewStatus(
  deps: Deps,
  input: { readonly portalId: string; readonly requestOrigin: string },
): Promise<AccountViewStatusView> {
  const connection = await findLiveConnection(deps.db, input.portalId, 'callerid_source', 'accountview');
  const attempt = await latestOAuthAttempt(deps.db, input.portalId, 'accountview');
  const now = deps.clock();
  return {
    redirectUri: accountViewRedirectUri(deps.config.publicUrl, input.requestOrigin),
    connection: connection === null ? null : await connectionView(deps, connection),
    lastAttempt: attempt === null ? null : attemptView(attempt, now),
  };
}

/** Checks the connect form and starts the OAuth flow; every bad field at once as `validation_failed`. */
export async function startAccountViewConnect(
  deps: Deps,
  input: AccountViewConnectInput & {
    readonly portalId: string;
    readonly userId: string;
    readonly requestOrigin: string;
  },
): Promise<Outcome<AccountViewConnectView>> {
  const { requestOrigin, ...fields } = input;
  const environment = fields.environmentUrl?.trim() ?? '';
  const refused = environment === '' ? null : refusedUrl(deps, environment, 'body.environmentUrl');
  if (refused !== null) return refused;
  const redirectUri = accountViewRedirectUri(deps.config.publicUrl, requestOrigin);
  const started = await beginConnect(deps, { ...fields, redirectUri });
  if (!started.ok) return fieldsFailure(started.error, 'body.');
  return ok({ ...started.value, redirectUri });
}

/** The OAuth callback: completes the connection and queues the first full index of the new source. */
export async function finishAccountViewConnect(
  deps: Pick<AppDeps, 'db' | 'clock' | 'secretBox' | 'queue' | 'config'>,
  callbackUrl: URL,
): Promise<ConnectOutcome> {
  return completeConnect(deps, callbackUrl, async (connectionId) => {
    await enqueueIndexRun(deps.queue, connectionId, true);
  });
}

/** Disconnects the portal's AccountView; `not_found` when it is not connected. */
export async function removeAccountView(
  deps: Pick<AppDeps, 'db' | 'clock' | 'secretBox'>,
  portalId: string,
): Promise<Outcome<string>> {
  const id = await disconnectAccountView(deps, portalId);
  return id === null ? fail('not_found', 'AccountView is not connected') : ok(id);
}
