// The frame of a connection form: title, the form-level error, the fields, and submit/cancel.
import { useTranslation } from 'react-i18next';

import { formErrorText } from '../error-text.js';

import type { ReactNode } from 'react';
import type { ConnectFormState } from '../use-connect-form.js';

type ConnectFormProps = {
  title: string;
  submitLabel: string;
  state: Pick<ConnectFormState, 'pending' | 'error' | 'onSubmit' | 'hasClientErrors'>;
  onCancel: () => void;
  children: ReactNode;
};

export function ConnectForm({ title, submitLabel, state, onCancel, children }: ConnectFormProps) {
  const { t } = useTranslation();
  const { pending, error, onSubmit, hasClientErrors } = state;

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <h3>{title}</h3>
      {error !== null ? (
        <p className="form-error" role="alert">
          {formErrorText(t, error)}
        </p>
      ) : hasClientErrors ? (
        <p className="form-error" role="alert">
          {t('errors.validation_failed')}
        </p>
      ) : null}
      {children}
      <div className="actions">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? t('crm.form.checking') : submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
