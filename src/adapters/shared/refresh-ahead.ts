/** When to refresh an OAuth access token: at a share of the lifetime actually granted, never closer than a floor. */
import type { OAuthTokens } from './oauth2.js';

export type RefreshAheadPolicy = {
  /** Refresh once this share of the granted lifetime has passed (0.8: a one-hour token is refreshed after 48 min). */
  readonly at: number;
  /** Refresh at least this long before expiry, but never later than half-way through a shorter lifetime. */
  readonly minMs: number;
  /** The window for tokens whose issue time is unknown (stored before it was recorded). */
  readonly unknownLifetimeMs: number;
};

export const DEFAULT_REFRESH_AHEAD: RefreshAheadPolicy = { at: 0.8, minMs: 30_000, unknownLifetimeMs: 5 * 60_000 };

/**
 * The stale window of a grant: `(1 - at) × lifetime`, at least `minMs`. The floor is capped at half the lifetime, so a
 * token shorter than the floor (5 s in tests) is still used for half its life, not refreshed on every call.
 */
export function refreshAheadOf(policy: RefreshAheadPolicy = DEFAULT_REFRESH_AHEAD): (tokens: OAuthTokens) => number {
  return (tokens: OAuthTokens): number => {
    if (tokens.expiresAt === null) return policy.minMs;
    const issued = tokens.issuedAt === undefined || tokens.issuedAt === null ? NaN : Date.parse(tokens.issuedAt);
    const lifetime = Date.parse(tokens.expiresAt) - issued;
    if (!Number.isFinite(lifetime) || lifetime <= 0) return Math.max(policy.minMs, policy.unknownLifetimeMs);
    return Math.max(lifetime * (1 - policy.at), Math.min(policy.minMs, lifetime / 2));
  };
}
