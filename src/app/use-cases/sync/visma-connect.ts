/** Connecting the Yuki Platform API with Visma Connect (code flow, state + PKCE): start, callback, disconnect. */
import { z } from 'zod';

import { appendAudit } from '../../../adapters/db/repos/audit.repo.js';
import { findLiveConnection, updateConnectionCredentials } from '../../../adapters/db/repos/connections.repo.js';
import {
  insertOAuthAttempt,
  recordOAuthOutcome,
  spendOAuthAttempt,
} from '../../../adapters/db/repos/oauth-attempts.repo.js';
import { createPgTokenStore } from '../../../adapters/db/repos/oauth-grants.repo.js';
import { createAuthorizationRequest, exchangeAuthorizationCode } from '../../../adapters/shared/oauth2.js';
import {
  parseVismaConnectSettings,
  vismaConnectOAuthConfig,
  vismaConnectSettingsSchema,
} from '../../../adapters/yuki/visma-connect.js';
import { ok } from '../../../core/result.js';
import { fieldsFailure } from '../callerid/validation.js';
import { fail } from '../failure.js';
import { liveConnection } from './connection-lifecycle.js';
import { connectionGrantId, portalCredentialsSchema, readCredentials, sealCredentials } from './connectors.js';

import type { VismaConnectConnectInput, VismaConnectFailure } from '../../../contract/visma-connect.contract.js';
import type { ConnectorError } from '../../../core/connector.js';
import type { AppDeps } from '../../deps.js';
import type { FieldProblem, Outcome } from '../failure.js';

export const VISMA_CONNECT_CALLBACK_PATH = '/api/connections/portal/visma-connect/callback';
const ATTEMPT_TTL_MS = 15 * 60_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The attempts of this flow are kept under the portal system's id. */
const SYSTEM = 'yuki';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'secretBox' | 'config'>;

/** The callback URL to register in the Visma Developer Portal: CRMHUB_PUBLIC_URL when set, else the admin's address. */
export function vismaConnectRedirectUri(publicUrl: string | null, requestOrigin: string): string {
  return `${(publicUrl ?? requestOrigin).replace(/\/+$/, '')}${VISMA_CONNECT_CALLBACK_PATH}`;
}

const payloadSchema = z.object({
  connectionId: z.uuid(),
  yukiPortalId: z.string(),
  settings: vismaConnectSettingsSchema,
  codeVerifier: z.string(),
});

