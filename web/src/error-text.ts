// Turns an ApiError into a sentence in the current language, preferring our own text for known codes.
import { fileRejectCodes } from '../../src/contract/intake-file.contract.js';
import { ssoErrorCodes } from '../../src/contract/sso.contract.js';

import type { TFunction } from 'i18next';
import type { ApiError, FieldError } from './api.js';

/** Problem codes the web words (errors.<code>); every other code reaches no page, or is said generically. */
export const translatedCodes = [
  'invalid_credentials',
  'setup_already_done',
  'validation_failed',
  'csrf_invalid',
  'unauthenticated',
  'email_taken',
  'forbidden',
  'not_found',
  'already_connected',
  'change_not_open',
  'clear_not_confirmed',
  'selection_changed',
  'value_invalid',
  'not_connected',
  'already_linked',
  'last_admin',
  'domain_not_found',
  'current_password_wrong',
  'temporary_password_expired',
  'password_change_required',
  ...ssoErrorCodes,
  'password_login_disabled',
  'yuki_task_verified_by_read',
  'yuki_task_not_open',
  'intake_file_too_large',
  'intake_upload_expired',
  'intake_upload_elsewhere',
  'intake_mapping_missing',
  'connection_not_live',
  'malformed_request',
  'malformed_json',
  'malformed_url',
  'request_timeout',
  'headers_too_large',
  'uri_too_long',
  'payload_too_large',
  'unsupported_media_type',
  'not_acceptable',
] as const;
type TranslatedCode = (typeof translatedCodes)[number];

function isTranslated(code: string): code is TranslatedCode {
  return translatedCodes.some((known) => known === code);
}

function waitMinutes(error: ApiError): number | null {
  return error.retryAfterSeconds === null ? null : Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
}

const connectionReasons = [
  'unreachable',
  'timeout',
  'redirected',
  'url_not_allowed',
  'auth_invalid',
  'forbidden',
  'rejected',
  'unknown',
] as const;
export type ConnectionFailure = (typeof connectionReasons)[number];

/** Why a connection check failed (`connection_failed` + `reason`); an unknown reason counts as `unknown`. */
export function connectionFailure(error: ApiError): ConnectionFailure | null {
  if (error.code !== 'connection_failed') return null;
  return connectionReasons.find((reason) => reason === error.reason) ?? 'unknown';
}

const weaknessReasons = [
  'weak',
  'common',
  'similarToCommon',
  'simpleRepeat',
  'extendedRepeat',
  'straightRow',
  'keyPattern',
  'sequences',
  'recentYears',
  'dates',
  'topTen',
  'topHundred',
  'wordByItself',
  'namesByThemselves',
  'commonNames',
  'userInputs',
  'pwned',
] as const;

/** Why the server found a password too easy to guess (`password_too_weak` + `reason`), in the reader's language. */
export function passwordWeaknessText(t: TFunction, error: ApiError | null): string | undefined {
  if (error?.code !== 'password_too_weak') return undefined;
  const reason = weaknessReasons.find((known) => known === error.reason) ?? 'weak';
  return t(`errors.password_too_weak.${reason}`);
}

const urlRefusals = ['insecure_url', 'loopback', 'private_address'] as const;

/** Why an address may not be called (`url_not_allowed` + `reason`); null for other codes. */
function urlRefusal(error: ApiError): (typeof urlRefusals)[number] | null {
  if (error.code !== 'url_not_allowed') return null;
  return urlRefusals.find((reason) => reason === error.reason) ?? 'private_address';
}

/** A refused export file (`intake_file_rejected` + `reason`), with where the server found it. */
function intakeFileRejectedText(t: TFunction, error: ApiError): string {
  const reason = fileRejectCodes.find((code) => code === error.reason);
  if (reason === undefined) return t('errors.unknown', { status: error.status });
  const text = t(`errors.intake_file_rejected.${reason}`);
  // The server names the line as a field `line N` (its detail is English, for logs and API clients).
  const line = error.fieldErrors.map((field) => /^line (\d+)$/.exec(field.field)?.[1]).find((n) => n !== undefined);
  return line === undefined ? text : `${text} ${t('errors.intake_file_rejected_line', { line })}`;
}

