// The form to choose a new password: the current (or temporary) one, then the new one, refused in the reader's language.
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

import { changePasswordBody, MIN_PASSWORD_LENGTH } from '../../../src/contract/auth.contract.js';
import { changePassword } from '../api/account.api.js';
import { clientIssueText } from '../form-errors.js';
import { AuthFields, AuthForm, useAuthForm } from './auth-form.component.js';

import type { ChangePasswordInput } from '../../../src/contract/auth.contract.js';

export function PasswordChangeForm({ currentLabel, onDone }: { currentLabel: string; onDone: () => void }) {
  const { t } = useTranslation();
  const form = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordBody),
    defaultValues: { currentPassword: '', newPassword: '' },
  });
  const { error, formProps } = useAuthForm(form, {
    send: changePassword,
    onSuccess: () => {
      form.reset();
      onDone();
    },
  });

  return (
    <AuthForm {...formProps} submitLabel={t('account.changePassword')}>
      <AuthFields
        form={form}
        error={error}
        fields={[
          {
            name: 'currentPassword',
            label: currentLabel,
            kind: 'text',
            secret: true,
            autoComplete: 'current-password',
            // A wrong current password is the form's answer, not a problem of what was typed.
            words: (problem) =>
              error?.code === 'current_password_wrong'
                ? t('errors.current_password_wrong')
                : clientIssueText(t, problem, 'text'),
          },
          {
            name: 'newPassword',
            label: t('account.newPassword'),
            kind: 'newPassword',
            secret: true,
            autoComplete: 'new-password',
            description: t('users.passwordHint', { min: MIN_PASSWORD_LENGTH }),
          },
        ]}
      />
    </AuthForm>
  );
}
