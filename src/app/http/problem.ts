/** The closed set of API error codes (each documented in docs/errors.md) and the one mapping from use-case failures. */
import type { FastifyReply } from 'fastify';
import type { ProblemView } from '../../contract/problem.contract.js';
import type { Failure, FailureCode, FieldProblem, Outcome } from '../use-cases/failure.js';

type ProblemEntry = { readonly status: number; readonly title: string; readonly machine?: true };

/**
 * `machine`: only other systems receive the code (webhooks, phone systems, intake pushes, metrics), never a page, so
 * the web UI has no words for it.
 */
export const problemCatalogue = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  malformed_request: { status: 400, title: 'The request could not be read' },
  malformed_url: { status: 400, title: 'The address is not validly encoded' },
  request_timeout: { status: 408, title: 'The request took too long to arrive' },
  headers_too_large: { status: 431, title: 'The request line or headers are too large' },
  uri_too_long: { status: 414, title: 'The address is too long' },
  unauthenticated: { status: 401, title: 'You are not logged in' },
  invalid_credentials: { status: 401, title: 'Email or password is wrong' },
  forbidden: { status: 403, title: 'Your role may not do this' },
  csrf_invalid: { status: 403, title: 'The CSRF token is missing or wrong' },
  not_found: { status: 404, title: 'Not found' },
  setup_already_done: { status: 409, title: 'crmhub already has an administrator' },
  email_taken: { status: 409, title: 'A user with this email already exists' },
  password_too_weak: { status: 400, title: 'The password is too easy to guess' },
  temporary_password_expired: { status: 401, title: 'The temporary password has expired' },
  password_change_required: { status: 403, title: 'Choose a new password first' },
  last_admin: { status: 409, title: 'The portal must keep an active portal administrator' },
  domain_not_found: { status: 422, title: 'A domain does not exist in this portal' },
  current_password_wrong: { status: 400, title: 'The current password is wrong' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'The request body has an unsupported content type' },
  too_many_attempts: { status: 429, title: 'Too many login attempts; try again later' },
  // Caller ID (docs/api-callerid.md).
  not_acceptable: { status: 406, title: 'This route only answers with an event stream' },
  webhook_signature_invalid: { status: 401, title: 'The webhook signature is missing or wrong', machine: true },
  webhook_timestamp_invalid: {
    status: 401,
    title: 'The webhook timestamp is missing or outside the replay window',
    machine: true,
  },
  pbx_token_invalid: { status: 401, title: 'The phone-system token is missing or wrong', machine: true },
  pbx_sender_not_allowed: {
    status: 403,
    title: "The sender's address is not on the phone system's allow-list",
    machine: true,
  },
  call_event_invalid: { status: 400, title: 'The call event is not valid', machine: true },
  connection_not_live: { status: 409, title: 'The connection is disconnected' },
  jobs_unavailable: { status: 503, title: 'Background jobs are not running in this process' },
  connection_failed: { status: 422, title: 'The external system refused or could not be reached' },
  url_not_allowed: { status: 422, title: 'crmhub may not call this address' },
  already_connected: { status: 409, title: 'This portal already has such a connection' },
  not_connected: { status: 409, title: 'There is no such connection to change' },
  value_invalid: { status: 422, title: 'The value is not valid for this field' },
  change_not_open: { status: 409, title: 'This change has already been decided or replaced' },
  clear_not_confirmed: { status: 409, title: 'Approving this change empties the field in Yuki: confirm it' },
  selection_changed: { status: 409, title: 'The selection changed since it was shown' },
  already_linked: { status: 409, title: 'This administration is already linked' },
  metrics_token_invalid: { status: 401, title: 'The metrics bearer token is missing or wrong', machine: true },
  // Single sign-on (docs/sso.md): the callback redirects to the login page with the code in `sso_error`.
  sso_not_enabled: { status: 409, title: 'Single sign-on is not turned on' },
  sso_state_invalid: { status: 400, title: 'This sign-in link is unknown, used or expired' },
  sso_provider_error: { status: 502, title: 'The sign-in provider refused or could not be reached' },
  sso_email_unverified: { status: 403, title: 'The sign-in provider did not confirm the e-mail address' },
  sso_user_unknown: { status: 403, title: 'No crmhub user has this e-mail address' },
  sso_user_deactivated: { status: 403, title: 'This crmhub user is deactivated' },
  password_login_disabled: { status: 403, title: 'Sign in with single sign-on' },
  yuki_task_verified_by_read: { status: 409, title: 'crmhub closes this task itself when Yuki shows the value' },
  yuki_task_not_open: { status: 409, title: 'This task was already closed or its change replaced' },
  // Intake push API (docs/intake.md).
  intake_batch_too_large: {
    status: 413,
    title: 'The batch holds more records than one request may carry',
    machine: true,
  },
  intake_auth_invalid: { status: 401, title: 'The intake API key or secret is missing or wrong', machine: true },
  intake_signature_invalid: { status: 401, title: 'The intake request signature is missing or wrong', machine: true },
  intake_timestamp_invalid: {
    status: 401,
    title: 'The signature timestamp is missing or outside the 5-minute window',
    machine: true,
  },
  intake_replayed: { status: 409, title: 'This signed request was already received', machine: true },
  intake_idempotency_conflict: { status: 409, title: 'This Idempotency-Key was used with another body', machine: true },
  intake_rate_limited: {
    status: 429,
    title: 'Too many requests for this intake source; try again later',
    machine: true,
  },
  // Intake file import (docs/intake-files.md): `reason` carries the file code.
  intake_file_rejected: { status: 422, title: 'The file cannot be imported' },
  intake_file_too_large: { status: 413, title: 'The file is larger than an import may be' },
  intake_upload_expired: { status: 404, title: 'This upload expired or was already committed; upload the file again' },
  intake_upload_elsewhere: {
    status: 404,
    title: 'This upload is kept by another crmhub instance; preview and commit need the instance that received it',
  },
  intake_mapping_missing: { status: 409, title: 'Map the columns of this source before a preview or commit' },
  internal_error: { status: 500, title: 'Something went wrong on our side' },
  database_unavailable: { status: 503, title: 'The database is unavailable; try again shortly' },
} as const satisfies Record<string, ProblemEntry> & Record<FailureCode, ProblemEntry>;