export function errorText(t: TFunction, error: ApiError): string {
  const weakness = passwordWeaknessText(t, error);
  if (weakness !== undefined) return weakness;
  const failure = connectionFailure(error);
  if (failure !== null) return t(`errors.connection_failed.${failure}`);
  const refusal = urlRefusal(error);
  if (refusal !== null) return t(`errors.url_not_allowed.${refusal}`);
  if (error.code === 'too_many_attempts') {
    const minutes = waitMinutes(error);
    return minutes === null ? t(`errors.${error.code}`) : t(`errors.${error.code}_wait`, { count: minutes });
  }
  if (error.code === 'network_error') return t('errors.network');
  if (error.code === 'intake_file_rejected') return intakeFileRejectedText(t, error);
  if (isTranslated(error.code)) return t(`errors.${error.code}`);
  // The problem's detail is English, for logs and API clients: a code without words here is said generically.
  return t('errors.unknown', { status: error.status });
}

/**
 * A server field problem in the reader's language, from its code and params (docs/errors.md#field-codes). The
 * problem's `message` is English for API clients and logs: it is never shown.
 */
export function fieldProblemText(t: TFunction, problem: FieldError): string {
  const param = (name: string): string | number | undefined => problem.params?.[name];
  if (problem.code === 'password_too_weak') {
    return t(`errors.password_too_weak.${weaknessReasons.find((known) => known === param('reason')) ?? 'weak'}`);
  }
  const refusal = urlRefusals.find((known) => known === param('reason'));
  if (problem.code === 'url_not_allowed' && refusal !== undefined) return t(`errors.url_not_allowed.${refusal}`);
  // Params a code may carry or not have their own sentence, so no placeholder is ever left unfilled.
  if (problem.code === 'not_whole_number' && param('min') !== undefined) {
    return t('form.problem.not_whole_number_min', { min: param('min') });
  }
  if (problem.code === 'issuer_mismatch' && param('named') !== undefined) {
    return t('form.problem.issuer_mismatch_named', { named: param('named') });
  }
  if (problem.code === 'company_unknown' && param('reachable') !== undefined) {
    return t('form.problem.company_unknown_reachable', { reachable: param('reachable') });
  }
  return t(`form.problem.${problem.code}`, problem.params ?? {});
}

/**
 * The message for one field of a connection form: the server's problem with the field, else the failed check's
 * reason shown on the fields it concerns (e.g. `unreachable` on the address, `auth_invalid` on the key).
 */
export function connectionFieldError(
  t: TFunction,
  error: ApiError | null,
  field: string,
  reasonFields: Partial<Record<ConnectionFailure, readonly string[]>>,
): string | undefined {
  if (error === null) return undefined;
  const refusal = urlRefusal(error);
  if (refusal !== null)
    return error.fieldProblem(field) === undefined ? undefined : t(`errors.url_not_allowed.${refusal}`);
  const failure = connectionFailure(error);
  const problem = error.fieldProblem(field);
  if (failure === null) return problem === undefined ? undefined : fieldProblemText(t, problem);
  // Our own words on the field (the system's words are in the form's alert), on the fields the server named too.
  const named = problem !== undefined;
  return named || reasonFields[failure]?.includes(field) === true ? t(`errors.connection_field.${failure}`) : undefined;
}

/** A form-level sentence; for a failed connection check it adds what the other system said. */
export function formErrorText(t: TFunction, error: ApiError): string {
  const text = errorText(t, error);
  return connectionFailure(error) !== null && error.message !== ''
    ? `${text} ${t('errors.systemSaid', { detail: error.message })}`
    : text;
}
