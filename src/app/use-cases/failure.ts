/** The closed set of ways a use-case can fail, as values: the HTTP layer maps each to problem+json in one place. */
import { ssoErrorCodes } from '../../contract/sso.contract.js';
import { err } from '../../core/result.js';

import type { CodedFieldProblem } from '../../core/field-problem.js';
import type { Err, Result } from '../../core/result.js';

export const failureCodes = [
  'validation_failed',
  'invalid_credentials',
  'forbidden',
  'not_found',
  'setup_already_done',
  'email_taken',
  'password_too_weak',
  'temporary_password_expired',
  'password_change_required',
  'last_admin',
  'domain_not_found',
  'current_password_wrong',
  'too_many_attempts',
  'webhook_signature_invalid',
  'webhook_timestamp_invalid',
  'pbx_token_invalid',
  'pbx_sender_not_allowed',
  'call_event_invalid',
  'connection_not_live',
  'jobs_unavailable',
  'connection_failed',
  'already_connected',
  'not_connected',
  'value_invalid',
  'change_not_open',
  'clear_not_confirmed',
  'selection_changed',
  'already_linked',
  'database_unavailable',
  'metrics_token_invalid',
  'url_not_allowed',
  ...ssoErrorCodes,
  'password_login_disabled',
  'yuki_task_verified_by_read',
  'yuki_task_not_open',
  'intake_batch_too_large',
  'intake_auth_invalid',
  'intake_signature_invalid',
  'intake_timestamp_invalid',
  'intake_replayed',
  'intake_idempotency_conflict',
  'intake_rate_limited',
  'intake_file_rejected',
  'intake_file_too_large',
  'intake_upload_expired',
  'intake_upload_elsewhere',
  'intake_mapping_missing',
] as const;
export type FailureCode = (typeof failureCodes)[number];

/** A problem with one request field, named by its place in the request (`body.apiKey`), with a code the UI words. */
export type FieldProblem = CodedFieldProblem;

/** An expected failure of a use-case: a stable code plus what the user needs to fix it. */
export type Failure = {
  readonly code: FailureCode;
  readonly detail?: string;
  readonly errors?: readonly FieldProblem[];
  /** A finer, machine-readable cause next to `code` (e.g. why a connection check failed). */
  readonly reason?: string;
  readonly retryAfterSeconds?: number;
};

/** What a use-case returns: its value, or one failure from the closed set. */
export type Outcome<T> = Result<T, Failure>;

/** Builds a failed outcome. */
export function fail(code: FailureCode, detail?: string, extras: Omit<Failure, 'code' | 'detail'> = {}): Err<Failure> {
  return err({ code, ...(detail === undefined ? {} : { detail }), ...extras });
}

/** A failure about one field of the request. */
export function fieldFailure(code: FailureCode, problem: FieldProblem, detail?: string): Err<Failure> {
  return fail(code, detail ?? `${problem.field}: ${problem.message}`, { errors: [problem] });
}

/** The value of an outcome that cannot fail here (demo seeding, tests); a failure is a bug and throws. */
export function mustSucceed<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`unexpected ${outcome.error.code}: ${outcome.error.detail ?? ''}`);
  return outcome.value;
}
