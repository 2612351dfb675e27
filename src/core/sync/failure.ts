/** Decides what a failed external call means for the work item: retry later, or stop and tell a person. */
import type { ConnectorErrorCode, ConnectorReason } from '../connector.js';

export type FailureDecision =
  | { readonly kind: 'retry'; readonly at: Date }
  | { readonly kind: 'wait_for_quota'; readonly at: Date }
  | { readonly kind: 'give_up'; readonly reason: ConnectorErrorCode; readonly needsReconnect: boolean };

export type FailurePolicy = { readonly maxAttempts: number; readonly baseDelayMs: number; readonly maxDelayMs: number };

export const defaultFailurePolicy: FailurePolicy = { maxAttempts: 6, baseDelayMs: 30_000, maxDelayMs: 3_600_000 };

/** Start of the next day in Europe/Amsterdam, when Yuki's daily quota resets. */
export function nextAmsterdamMidnight(now: Date): Date {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string): number => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const secondsIntoDay = get('hour') * 3600 + get('minute') * 60 + get('second');
  return new Date(now.getTime() + (86_400 - secondsIntoDay) * 1000 + 60_000);
}

/**
 * Pure decision after a failed attempt (`attempt` counts from 1). Transient failures and rate limits retry with
 * exponential backoff (honouring retry-after); an exhausted daily quota waits for the next day; credential and data
 * problems stop at once, because retrying cannot fix them.
 */
export function decideOnFailure(
  error: { readonly code: ConnectorErrorCode; readonly retryAfterMs?: number },
  attempt: number,
  now: Date,
  policy: FailurePolicy = defaultFailurePolicy,
): FailureDecision {
  switch (error.code) {
    case 'quota_exhausted':
      return { kind: 'wait_for_quota', at: nextAmsterdamMidnight(now) };
    case 'auth_invalid':
    case 'auth_expired':
    case 'forbidden':
      return { kind: 'give_up', reason: error.code, needsReconnect: true };
    case 'not_found':
    case 'rejected':
    case 'unsupported':
      return { kind: 'give_up', reason: error.code, needsReconnect: false };
    case 'rate_limited':
    case 'transient':
    case 'unknown': {
      if (attempt >= policy.maxAttempts) return { kind: 'give_up', reason: error.code, needsReconnect: false };
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      return { kind: 'retry', at: new Date(now.getTime() + Math.max(backoff, error.retryAfterMs ?? 0)) };
    }
  }
}

/**
 * What a person must do about a change the portal did not take (docs/errors.md#change-failures): reconnect the
 * Platform API grant (Visma Connect refused or lost it), give that grant the scopes or portal it lacks, nothing but
 * wait (the domain's daily quota is used up: tried again after midnight), or reconnect the portal itself (its access
 * key was refused).
 */
export const changeFailureCodes = [
  'portal_grant_reconnect',
  'portal_grant_scope',
  'portal_quota_exhausted',
  'portal_reconnect',
] as const;
export type ChangeFailureCode = (typeof changeFailureCodes)[number];

/** True for a reason that concerns an OAuth grant beside the connection (the portal's Platform API), not its key. */
export function isGrantReason(reason: ConnectorReason | undefined): boolean {
  return reason === 'grant_refused' || reason === 'grant_missing' || reason === 'scope_missing';
}

/** The code of a failure a person can act on; null for the rest (the system's message says what happened). */
export function changeFailureCodeOf(error: {
  readonly code: ConnectorErrorCode;
  readonly reason?: ConnectorReason;
}): ChangeFailureCode | null {
  if (error.reason === 'grant_refused' || error.reason === 'grant_missing') return 'portal_grant_reconnect';
  if (error.reason === 'scope_missing') return 'portal_grant_scope';
  if (error.code === 'quota_exhausted') return 'portal_quota_exhausted';
  if (error.code === 'auth_invalid' || error.code === 'auth_expired' || error.code === 'forbidden')
    return 'portal_reconnect';
  return null;
}

export function isChangeFailureCode(value: string | null): value is ChangeFailureCode {
  return value !== null && (changeFailureCodes as readonly string[]).includes(value);
}
