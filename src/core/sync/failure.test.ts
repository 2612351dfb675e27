import { describe, expect, it } from 'vitest';

import { changeFailureCodeOf, decideOnFailure, isGrantReason, nextAmsterdamMidnight } from './failure.js';

const now = new Date('2026-11-22T10:00:00Z');

describe('decideOnFailure', () => {
  it('retries transient failures with exponential backoff, then gives up', () => {
    const first = decideOnFailure({ code: 'transient' }, 1, now);
    const second = decideOnFailure({ code: 'transient' }, 2, now);
    expect(first).toEqual({ kind: 'retry', at: new Date(now.getTime() + 30_000) });
    expect(second).toEqual({ kind: 'retry', at: new Date(now.getTime() + 60_000) });
    expect(decideOnFailure({ code: 'transient' }, 6, now)).toEqual({
      kind: 'give_up',
      reason: 'transient',
      needsReconnect: false,
    });
  });

  it('honours a retry-after longer than the backoff', () => {
    expect(decideOnFailure({ code: 'rate_limited', retryAfterMs: 120_000 }, 1, now)).toEqual({
      kind: 'retry',
      at: new Date(now.getTime() + 120_000),
    });
  });

  it('waits for the next Amsterdam day when the daily quota is spent', () => {
    expect(decideOnFailure({ code: 'quota_exhausted' }, 1, now)).toEqual({
      kind: 'wait_for_quota',
      at: new Date('2026-11-22T23:01:00Z'),
    });
  });

  it('stops at once for credential problems and asks for a reconnect', () => {
    expect(decideOnFailure({ code: 'auth_invalid' }, 1, now)).toMatchObject({ kind: 'give_up', needsReconnect: true });
    expect(decideOnFailure({ code: 'rejected' }, 1, now)).toMatchObject({ kind: 'give_up', needsReconnect: false });
  });
});

describe('nextAmsterdamMidnight', () => {
  it('follows summer time', () => {
    expect(nextAmsterdamMidnight(new Date('2026-07-01T12:00:00Z'))).toEqual(new Date('2026-07-01T22:01:00Z'));
  });
});

describe('changeFailureCodeOf (what a person must do about a change the portal did not take)', () => {
  it.each([
    [{ code: 'auth_expired', reason: 'grant_refused' }, 'portal_grant_reconnect'],
    [{ code: 'auth_invalid', reason: 'grant_missing' }, 'portal_grant_reconnect'],
    [{ code: 'forbidden', reason: 'scope_missing' }, 'portal_grant_scope'],
    [{ code: 'quota_exhausted' }, 'portal_quota_exhausted'],
    [{ code: 'auth_invalid' }, 'portal_reconnect'],
    [{ code: 'forbidden' }, 'portal_reconnect'],
    [{ code: 'rejected' }, null],
    [{ code: 'transient' }, null],
  ] as const)('%o → %s', (error, code) => {
    expect(changeFailureCodeOf(error)).toBe(code);
  });

  it('tells a grant problem from one of the connection itself', () => {
    expect(isGrantReason('grant_refused')).toBe(true);
    expect(isGrantReason('scope_missing')).toBe(true);
    expect(isGrantReason('issuer_mismatch')).toBe(false);
    expect(isGrantReason(undefined)).toBe(false);
  });
});
