// The form to choose a new password: the current (or temporary) one, then the new one, refused in the reader's language.
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

import { changePasswordBody, MIN_PASSWORD_LENGTH } from '../../../src/contract/auth.contract.js';
import { toApiError } from '../api.js';
import { changePassword } from '../api/account.api.js';
import { fieldText } from '../form-errors.js';
import { AuthForm, SecretInput } from './auth-form.component.js';

import type { ChangePasswordInput } from '../../../src/contract/auth.contract.js';

export function PasswordChangeForm({ currentLabel, onDone }: { currentLabel: string; onDone: () => void }) {
  const { t } = useTranslation();
  const form = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordBody),
    defaultValues: { currentPassword: '', newPassword: '' },
  });
  const submit = useMutation({
    mutationFn: changePassword,
    onSuccess: () => {
      form.reset();
      onDone();
    },
  });
  const error = submit.error === null ? null : toApiError(submit.error);
  const { errors } = form.formState;
  const currentError =
    error?.code === 'current_password_wrong'
      ? t('errors.current_password_wrong')
      : fieldText(t, 'currentPassword', 'text', errors.currentPassword, null);

  return (
    <AuthForm
      onSubmit={form.handleSubmit((input) => {
        submit.mutate(input);
      })}
      pending={submit.isPending}
      alert={error}
      invalid={Object.keys(errors).length > 0}
      submitLabel={t('account.changePassword')}
    >
      <SecretInput
        label={currentLabel}
        autoComplete="current-password"
        required
        error={currentError}
        {...form.register('currentPassword')}
      />
      <SecretInput
        label={t('account.newPassword')}
        autoComplete="new-password"
        description={t('users.passwordHint', { min: MIN_PASSWORD_LENGTH })}
        required
        error={fieldText(t, 'newPassword', 'newPassword', errors.newPassword, error)}
        {...form.register('newPassword')}
      />
    </AuthForm>
  );
}
