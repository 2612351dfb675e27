/** Simplicate HTTP status + error body → ConnectorError, keeping Simplicate's own message (docs/external-systems/simplicate.md#errors-and-rate-limit). */
import { withSystemSaid } from '../../core/connector.js';

import type { ConnectorError } from '../../core/connector.js';
import type { CodedFieldProblem } from '../../core/field-problem.js';

/** Default wait when a 429 carries no Retry-After: pysimplicate sleeps 10 s (docs/external-systems/simplicate.md#errors-and-rate-limit, S-PY). */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 10_000;

type FieldError = CodedFieldProblem;

/** Every message in the body: `errors[].message` (envelope, [I] docs/external-systems/simplicate.md#errors-and-rate-limit) or a top-level `message` (PHP client). */
export function errorMessages(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const out: string[] = [];
  const errors = 'errors' in body ? body.errors : undefined;
  if (Array.isArray(errors)) {
    for (const e of errors as unknown[]) {
      if (typeof e === 'string') out.push(e);
      else if (typeof e === 'object' && e !== null) {
        const m = 'message' in e ? e.message : 'error_message' in e ? e.error_message : undefined;
        if (typeof m === 'string' && m !== '') out.push(m);
      }
    }
  }
  if (out.length === 0 && 'message' in body && typeof body.message === 'string') out.push(body.message);
  return out;
}

/** `name: is required` → { field: 'name', message: 'is required' }; a `field` property wins when present. */
function fieldErrorsOf(body: unknown, messages: readonly string[]): FieldError[] {
  const explicit: FieldError[] = [];
  if (typeof body === 'object' && body !== null && 'errors' in body && Array.isArray(body.errors)) {
    for (const e of body.errors as unknown[]) {
      if (typeof e === 'object' && e !== null && 'field' in e && typeof e.field === 'string') {
        explicit.push({
          field: e.field,
          code: 'system_refused',
          message: 'message' in e && typeof e.message === 'string' ? e.message : 'invalid',
        });
      }
    }
  }
  if (explicit.length > 0) return explicit;
  return messages
    .map((m) => /^([A-Za-z0-9_.[\]]+): (.+)$/.exec(m))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ field: m[1] ?? '', code: 'system_refused' as const, message: m[2] ?? '' }));
}

/** Maps a non-2xx Simplicate answer, keeping Simplicate's words (except a server error's) as `systemSaid`. */
export function mapSimplicateError(status: number, body: unknown, retryAfterMs: number | undefined): ConnectorError {
  const error = errorOfStatus(status, body, retryAfterMs);
  return status >= 500 ? error : withSystemSaid(error, errorMessages(body).join('; '));
}

function errorOfStatus(status: number, body: unknown, retryAfterMs: number | undefined): ConnectorError {
  const messages = errorMessages(body);
  const said = messages.join('; ');
  const message = (fallback: string): string => (said === '' ? fallback : `Simplicate: ${said}`);
  if (status === 401)
    return { code: 'auth_invalid', message: message('Simplicate rejected the API key or secret (HTTP 401)') };
  if (status === 403) {
    return { code: 'forbidden', message: message('The API key has no rights for this Simplicate resource (HTTP 403)') };
  }
  if (status === 404) return { code: 'not_found', message: message('Not found in Simplicate (HTTP 404)') };
  if (status === 429) {
    return {
      code: 'rate_limited',
      message: message('Simplicate rate limit reached (HTTP 429)'),
      retryAfterMs: retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS,
    };
  }
  // A server error's body is not Simplicate speaking to the user (often a proxy's or another service's page): not echoed.
  if (status >= 500) return { code: 'transient', message: `Simplicate had a server error (HTTP ${String(status)})` };
  if (status === 400 || status === 422) {
    const fieldErrors = fieldErrorsOf(body, messages);
    return {
      code: 'rejected',
      message: message(`Simplicate refused the request (HTTP ${String(status)})`),
      ...(fieldErrors.length > 0 ? { fieldErrors } : {}),
    };
  }
  return { code: 'unknown', message: message(`Unexpected answer from Simplicate (HTTP ${String(status)})`) };
}
