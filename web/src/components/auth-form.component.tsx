// The form of the login and setup pages: the error alert, the fields, and the submit button.
import { useTranslation } from 'react-i18next';

import { errorText, passwordWeaknessText } from '../error-text.js';
import { Alert } from './feedback.component.js';
import { TextField } from './text-field.component.js';

import type { ReactNode, SubmitEvent } from 'react';
import type { ApiError } from '../api.js';

type AuthFormProps = {
  onSubmit: (event: SubmitEvent<HTMLFormElement>) => void;
  pending: boolean;
  alert: ApiError | null;
  /** When set, the alert gets this id and describes the form. */
  alertId?: string;
  submitLabel: string;
  submittingLabel: string;
  children: ReactNode;
};

export function AuthForm(props: AuthFormProps) {
  const { onSubmit, pending, alert, alertId, submitLabel, submittingLabel, children } = props;
  const { t } = useTranslation();

  return (
    <form className="form" onSubmit={onSubmit} aria-describedby={alert === null ? undefined : alertId}>
      {alert === null ? null : <Alert id={alertId}>{errorText(t, alert)}</Alert>}
      {children}
      <button type="submit" className="primary" disabled={pending}>
        {pending ? submittingLabel : submitLabel}
      </button>
    </form>
  );
}

/** The email field of login and setup: the address is the username. */
export function EmailField({ label, error }: { label: string; error: ApiError | null }) {
  return (
    <TextField
      label={label}
      name="email"
      type="email"
      autoComplete="username"
      required
      error={error?.fieldMessage('email')}
    />
  );
}

type PasswordFieldProps = {
  label: string;
  error: ApiError | null;
  autoComplete: 'current-password' | 'new-password';
  hint?: string;
};

export function PasswordField({ label, error, autoComplete, hint }: PasswordFieldProps) {
  const { t } = useTranslation();
  return (
    <TextField
      label={label}
      name="password"
      type="password"
      autoComplete={autoComplete}
      required
      {...(hint === undefined ? {} : { hint })}
      error={passwordWeaknessText(t, error) ?? error?.fieldMessage('password')}
    />
  );
}
