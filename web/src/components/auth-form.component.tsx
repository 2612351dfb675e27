// The form of the login and setup pages: the error alert, the fields, and the submit button.
import { useTranslation } from 'react-i18next';

import { errorText } from '../error-text.js';

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
      {alert === null ? null : (
        <p id={alertId} className="form-error" role="alert">
          {errorText(t, alert)}
        </p>
      )}
      {children}
      <button type="submit" className="primary" disabled={pending}>
        {pending ? submittingLabel : submitLabel}
      </button>
    </form>
  );
}
