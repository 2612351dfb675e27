/** Settings → Single sign-on: what an administrator sees and changes; the provider is checked before anything is saved. */
import { appendAudit } from '../../adapters/db/repos/audit.repo.js';
import {
  findInstallationSsoSettings,
  findSsoSettings,
  saveSsoSettings,
} from '../../adapters/db/repos/portal-sso.repo.js';
import { issuerOf, TENANT_PATTERN } from '../../adapters/oidc/claims.js';
import { discoverProvider } from '../../adapters/oidc/oidc-client.js';
import { ok } from '../../core/result.js';
import { fail } from './failure.js';
import { refusedUrl } from './outbound-url.js';

import type { SsoSettings } from '../../adapters/db/repos/portal-sso.repo.js';
import type { User } from '../../adapters/db/repos/users.repo.js';
import type { OidcFailure } from '../../adapters/oidc/oidc-client.js';
import type { SsoLoginOptionView, SsoSettingsInput, SsoSettingsView } from '../../contract/sso.contract.js';
import type { Err } from '../../core/result.js';
import type { AppDeps } from '../deps.js';
import type { Failure, FieldProblem, Outcome } from './failure.js';

export const SSO_CALLBACK_PATH = '/api/auth/sso/callback';

/** The callback URL to register at the provider: CRMHUB_PUBLIC_URL when set, else the address the admin uses. */
export function ssoRedirectUri(publicUrl: string | null, requestOrigin: string): string {
  return `${(publicUrl ?? requestOrigin).replace(/\/+$/, '')}${SSO_CALLBACK_PATH}`;
}

function view(settings: SsoSettings | null, redirectUri: string): SsoSettingsView {
  return {
    enabled: settings?.enabled ?? false,
    provider: settings?.provider ?? null,
    tenantId: settings?.tenantId ?? null,
    issuerUrl: settings?.issuerUrl ?? null,
    issuer: settings === null ? null : issuerOf(settings),
    clientId: settings?.clientId ?? null,
    hasClientSecret: settings !== null,
    allowPasswordLogin: settings?.allowPasswordLogin ?? true,
    redirectUri,
    updatedAt: settings?.updatedAt.toISOString() ?? null,
  };
}

export async function ssoSettingsView(
  deps: AppDeps,
  portalId: string,
  requestOrigin: string,
): Promise<SsoSettingsView> {
  return view(await findSsoSettings(deps.db, portalId), ssoRedirectUri(deps.config.publicUrl, requestOrigin));
}

/** What the public login page offers: the SSO button, and whether everyone may still use a password. */
export async function ssoLoginOption(deps: Pick<AppDeps, 'db'>): Promise<SsoLoginOptionView> {
  const settings = await findInstallationSsoSettings(deps.db);
  const enabled = settings?.enabled ?? false;
  return {
    enabled,
    provider: enabled ? (settings?.provider ?? null) : null,
    passwordLogin: enabled && settings?.allowPasswordLogin === false ? 'administrators' : 'everyone',
  };
}

/** Whether this user may log in with a password: always for administrators, else unless SSO replaced it. */
export async function passwordLoginAllowed(deps: Pick<AppDeps, 'db'>, user: User): Promise<boolean> {
  if (user.role === 'portal_admin') return true;
  const settings = await findSsoSettings(deps.db, user.portalId);
  return settings === null || !settings.enabled || settings.allowPasswordLogin;
}

function fieldProblems(deps: AppDeps, input: SsoSettingsInput, stored: SsoSettings | null): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.provider === 'microsoft' && !TENANT_PATTERN.test(input.tenantId ?? '')) {
    problems.push({
      field: 'body.tenantId',
      code: 'invalid_guid',
      message: 'must be the directory (tenant) id, a GUID from Entra ID',
    });
  }
  if (input.provider === 'oidc') {
    const issuer = input.issuerUrl ?? '';
    const refused = refusedUrl(deps, issuer, 'body.issuerUrl');
    if (!URL.canParse(issuer) || !/^https?:$/.test(new URL(issuer).protocol)) {
      problems.push({
        field: 'body.issuerUrl',
        code: 'invalid_url',
        message: 'must be the issuer URL, e.g. https://login.example.com',
      });
    } else if (refused !== null) {
      problems.push(...(refused.error.errors ?? []));
    }
  }
  if ((input.clientSecret ?? '') === '' && stored === null) {
    problems.push({ field: 'body.clientSecret', code: 'required', message: 'must not be empty' });
  }
  return problems;
}

function providerFailure(input: SsoSettingsInput, failure: OidcFailure): Err<Failure> {
  const field = input.provider === 'microsoft' ? 'body.tenantId' : input.provider === 'oidc' ? 'body.issuerUrl' : null;
  return fail('sso_provider_error', failure.message, {
    reason: failure.reason,
    ...(field === null ? {} : { errors: [{ field, code: 'system_refused', message: failure.message }] }),
  });
}

/**
 * Saves the settings (secret encrypted; an empty secret keeps the stored one). Turning SSO on first reads the
 * provider's discovery document, so a wrong tenant or issuer is reported at once and nothing is saved.
 */
export async function changeSsoSettings(
  deps: AppDeps,
  user: User,
  input: SsoSettingsInput,
  requestOrigin: string,
): Promise<Outcome<SsoSettingsView>> {
  const stored = await findSsoSettings(deps.db, user.portalId);
  const problems = fieldProblems(deps, input, stored);
  if (problems.length > 0)
    return fail('validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
  const next = {
    portalId: user.portalId,
    enabled: input.enabled,
    provider: input.provider,
    tenantId: input.provider === 'microsoft' ? (input.tenantId ?? null) : null,
    issuerUrl: input.provider === 'oidc' ? (input.issuerUrl ?? null) : null,
    clientId: input.clientId,
    clientSecretEnc:
      (input.clientSecret ?? '') === ''
        ? (stored?.clientSecretEnc ?? '')
        : deps.secretBox.encrypt(input.clientSecret ?? ''),
    allowPasswordLogin: input.allowPasswordLogin,
  };
  if (next.enabled) {
    const discovered = await discoverProvider({
      issuer: issuerOf(next),
      clientId: next.clientId,
      clientSecret: deps.secretBox.decrypt(next.clientSecretEnc),
      outbound: deps.config.outbound,
    });
    if (!discovered.ok) return providerFailure(input, discovered.error);
  }
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await saveSsoSettings(trx, { ...next, updatedBy: user.id, now });
    await appendAudit(trx, [
      {
        portalId: user.portalId,
        action: 'sso_settings_changed',
        actorUserId: user.id,
        details: { enabled: next.enabled, provider: next.provider, allowPasswordLogin: next.allowPasswordLogin },
        at: now,
      },
    ]);
  });
  return ok(view(await findSsoSettings(deps.db, user.portalId), ssoRedirectUri(deps.config.publicUrl, requestOrigin)));
}
