/** Connecting AccountView (OAuth 2.0 code flow with state + PKCE), keeping its tokens fresh, and disconnecting it. */
import { z } from 'zod';

import {
  accountViewOAuthConfig,
  beginAccountViewConnect,
  completeAccountViewConnect,
} from '../../../adapters/accountview/accountview.connector.js';
import { accountViewEndpoints } from '../../../adapters/accountview/manifest.js';
import { validateAccountViewSettings } from '../../../adapters/accountview/settings.js';
import { settingsOf } from '../../../adapters/accountview/stored-credentials.js';
import {
  markNeedsReconnect,
  recordConnectionError,
  saveLiveConnection,
} from '../../../adapters/db/repos/callerid-connections.repo.js';
import { disconnectConnection, findLiveConnection } from '../../../adapters/db/repos/connections.repo.js';
import {
  insertOAuthAttempt,
  recordOAuthOutcome,
  spendOAuthAttempt,
} from '../../../adapters/db/repos/oauth-attempts.repo.js';
import { createPgTokenStore } from '../../../adapters/db/repos/oauth-grants.repo.js';
import { deleteConnectionEntries } from '../../../adapters/db/repos/phone-index.repo.js';
import { ensureAccessToken } from '../../../adapters/shared/oauth2.js';
import { err, ok } from '../../../core/result.js';
import {
  accountViewGrantId,
  encryptAccountViewCredentials,
  readAccountViewCredentials,
} from './accountview-credentials.js';
import { forgetLiveConnections } from './lookup.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { AccountViewConnectInput, AccountViewConnectReason } from '../../../contract/callerid.contract.js';
import type { ConnectorError } from '../../../core/connector.js';
import type { CodedFieldProblem } from '../../../core/field-problem.js';
import type { Result } from '../../../core/result.js';
import type { AppDeps } from '../../deps.js';

export const ACCOUNTVIEW_CALLBACK_PATH = '/api/callerid/accountview/callback';
/** How long the administrator has to consent in AccountView before the attempt expires. */
export const ATTEMPT_TTL_MS = 15 * 60_000;
/**
 * Window before expiry for tokens stored without an issue time; others refresh at a share of their lifetime
 * (oauth2.ts refreshDueAt). The refresh job runs every 5 minutes.
 */
export const REFRESH_AHEAD_MS = 10 * 60_000;

export type FieldError = CodedFieldProblem;

/** The callback URL to register in AccountView.net: CRMHUB_PUBLIC_URL when set, else the address the admin uses. */
export function accountViewRedirectUri(publicUrl: string | null, requestOrigin: string): string {
  const base = (publicUrl ?? requestOrigin).replace(/\/+$/, '');
  return `${base}${ACCOUNTVIEW_CALLBACK_PATH}`;
}

const attemptPayloadSchema = z.object({
  settings: z.object({
    apiKey: z.string(),
    apiSecret: z.string(),
    companyId: z.string(),
    redirectUri: z.string(),
    oauthUrls: z.object({ authorizeUrl: z.string(), tokenUrl: z.string(), issuer: z.string() }).partial().optional(),
  }),
  environmentUrl: z.string().nullable(),
  state: z.string(),
  codeVerifier: z.string(),
});

function checkEnvironmentUrl(value: string | undefined): Result<string | null, FieldError> {
  if (value === undefined || value.trim() === '') return ok(null);
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'https:' || url.protocol === 'http:') return ok(url.origin);
  } catch {
    // reported below
  }
  return err({
    field: 'environmentUrl',
    code: 'invalid_url',
    message: 'must be the address of an AccountView environment, e.g. https://test.accountview.net',
  });
}

/**
 * Step 1: checks every field (all problems at once) and returns the AccountView address to send the browser to.
 * The state (hashed), the PKCE verifier and the typed settings (encrypted) are kept server-side for the callback.
 */
