/** Turns a failed credential check into a precise failure: which field, which reason, the system's own words. */
import { fail } from '../failure.js';

import type { ConnectorError } from '../../../core/connector.js';
import type { Err } from '../../../core/result.js';
import type { Failure } from '../failure.js';

/** HTTP for a credential check a person waits for: one attempt, bounded, instead of the background retry schedule. */
export const CHECK_HTTP = { maxAttempts: 1, timeoutMs: 10_000 } as const;

/** `timeout` is no longer given (a timeout reads as `unreachable`); it stays so older clients keep their words. */
export type ConnectionFailureReason =
  'unreachable' | 'timeout' | 'redirected' | 'url_not_allowed' | 'auth_invalid' | 'forbidden' | 'rejected' | 'unknown';

export function connectionFailureReason(error: ConnectorError): ConnectionFailureReason {
  switch (error.network) {
    // One reason for all of them: telling a silent port from a refused one or an unknown host is a port-scan oracle.
    case 'unknown_host':
    case 'connection_refused':
    case 'connection_reset':
    case 'tls':
    case 'timeout':
    case 'network':
      return 'unreachable';
    case 'redirect':
      return 'redirected';
    case 'address_not_allowed':
      return 'url_not_allowed';
    case 'malformed_response':
    case undefined:
      break;
  }
  switch (error.code) {
    case 'auth_invalid':
    case 'auth_expired':
      return 'auth_invalid';
    case 'forbidden':
      return 'forbidden';
    case 'rejected':
      return 'rejected';
    case 'not_found':
    case 'rate_limited':
    case 'quota_exhausted':
    case 'transient':
    case 'unsupported':
    case 'unknown':
      return 'unknown';
  }
}

/** The field a reason points at, so the form can highlight it. */
const fieldOfReason: Partial<Record<ConnectionFailureReason, string>> = {
  unreachable: 'body.baseUrl',
  timeout: 'body.baseUrl',
  redirected: 'body.baseUrl',
  url_not_allowed: 'body.baseUrl',
  auth_invalid: 'body.apiSecret',
  forbidden: 'body.apiKey',
};

/** The failure for a failed check: field errors when the connector named fields, else `connection_failed`. */
export function connectionFailed(error: ConnectorError, secretField = 'body.apiSecret'): Err<Failure> {
  if (error.fieldErrors !== undefined && error.fieldErrors.length > 0) {
    return fail('validation_failed', error.message, {
      errors: error.fieldErrors.map((problem) => ({ ...problem, field: `body.${problem.field}` })),
    });
  }
  const reason = connectionFailureReason(error);
  const field = reason === 'auth_invalid' ? secretField : fieldOfReason[reason];
  return fail('connection_failed', error.message, {
    reason,
    ...(field === undefined ? {} : { errors: [{ field, code: 'system_refused', message: error.message }] }),
  });
}
