// A field for choosing a new password: the browser may suggest one, and the hint names the server's minimum length.
import { useTranslation } from 'react-i18next';

import { MIN_PASSWORD_LENGTH } from '../../../src/contract/auth.contract.js';
import { TextField } from './text-field.component.js';

export function NewPasswordField({ label, name, error }: { label: string; name: string; error: string | undefined }) {
  const { t } = useTranslation();
  return (
    <TextField
      label={label}
      name={name}
      type="password"
      autoComplete="new-password"
      required
      hint={t('users.passwordHint', { min: MIN_PASSWORD_LENGTH })}
      error={error}
    />
  );
}