export async function beginConnect(
  deps: Pick<AppDeps, 'db' | 'clock' | 'secretBox' | 'config'>,
  input: AccountViewConnectInput & {
    readonly portalId: string;
    readonly userId: string;
    readonly redirectUri: string;
  },
): Promise<Result<{ authorizationUrl: string; attemptId: string }, readonly FieldError[]>> {
  const checked = validateAccountViewSettings({
    apiKey: input.apiKey,
    apiSecret: input.apiSecret,
    companyId: input.companyId,
    redirectUri: input.redirectUri,
    authorizeUrl: input.authorizeUrl,
    tokenUrl: input.tokenUrl,
    issuer: input.issuer,
  });
  const environment = checkEnvironmentUrl(input.environmentUrl);
  const problems = [
    ...(checked.ok ? [] : (checked.error.fieldErrors ?? [])),
    ...(environment.ok ? [] : [environment.error]),
  ];
  if (!checked.ok || !environment.ok || problems.length > 0) return err(problems);
  const endpoints = accountViewEndpoints(environment.value ?? undefined);
  const pending = await beginAccountViewConnect(checked.value, { endpoints });
  const payload = {
    settings: checked.value,
    environmentUrl: environment.value,
    state: pending.state,
    codeVerifier: pending.codeVerifier,
  };
  const attemptId = await insertOAuthAttempt(deps.db, {
    portalId: input.portalId,
    system: 'accountview',
    state: pending.state,
    payloadEnc: deps.secretBox.encrypt(JSON.stringify(payload)),
    userId: input.userId,
    expiresAt: new Date(deps.clock().getTime() + ATTEMPT_TTL_MS),
  });
  return ok({ authorizationUrl: pending.url, attemptId });
}

export type ConnectOutcome =
  | { readonly ok: true; readonly attemptId: string; readonly connectionId: string; readonly message: string }
  | {
      readonly ok: false;
      readonly attemptId: string | null;
      readonly reason: AccountViewConnectReason;
      readonly message: string;
      readonly fieldErrors: readonly FieldError[];
    };

/** Which form field an OAuth failure is about, so the connect page can point at it. */
function fieldsOf(error: ConnectorError): readonly FieldError[] {
  if (error.fieldErrors !== undefined && error.fieldErrors.length > 0) return error.fieldErrors;
  if (/client credentials|invalid_client|unauthorized_client/i.test(error.message)) {
    const message = 'AccountView does not accept this API key and API secret together';
    return [
      { field: 'apiKey', code: 'credentials_rejected', message },
      { field: 'apiSecret', code: 'credentials_rejected', message },
    ];
  }
  if (/redirect/i.test(error.message)) {
    return [
      {
        field: 'redirectUri',
        code: 'redirect_uri_mismatch',
        message: 'register exactly this redirect URI in AccountView.net',
      },
    ];
  }
  return [];
}

/**
 * Step 2 (the public callback): spends the attempt named by `state`, exchanges the code (PKCE), checks that the grant
 * reaches the onderneming and that AccountView's prerequisites are met, then stores the connection (credentials and
 * tokens encrypted). The outcome is recorded on the attempt for the settings page.
 */
