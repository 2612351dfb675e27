/** The HTTP contract of connecting the Yuki Platform API with Visma Connect (OAuth 2.0 code flow with state + PKCE). */
import { z } from 'zod';

import { fieldProblemSchema } from './problem.contract.js';

/** What the portal connection page shows about the Platform API grant; each is worded by the web UI (docs/errors.md). */
export const vismaConnectProblems = [
  /** The portal has no Platform API grant yet. */
  'visma_connect_not_connected',
  /** The grant was revoked or expired (invalid_grant): connect again. */
  'visma_connect_reconnect',
  /** A pasted Platform API token from before Visma Connect is stored; it is not used. */
  'visma_connect_legacy_token',
] as const;

/** Why the last connect attempt failed (the `reason` of the redirect back to the settings page). */
export const vismaConnectFailures = [
  'state_missing',
  'state_unknown',
  'state_used',
  'state_expired',
  'attempt_unreadable',
  'access_denied',
  'client_rejected',
  'code_rejected',
  'scope_missing',
  'token_endpoint_unavailable',
  'not_connected',
] as const;
export type VismaConnectFailure = (typeof vismaConnectFailures)[number];

export const vismaConnectStatusSchema = z.object({
  redirectUri: z.string().describe('Register exactly this redirect URI in the Visma Developer Portal'),
  defaults: z.object({ authorizeUrl: z.string(), tokenUrl: z.string(), scope: z.string() }),
  portalConnected: z.boolean(),
  grant: z
    .object({
      clientId: z.string(),
      portalId: z.string(),
      scope: z.string(),
      authorizeUrl: z.string(),
      tokenUrl: z.string(),
      grantedScope: z.string().nullable(),
      tokenExpiresAt: z.string().nullable(),
    })
    .nullable(),
  problem: z.enum(vismaConnectProblems).nullable(),
  lastAttempt: z
    .object({
      startedAt: z.string(),
      outcome: z.enum(['pending', 'connected', 'failed', 'expired']),
      fieldErrors: z.array(fieldProblemSchema),
    })
    .nullable(),
});
export type VismaConnectStatusView = z.infer<typeof vismaConnectStatusSchema>;

export const vismaConnectConnectBody = z.strictObject({
  clientId: z.string().max(200).optional().describe('Client id of the application in the Visma Developer Portal'),
  clientSecret: z.string().max(500).optional().describe('Its client secret'),
  yukiPortalId: z.string().max(100).optional().describe('The Yuki portal GUID (Platform API)'),
  scope: z
    .string()
    .max(1000)
    .optional()
    .describe('Space-separated scopes; default yukiapi:portal:portals:read offline_access'),
  authorizeUrl: z.string().max(500).optional().describe('Full authorize URL; default https://auth.visma.com/authorize'),
  tokenUrl: z.string().max(500).optional().describe('Full token URL; default https://auth.visma.com/token'),
});
export type VismaConnectConnectInput = z.infer<typeof vismaConnectConnectBody>;

export const vismaConnectConnectSchema = z.object({
  authorizationUrl: z.string(),
  redirectUri: z.string(),
});