export type ProblemCode = keyof typeof problemCatalogue;
export type { FieldProblem };

/** Optional members of a problem: field errors, a retry hint, and a machine-readable reason (RFC 9457 extension). */
export type ProblemExtras = { errors?: readonly FieldProblem[]; retryAfterSeconds?: number; reason?: string };

/** An expected API failure: becomes an RFC 9457 problem+json response with a stable `code`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(detail ?? problemCatalogue[code].title);
  }

  get status(): number {
    return problemCatalogue[this.code].status;
  }
}

/** The API error for a use-case failure: the only place failures become HTTP answers. */
export function failureToApiError(failure: Failure): ApiError {
  const { code, detail, ...extras } = failure;
  return new ApiError(code, detail, extras);
}

/** A use-case's value, or its failure thrown as the matching problem+json (routes stay one line). */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw failureToApiError(outcome.error);
  return outcome.value;
}

/** The answer of a use-case that only succeeds or fails: 204 without a body, or its problem. */
export function noContent(reply: FastifyReply, outcome: Outcome<unknown>): FastifyReply {
  unwrap(outcome);
  return reply.code(204).send();
}

/** A problem body: the contract's shape, with the code narrowed to this server's closed set. */
export type ProblemBody = Omit<ProblemView, 'code' | 'errors'> & {
  code: ProblemCode;
  errors?: readonly FieldProblem[];
};

/** The problem+json body for a code; `type` is a URN naming the code (see docs/errors.md). */
export function problemBody(
  code: ProblemCode,
  detail?: string,
  errors?: readonly FieldProblem[],
  reason?: string,
): ProblemBody {
  const { status, title } = problemCatalogue[code];
  return {
    type: `urn:crmhub:error:${code}`,
    title,
    status,
    code,
    ...(detail === undefined ? {} : { detail }),
    ...(errors === undefined ? {} : { errors }),
    ...(reason === undefined ? {} : { reason }),
  };
}
