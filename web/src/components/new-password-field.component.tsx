// A field for choosing a new password: the browser may suggest one, and the hint names the server's minimum length.
import { useTranslation } from 'react-i18next';

import { MIN_PASSWORD_LENGTH } from '../../../src/contract/auth.contract.js';
import { SecretInput } from './auth-form.component.js';

import type { ComponentProps } from 'react';

type NewPasswordFieldProps = Omit<ComponentProps<typeof SecretInput>, 'description' | 'autoComplete'> & {
  label: string;
  error: string | undefined;
};

export function NewPasswordField(props: NewPasswordFieldProps) {
  const { t } = useTranslation();
  return (
    <SecretInput
      autoComplete="new-password"
      required
      description={t('users.passwordHint', { min: MIN_PASSWORD_LENGTH })}
      {...props}
    />
  );
}
