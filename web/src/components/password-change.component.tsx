// The form to choose a new password: the current (or temporary) one, then the new one, refused in the reader's language.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';

import { MIN_PASSWORD_LENGTH } from '../../../src/contract/auth.contract.js';
import { changePassword } from '../api/account.api.js';
import { formErrorText, passwordWeaknessText } from '../error-text.js';
import { formText, useSubmit } from '../use-submit.js';
import { Alert } from './feedback.component.js';
import { FormActions } from './form-actions.component.js';
import { NewPasswordField } from './new-password-field.component.js';
import { TextField } from './text-field.component.js';

import type { TFunction } from 'i18next';
import type { ApiError } from '../api.js';

function newPasswordError(t: TFunction, error: ApiError | null, submitted: string): string | undefined {
  if (error === null) return undefined;
  const weakness = passwordWeaknessText(t, error);
  if (weakness !== undefined) return weakness;
  if (error.fieldMessage('newPassword') === undefined) return undefined;
  return submitted.length < MIN_PASSWORD_LENGTH ? t('users.passwordTooShort', { min: MIN_PASSWORD_LENGTH }) : undefined;
}

export function PasswordChangeForm({ currentLabel, onDone }: { currentLabel: string; onDone: () => void }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const submitted = useRef('');
  const { pending, error, onSubmit } = useSubmit(
    (form) => {
      submitted.current = formText(form, 'newPassword');
      return changePassword({ currentPassword: formText(form, 'currentPassword'), newPassword: submitted.current });
    },
    () => {
      formRef.current?.reset();
      onDone();
    },
  );
  const currentError = error?.code === 'current_password_wrong' ? t('errors.current_password_wrong') : undefined;
  const newError = newPasswordError(t, error, submitted.current);

  return (
    <form ref={formRef} className="form panel" onSubmit={onSubmit} noValidate>
      {error === null ? null : <Alert>{currentError ?? newError ?? formErrorText(t, error)}</Alert>}
      <TextField
        label={currentLabel}
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={currentError}
      />
      <NewPasswordField label={t('account.newPassword')} name="newPassword" error={newError} />
      <FormActions submitLabel={pending ? t('account.saving') : t('account.changePassword')} pending={pending} />
    </form>
  );
}
