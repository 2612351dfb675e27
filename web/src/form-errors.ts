// Words for a form field's problem in the reader's language: the contract's zod check (before sending) or the server's.
import { MIN_PASSWORD_LENGTH } from '../../src/contract/auth.contract.js';
import { fieldProblemText, passwordWeaknessText } from './error-text.js';

import type { TFunction } from 'i18next';
import type { FieldError } from 'react-hook-form';
import type { ApiError } from './api.js';

type FieldKind = 'text' | 'email' | 'newPassword';

/** The zod issue the resolver reported (its code is the error's type), worded for the kind of field. */
export function clientIssueText(t: TFunction, error: FieldError | undefined, kind: FieldKind): string | undefined {
  if (error === undefined) return undefined;
  if (error.type === 'too_big') return t('form.tooLong');
  if (error.type === 'too_small' && kind === 'newPassword') {
    return t('users.passwordTooShort', { min: MIN_PASSWORD_LENGTH });
  }
  if (error.type === 'too_small') return t('form.required');
  if (kind === 'email') return t('form.email');
  return t('form.invalid');
}

/** The field's message: what the check here found, else what the server said about this field (by name). */
export function fieldText(
  t: TFunction,
  field: string,
  kind: FieldKind,
  clientError: FieldError | undefined,
  apiError: ApiError | null,
): string | undefined {
  const client = clientIssueText(t, clientError, kind);
  if (client !== undefined || apiError === null) return client;
  if (kind === 'newPassword') {
    const weakness = passwordWeaknessText(t, apiError);
    if (weakness !== undefined) return weakness;
  }
  return apiError.fieldProblem(field) === undefined ? undefined : clientIssueText(t, { type: 'server' }, kind);
}

/** A form field's words: the server's problem with the field from the last save, else what the check here found. */
export function formFieldError(
  t: TFunction,
  apiError: ApiError | null | undefined,
  field: string,
  clientError?: FieldError,
): string | undefined {
  const problem = apiError?.fieldProblem(field);
  return problem === undefined ? clientIssueText(t, clientError, 'text') : fieldProblemText(t, problem);
}
