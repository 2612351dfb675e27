/** The HTTP contract of single sign-on: the administrator's settings, the login page's option and the callback. */
import { z } from 'zod';

export const ssoProviders = ['microsoft', 'google', 'oidc'] as const;
export type SsoProviderKind = (typeof ssoProviders)[number];

/** The codes the sign-in callback puts in `/login?sso_error=`; the same codes as the API's problems. */
export const ssoErrorCodes = [
  'sso_not_enabled',
  'sso_state_invalid',
  'sso_provider_error',
  'sso_email_unverified',
  'sso_user_unknown',
  'sso_user_deactivated',
] as const;
export type SsoErrorCode = (typeof ssoErrorCodes)[number];

/** The settings as an administrator sees them: the client secret is never returned, only whether one is stored. */
export const ssoSettingsSchema = z.object({
  enabled: z.boolean(),
  provider: z.enum(ssoProviders).nullable(),
  tenantId: z.string().nullable(),
  issuerUrl: z.string().nullable(),
  /** The issuer crmhub talks to (derived from the provider and tenant). */
  issuer: z.string().nullable(),
  clientId: z.string().nullable(),
  hasClientSecret: z.boolean(),
  allowPasswordLogin: z.boolean(),
  /** Register exactly this address at the provider. */
  redirectUri: z.string(),
  updatedAt: z.iso.datetime().nullable(),
});
export type SsoSettingsView = z.infer<typeof ssoSettingsSchema>;

export const ssoSettingsBody = z.strictObject({
  enabled: z.boolean(),
  provider: z.enum(ssoProviders),
  /** Microsoft Entra ID only: the directory (tenant) id. */
  tenantId: z.string().trim().max(64).optional(),
  /** `oidc` only: the issuer URL (its discovery document is at `/.well-known/openid-configuration`). */
  issuerUrl: z.string().trim().max(2048).optional(),
  clientId: z.string().trim().min(1, 'must not be empty').max(512),
  /** Leave out (or empty) to keep the stored secret. */
  clientSecret: z.string().max(2048).optional(),
  /** Off: only portal administrators may still log in with a password (so one way in always remains). */
  allowPasswordLogin: z.boolean().default(true),
});
export type SsoSettingsInput = z.infer<typeof ssoSettingsBody>;

/** What the login page offers. */
export const ssoLoginOptionSchema = z.object({
  enabled: z.boolean(),
  provider: z.enum(ssoProviders).nullable(),
  passwordLogin: z.enum(['everyone', 'administrators']),
});
export type SsoLoginOptionView = z.infer<typeof ssoLoginOptionSchema>;

export const ssoCallbackQuery = z.looseObject({
  code: z.string().max(4096).optional(),
  state: z.string().max(1024).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(2048).optional(),
});