export async function completeConnect(
  deps: Pick<AppDeps, 'db' | 'clock' | 'secretBox' | 'config'>,
  callbackUrl: URL,
  onConnected?: (connectionId: string) => Promise<void>,
): Promise<ConnectOutcome> {
  const state = callbackUrl.searchParams.get('state');
  if (state === null || state === '') {
    return {
      ok: false,
      attemptId: null,
      reason: 'state_missing',
      message: 'The AccountView callback has no state; start connecting again.',
      fieldErrors: [],
    };
  }
  const spent = await spendOAuthAttempt(deps.db, state, deps.clock());
  if (spent.kind !== 'ok') {
    const messages = {
      unknown: 'This AccountView callback does not belong to a connection attempt of crmhub; start connecting again.',
      used: 'This AccountView callback was already used; start connecting again.',
      expired: 'The connection attempt expired before AccountView answered (15 minutes); start connecting again.',
    } as const;
    return {
      ok: false,
      attemptId: spent.kind === 'unknown' ? null : spent.attempt.id,
      reason: `state_${spent.kind}` as const,
      message: messages[spent.kind],
      fieldErrors: [],
    };
  }
  const attemptId = spent.attempt.id;
  const fail = async (
    reason: AccountViewConnectReason,
    message: string,
    fieldErrors: readonly FieldError[],
  ): Promise<ConnectOutcome> => {
    await recordOAuthOutcome(deps.db, attemptId, { outcome: 'failed', message, reason, fieldErrors });
    return { ok: false, attemptId, reason, message, fieldErrors };
  };
  const payload = attemptPayloadSchema.safeParse(JSON.parse(deps.secretBox.decrypt(spent.payloadEnc)));
  if (!payload.success)
    return fail('attempt_unreadable', 'The stored connection attempt cannot be read; start again.', []);
  const { settings, environmentUrl, codeVerifier } = payload.data;
  const endpoints = accountViewEndpoints(environmentUrl ?? undefined);
  const tokenStore = createPgTokenStore(deps.db, deps.secretBox);
  const tempGrant = `attempt:${attemptId}`;
  const completed = await completeAccountViewConnect(
    settings,
    tempGrant,
    { callbackUrl, pending: { url: '', state, codeVerifier } },
    { tokenStore, clock: deps.clock, endpoints, outbound: deps.config.outbound },
  );
  if (!completed.ok) {
    await tokenStore.delete(tempGrant);
    return fail(completed.error.reason ?? completed.error.code, completed.error.message, fieldsOf(completed.error));
  }
  const tokens = await tokenStore.read(tempGrant);
  if (tokens === null) return fail('tokens_missing', 'AccountView issued no tokens; start connecting again.', []);
  const connectionId = await saveLiveConnection(deps.db, {
    portalId: spent.attempt.portalId,
    role: 'callerid_source',
    system: 'accountview',
    baseUrl: environmentUrl,
    credentialsEnc: encryptAccountViewCredentials(deps.secretBox, {
      ...settings,
      companies: [...completed.value.companies],
    }),
    now: deps.clock(),
  });
  await tokenStore.save(accountViewGrantId(connectionId), tokens);
  await tokenStore.delete(tempGrant);
  forgetLiveConnections(deps.db);
  const company = completed.value.companies.find((c) => c.id.toLowerCase() === settings.companyId.toLowerCase());
  const message = `AccountView is connected to onderneming ${company === undefined ? settings.companyId : `${company.code} (${company.description})`}.`;
  await recordOAuthOutcome(deps.db, attemptId, { outcome: 'connected', message, connectionId });
  if (onConnected !== undefined) await onConnected(connectionId);
  return { ok: true, attemptId, connectionId, message };
}

/** Disconnects AccountView: tokens, credentials and its phone numbers are deleted; assignments and the log stay. */
export async function disconnectAccountView(
  deps: Pick<AppDeps, 'db' | 'clock' | 'secretBox'>,
  portalId: string,
): Promise<string | null> {
  const connection = await findLiveConnection(deps.db, portalId, 'callerid_source', 'accountview');
  if (connection === null) return null;
  await createPgTokenStore(deps.db, deps.secretBox).delete(accountViewGrantId(connection.id));
  await disconnectConnection(deps.db, connection.id, deps.clock());
  await deleteConnectionEntries(deps.db, connection.id);
  forgetLiveConnections(deps.db);
  return connection.id;
}

export type RefreshOutcome = 'fresh' | 'refreshed' | 'needs_reconnect' | 'failed';

/**
 * Refreshes the access token when it expires within {@link REFRESH_AHEAD_MS}, under the grant's row lock (a rotating
 * refresh token is spent once, whichever worker gets there first). A refused grant marks the connection
 * `needs_reconnect`.
 */
export async function refreshAccountViewToken(
  deps: Pick<AppDeps, 'db' | 'clock' | 'secretBox' | 'config'>,
  connection: Connection,
): Promise<RefreshOutcome> {
  const settings = readAccountViewCredentials(connection, deps.secretBox);
  if (!settings.ok) {
    await markNeedsReconnect(deps.db, connection.id, settings.error, deps.clock());
    return 'needs_reconnect';
  }
  const store = createPgTokenStore(deps.db, deps.secretBox);
  const grantId = accountViewGrantId(connection.id);
  const before = await store.read(grantId);
  const cfg = accountViewOAuthConfig(settingsOf(settings.value), {
    endpoints: accountViewEndpoints(connection.baseUrl ?? undefined),
    outbound: deps.config.outbound,
  });
  const token = await ensureAccessToken(store, grantId, cfg, { now: deps.clock, skewMs: REFRESH_AHEAD_MS });
  if (!token.ok) {
    if (token.error.code === 'auth_expired' || token.error.code === 'auth_invalid') {
      await markNeedsReconnect(deps.db, connection.id, token.error, deps.clock());
      return 'needs_reconnect';
    }
    await recordConnectionError(deps.db, connection.id, token.error, deps.clock());
    return 'failed';
  }
  return token.value === before?.accessToken ? 'fresh' : 'refreshed';
}