/** The stored attempt, decrypted and checked; null when the secret key changed or it is not ours. */
function readPayload(deps: Deps, payloadEnc: string): z.infer<typeof payloadSchema> | null {
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(deps.secretBox.decrypt(payloadEnc)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Step 1: checks every field at once and returns the Visma Connect page to send the browser to. */
export async function startVismaConnect(
  deps: Deps,
  input: VismaConnectConnectInput & {
    readonly portalId: string;
    readonly userId: string;
    readonly requestOrigin: string;
  },
): Promise<Outcome<{ authorizationUrl: string; redirectUri: string }>> {
  const connection = await findLiveConnection(deps.db, input.portalId, 'portal_target');
  if (connection === null) return fail('not_connected', 'connect the portal with its web service access key first');
  const redirectUri = vismaConnectRedirectUri(deps.config.publicUrl, input.requestOrigin);
  const { portalId: _p, userId: _u, requestOrigin: _o, yukiPortalId, ...fields } = input;
  const parsed = parseVismaConnectSettings({ ...fields, redirectUri }, connection.baseUrl);
  const problems: FieldProblem[] = parsed.ok ? [] : [...(parsed.error.fieldErrors ?? [])];
  const guid = yukiPortalId?.trim() ?? '';
  if (!GUID.test(guid))
    problems.push({ field: 'yukiPortalId', code: 'invalid_guid', message: 'must be the portal GUID' });
  if (!parsed.ok || problems.length > 0) return fieldsFailure(problems, 'body.');
  const request = await createAuthorizationRequest(vismaConnectOAuthConfig(parsed.value, deps.config.outbound));
  const payload = {
    connectionId: connection.id,
    yukiPortalId: guid.toLowerCase(),
    settings: parsed.value,
    codeVerifier: request.codeVerifier,
  };
  await insertOAuthAttempt(deps.db, {
    portalId: input.portalId,
    system: SYSTEM,
    state: request.state,
    payloadEnc: deps.secretBox.encrypt(JSON.stringify(payload)),
    userId: input.userId,
    expiresAt: new Date(deps.clock().getTime() + ATTEMPT_TTL_MS),
  });
  return ok({ authorizationUrl: request.url, redirectUri });
}

export type VismaConnectOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: VismaConnectFailure };

/** Which failure code an OAuth error is (the settings page words it; docs/errors.md#visma-connect). */
function reasonOf(error: ConnectorError): VismaConnectFailure {
  if (/access_denied/.test(error.message)) return 'access_denied';
  if (/client credentials|invalid_client|unauthorized_client/.test(error.message)) return 'client_rejected';
  if (error.code === 'transient' || error.code === 'rate_limited') return 'token_endpoint_unavailable';
  return 'code_rejected';
}

/** True when every requested `yukiapi:` scope was granted (a server that names no scope granted what was asked). */
function scopeGranted(requested: string, granted: string | null): boolean {
  if (granted === null) return true;
  const have = new Set(granted.split(' '));
  return requested
    .split(' ')
    .filter((s) => s.startsWith('yukiapi:'))
    .every((s) => have.has(s));
}

/**
 * Step 2 (the public callback): spends the attempt named by `state`, exchanges the code with the PKCE verifier,
 * checks the granted scope, stores the tokens (encrypted) under the connection's grant and the client with the
 * connection's credentials. A pasted token stored before is dropped.
 */
export async function finishVismaConnect(deps: Deps, callbackUrl: URL): Promise<VismaConnectOutcome> {
  const state = callbackUrl.searchParams.get('state');
  if (state === null || state === '') return { ok: false, reason: 'state_missing' };
  const spent = await spendOAuthAttempt(deps.db, state, deps.clock());
  if (spent.kind !== 'ok') return { ok: false, reason: `state_${spent.kind}` };
  const attemptId = spent.attempt.id;
  const failed = async (reason: VismaConnectFailure, fieldErrors: readonly FieldProblem[] = []) => {
    await recordOAuthOutcome(deps.db, attemptId, { outcome: 'failed', message: reason, reason, fieldErrors });
    return { ok: false, reason } as const;
  };
  const payload = readPayload(deps, spent.payloadEnc);
  if (payload === null) return failed('attempt_unreadable');
  const { connectionId, yukiPortalId, settings, codeVerifier } = payload;
  const connection = await findLiveConnection(deps.db, spent.attempt.portalId, 'portal_target');
  if (connection?.id !== connectionId) return failed('not_connected');
  const cfg = vismaConnectOAuthConfig(settings, deps.config.outbound);
  const tokens = await exchangeAuthorizationCode(
    cfg,
    { callbackUrl, expectedState: state, codeVerifier },
    deps.clock(),
  );
  if (!tokens.ok) return failed(reasonOf(tokens.error), []);
  if (!scopeGranted(settings.scope, tokens.value.scope)) return failed('scope_missing');
  const stored = readCredentials(deps, connection, portalCredentialsSchema);
  if (stored === null) return failed('not_connected');
  const now = deps.clock();
  await createPgTokenStore(deps.db, deps.secretBox).save(connectionGrantId(connectionId), tokens.value);
  await updateConnectionCredentials(deps.db, connectionId, {
    baseUrl: connection.baseUrl,
    credentialsEnc: sealCredentials(deps, {
      ...stored,
      platformToken: null,
      portalId: yukiPortalId,
      vismaConnect: settings,
    }),
    now,
  });
  await appendAudit(deps.db, [
    {
      portalId: spent.attempt.portalId,
      action: 'portal_connected',
      actorUserId: spent.attempt.userId,
      at: now,
      details: { system: 'yuki', platformApi: 'visma_connect' },
    },
  ]);
  await recordOAuthOutcome(deps.db, attemptId, { outcome: 'connected', message: 'connected', connectionId });
  return { ok: true };
}

/** Ends the Platform API grant: its tokens are deleted and the client forgotten; SOAP keeps working. */
export async function disconnectVismaConnect(deps: Deps, portalId: string): Promise<Outcome<void>> {
  const live = await liveConnection(deps, portalId, 'portal_target');
  if (!live.ok) return live;
  const connection = live.value;
  const stored = readCredentials(deps, connection, portalCredentialsSchema);
  if (stored === null) return fail('not_connected', 'there is no portal connection');
  await createPgTokenStore(deps.db, deps.secretBox).delete(connectionGrantId(connection.id));
  await updateConnectionCredentials(deps.db, connection.id, {
    baseUrl: connection.baseUrl,
    credentialsEnc: sealCredentials(deps, { ...stored, platformToken: null, vismaConnect: null }),
    now: deps.clock(),
  });
  return ok(undefined);
}
