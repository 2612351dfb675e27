/** Yuki failures → ConnectorError: SOAP faults by their text (docs/external-systems/yuki.md#sessions, #quota), HTTP statuses, transport errors. */
import { withSystemSaid } from '../../core/connector.js';
import { yukiProtocol } from './manifest.js';

import type { ConnectorError } from '../../core/connector.js';
import type { SoapFault } from '../shared/soap.js';

/** What a fault means for the connector; `session_expired` is handled (one re-authentication) before mapping. */
export type FaultKind =
  | 'invalid_key'
  | 'session_expired'
  | 'daily_limit'
  | 'unknown_operation'
  | 'bad_request'
  | 'no_access'
  | 'server'
  | 'client';

/** Classifies a fault by the texts Yuki (and ASMX) use; unknown texts fall back on the fault code. */
export function classifyFault(fault: SoapFault): FaultKind {
  const text = `${fault.message} ${fault.detail ?? ''}`;
  const f = yukiProtocol.faults;
  if (f.invalidKey.test(text)) return 'invalid_key';
  if (f.dailyLimit.test(text)) return 'daily_limit';
  if (f.sessionExpired.test(fault.message)) return 'session_expired';
  if (
    /did not recognize the value of HTTP Header SOAPAction|Unable to handle request without a valid action/i.test(text)
  ) {
    return 'unknown_operation';
  }
  if (/unable to read request|instance validation error|invalid child element|not a valid/i.test(text))
    return 'bad_request';
  if (/not accessible|no access|access denied|geen toegang/i.test(text)) return 'no_access';
  return /server|receiver/i.test(fault.code) ? 'server' : 'client';
}

type FaultContext = { readonly httpStatus: number; readonly msUntilReset: number; readonly retryAfter: string | null };

/** Maps a fault to the closed error set, keeping Yuki's own message (also as `systemSaid`). */
export function faultToError(fault: SoapFault, input: FaultContext): ConnectorError {
  const error = errorOfFault(fault, input);
  return withSystemSaid(error, error.message);
}

function errorOfFault(fault: SoapFault, input: FaultContext): ConnectorError {
  const message = fault.detail ? `${fault.message} (${fault.detail})` : fault.message;
  if (input.httpStatus === 429) return withRetry({ code: 'rate_limited', message }, retryAfterMs(input.retryAfter));
  const kind = classifyFault(fault);
  switch (kind) {
    case 'invalid_key':
      return { code: 'auth_invalid', message };
    case 'session_expired':
      return { code: 'auth_expired', message };
    case 'daily_limit':
      return { code: 'quota_exhausted', message, retryAfterMs: input.msUntilReset };
    case 'unknown_operation':
      return { code: 'unsupported', message };
    case 'bad_request':
    case 'client':
      return { code: 'rejected', message };
    case 'no_access':
      return { code: 'forbidden', message };
    case 'server':
      return { code: 'transient', message };
  }
}

/** A non-SOAP HTTP failure (no fault in the body): status → code. */
export function httpStatusToError(status: number, what: string, retryAfter: string | null): ConnectorError {
  if (status === 429)
    return withRetry(
      { code: 'rate_limited', message: `Yuki is rate limiting (${what}, HTTP 429).` },
      retryAfterMs(retryAfter),
    );
  if (status >= 500)
    return withRetry(
      { code: 'transient', message: `Yuki answered HTTP ${String(status)} to ${what}.` },
      retryAfterMs(retryAfter),
    );
  if (status === 401) return { code: 'auth_invalid', message: `Yuki refused the credentials for ${what} (HTTP 401).` };
  if (status === 403) return { code: 'forbidden', message: `Yuki denied access to ${what} (HTTP 403).` };
  if (status === 404)
    return { code: 'unsupported', message: `Yuki has no ${what} at this address (HTTP 404): check the Yuki URL.` };
  return { code: 'rejected', message: `Yuki refused ${what} (HTTP ${String(status)}).` };
}

type PlatformContext = { readonly what: string; readonly msUntilReset: number; readonly retryAfter: string | null };

/** A body of the Platform API's JSON errors ([I] docs/external-systems/yuki.md#platform-api: `{code, message, detail?, errors?}`). */
export function platformErrorToError(status: number, body: unknown, input: PlatformContext): ConnectorError {
  const { text, detail } = platformWords(body);
  return withSystemSaid(errorOfPlatformBody(status, body, input), text === null ? null : `${text}${detail}`);
}

/** The body as an object, and Yuki's own words in it: `message` and an optional `detail`. */
function platformWords(body: unknown): {
  readonly o: Record<string, unknown>;
  readonly text: string | null;
  readonly detail: string;
} {
  const o = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = typeof o['message'] === 'string' && o['message'] !== '' ? o['message'] : null;
  const detail = typeof o['detail'] === 'string' && o['detail'] !== '' ? ` (${o['detail']})` : '';
  return { o, text, detail };
}

function errorOfPlatformBody(status: number, body: unknown, input: PlatformContext): ConnectorError {
  const { o, text, detail } = platformWords(body);
  const code = typeof o['code'] === 'string' ? o['code'] : '';
  if (code === 'daily_limit_exceeded' || (text !== null && yukiProtocol.faults.dailyLimit.test(text))) {
    return {
      code: 'quota_exhausted',
      message: `${text ?? 'Daily limit exceeded'}${detail}`,
      retryAfterMs: input.msUntilReset,
    };
  }
  const base = httpStatusToError(status, input.what, input.retryAfter);
  const message = text === null ? base.message : `${text}${detail}`;
  if (status === 404) return { code: 'not_found', message };
  // [I] docs/external-systems/yuki.md#visma-connect: a valid Visma Connect token refused with 403 lacks the scope or
  // the portal the call needs; only a new consent changes what it may do.
  if (status === 403) {
    return {
      code: 'forbidden',
      reason: 'scope_missing',
      message:
        `${message} The Visma Connect grant does not allow ${input.what}: give the application the Yuki API scopes ` +
        'and this portal in the Visma Developer Portal, then connect Visma Connect again.',
    };
  }
  if (status === 400 && Array.isArray(o['errors'])) {
    const fieldErrors = o['errors']
      .map((e: unknown) => (typeof e === 'object' && e !== null ? (e as Record<string, unknown>) : {}))
      .filter((e) => typeof e['field'] === 'string' && typeof e['message'] === 'string')
      .map((e) => ({ field: String(e['field']), code: 'system_refused' as const, message: String(e['message']) }));
    return { code: 'rejected', message, fieldErrors };
  }
  return { ...base, message };
}

/** Retry-After in delta-seconds (the form Yuki and the simulators send); an HTTP-date is ignored. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}

function withRetry(e: ConnectorError, ms: number | undefined): ConnectorError {
  return ms === undefined ? e : { ...e, retryAfterMs: ms };
}
