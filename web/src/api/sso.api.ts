// Client for single sign-on: what the login page offers, and Settings → Single sign-on (portal administrators).
import { ssoErrorCodes, ssoLoginOptionSchema, ssoSettingsSchema } from '../../../src/contract/sso.contract.js';
import { ApiError, sendJson } from '../api.js';

import type {
  SsoLoginOptionView,
  SsoProviderKind,
  SsoSettingsInput,
  SsoSettingsView,
} from '../../../src/contract/sso.contract.js';

export type { SsoLoginOptionView, SsoProviderKind, SsoSettingsInput, SsoSettingsView };

/** Where the browser goes to sign in at the provider (a full page navigation, not a fetch). */
export const SSO_START_PATH = '/api/auth/sso/start';

export async function getSsoLoginOption(): Promise<SsoLoginOptionView> {
  return sendJson(ssoLoginOptionSchema, 'GET', '/api/auth/sso');
}

export async function getSsoSettings(): Promise<SsoSettingsView> {
  return sendJson(ssoSettingsSchema, 'GET', '/api/settings/sso');
}

export async function saveSsoSettings(input: SsoSettingsInput): Promise<SsoSettingsView> {
  return sendJson(ssoSettingsSchema, 'PUT', '/api/settings/sso', input);
}

/** The error a failed sign-in came back with (`/login?sso_error=…`), as an ApiError for the login alert. */
export function ssoErrorFrom(search: string): ApiError | null {
  const code = new URLSearchParams(search).get('sso_error');
  const known = ssoErrorCodes.find((candidate) => candidate === code);
  return known === undefined ? null : new ApiError({ status: 0, code: known, message: '' });
}
