// Refresh-ahead follows the lifetime granted: 80% of an hour, half of a 5-second token, a floor for unknown lifetimes.
import { describe, expect, it } from 'vitest';

import { isFresh } from './oauth2.js';
import { refreshAheadOf } from './refresh-ahead.js';

const issued = Date.UTC(2026, 11, 7, 9, 0, 0);
const tokens = (lifetimeMs: number, knownIssue = true) => ({
  accessToken: 'a',
  refreshToken: 'r',
  tokenType: 'Bearer',
  scope: null,
  expiresAt: new Date(issued + lifetimeMs).toISOString(),
  issuedAt: knownIssue ? new Date(issued).toISOString() : null,
});

describe('refresh ahead of expiry', () => {
  const skew = refreshAheadOf();
  it('refreshes a one-hour token after 48 minutes, not before', () => {
    expect(isFresh(tokens(3600_000), new Date(issued + 47 * 60_000), skew)).toBe(true);
    expect(isFresh(tokens(3600_000), new Date(issued + 48 * 60_000 + 1), skew)).toBe(false);
  });
  it('uses a 5-second token for half its life instead of refreshing on every call', () => {
    expect(isFresh(tokens(5000), new Date(issued + 2000), skew)).toBe(true);
    expect(isFresh(tokens(5000), new Date(issued + 2600), skew)).toBe(false);
  });
  it('keeps at least 30 seconds before expiry for mid-length tokens, and 5 minutes when the issue time is unknown', () => {
    expect(skew(tokens(100_000))).toBe(30_000);
    expect(skew(tokens(3600_000, false))).toBe(300_000);
  });
});
