/** Signing in with single sign-on: to the provider and back, then a session for the existing, active user of that e-mail. */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

import { insertOAuthAttempt, spendOAuthAttempt } from '../../adapters/db/repos/oauth-attempts.repo.js';
import { findInstallationSsoSettings } from '../../adapters/db/repos/portal-sso.repo.js';
import { findUserByEmail, recordLoginSuccess } from '../../adapters/db/repos/users.repo.js';
import { issuerOf, signInEmail } from '../../adapters/oidc/claims.js';
import { beginSignIn, discoverProvider, finishSignIn } from '../../adapters/oidc/oidc-client.js';
import { ok } from '../../core/result.js';
import { fail } from './failure.js';
import { startSession } from './login.js';
import { ssoRedirectUri } from './sso-settings.js';

import type { Configuration } from 'openid-client';
import type { SsoSettings } from '../../adapters/db/repos/portal-sso.repo.js';
import type { Result } from '../../core/result.js';
import type { AppDeps } from '../deps.js';
import type { Failure, Outcome } from './failure.js';
import type { LoginResult } from './login.js';

/** How long the user has to sign in at the provider before the attempt expires. */
export const SSO_ATTEMPT_TTL_MS = 10 * 60_000;
const SYSTEM = 'sso';

const payloadSchema = z.object({
  issuer: z.string(),
  redirectUri: z.string(),
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  bindingHash: z.string(),
});

const hashBinding = (binding: string): string =>
  createHash('sha256').update(`sso-binding:${binding}`).digest('base64url');

async function enabledProvider(
  deps: AppDeps,
): Promise<Result<{ settings: SsoSettings; config: Configuration }, Failure>> {
  const settings = await findInstallationSsoSettings(deps.db);
  if (settings === null || !settings.enabled) return fail('sso_not_enabled', 'single sign-on is not turned on');
  const discovered = await discoverProvider({
    issuer: issuerOf(settings),
    clientId: settings.clientId,
    clientSecret: deps.secretBox.decrypt(settings.clientSecretEnc),
    outbound: deps.config.outbound,
  });
  if (!discovered.ok) {
    return fail('sso_provider_error', discovered.error.message, { reason: discovered.error.reason });
  }
  return ok({ settings, config: discovered.value });
}

/**
 * Step 1: the provider's sign-in address. State, nonce and PKCE verifier are kept server-side (encrypted, single use,
 * {@link SSO_ATTEMPT_TTL_MS}); `binding` goes into a cookie so only the browser that started can finish.
 */
export async function startSsoSignIn(
  deps: AppDeps,
  input: { readonly requestOrigin: string },
): Promise<Outcome<{ url: string; binding: string }>> {
  const provider = await enabledProvider(deps);
  if (!provider.ok) return provider;
  const { settings, config } = provider.value;
  const redirectUri = ssoRedirectUri(deps.config.publicUrl, input.requestOrigin);
  const pending = await beginSignIn(config, { redirectUri });
  const binding = randomBytes(32).toString('base64url');
  const payload = {
    issuer: issuerOf(settings),
    redirectUri,
    state: pending.state,
    nonce: pending.nonce,
    codeVerifier: pending.codeVerifier,
    bindingHash: hashBinding(binding),
  } satisfies z.infer<typeof payloadSchema>;
  await insertOAuthAttempt(deps.db, {
    portalId: settings.portalId,
    system: SYSTEM,
    state: pending.state,
    payloadEnc: deps.secretBox.encrypt(JSON.stringify(payload)),
    userId: null,
    expiresAt: new Date(deps.clock().getTime() + SSO_ATTEMPT_TTL_MS),
  });
  return ok({ url: pending.url, binding });
}

/** Spends the attempt the callback's state names; unknown, used, expired or started in another browser all fail alike. */
async function spendAttempt(
  deps: AppDeps,
  state: string | undefined,
  binding: string | undefined,
): Promise<Outcome<z.infer<typeof payloadSchema>>> {
  const invalid = fail('sso_state_invalid', 'this sign-in is unknown, already used or expired; sign in again');
  if (state === undefined || state === '' || binding === undefined || binding === '') return invalid;
  const spent = await spendOAuthAttempt(deps.db, state, deps.clock());
  if (spent.kind !== 'ok' || spent.attempt.system !== SYSTEM) return invalid;
  const payload = payloadSchema.safeParse(JSON.parse(deps.secretBox.decrypt(spent.payloadEnc)));
  // Hashes of a random value are compared, so a timing difference reveals nothing about the cookie.
  if (!payload.success || payload.data.bindingHash !== hashBinding(binding)) return invalid;
  return ok(payload.data);
}

/**
 * Step 2 (the public callback): checks the attempt and the ID token, then starts a session for the existing, active
 * crmhub user with that e-mail (case-insensitive). Never creates a user; on any failure nothing is changed.
 */
export async function finishSsoSignIn(
  deps: AppDeps,
  input: { readonly query: URLSearchParams; readonly binding: string | undefined; readonly userAgent: string | null },
): Promise<Outcome<LoginResult>> {
  const attempt = await spendAttempt(deps, input.query.get('state') ?? undefined, input.binding);
  if (!attempt.ok) return attempt;
  const provider = await enabledProvider(deps);
  if (!provider.ok) return provider;
  const { settings, config } = provider.value;
  if (issuerOf(settings) !== attempt.value.issuer) {
    return fail('sso_state_invalid', 'the single sign-on settings changed during this sign-in; sign in again');
  }
  const claims = await finishSignIn(config, {
    redirectUri: attempt.value.redirectUri,
    query: input.query,
    pending: attempt.value,
  });
  if (!claims.ok) return fail('sso_provider_error', claims.error.message, { reason: claims.error.reason });
  const identity = signInEmail(settings.provider, claims.value);
  if (identity.kind !== 'email') {
    return fail('sso_email_unverified', 'the provider did not confirm an e-mail address for this account');
  }
  const user = await findUserByEmail(deps.db, identity.email);
  if (user === null || user.portalId !== settings.portalId) {
    return fail('sso_user_unknown', 'no crmhub user has this e-mail address; ask a portal administrator to add you');
  }
  if (!user.active) return fail('sso_user_deactivated', 'this crmhub user is deactivated');
  await recordLoginSuccess(deps.db, user.id, deps.clock());
  const { passwordHash: _hash, active: _active, temporaryPasswordExpiresAt: _expires, ...publicUser } = user;
  return ok(await startSession(deps, publicUser, { userAgent: input.userAgent }));
}
