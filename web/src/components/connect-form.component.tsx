// The frame of a connection form: title, the form-level error, the fields, and submit/cancel.
import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { Alert, ErrorAlert } from './feedback.component.js';
import { FormActions } from './form-actions.component.js';

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
    <form
      className="form"
      onSubmit={(event) => {
        void onSubmit(event);
      }}
      noValidate
    >
      <Stack gap="sm">
        <Title order={3} fz="h4">
          {title}
        </Title>
        {error !== null ? (
          <ErrorAlert error={error} detailed />
        ) : hasClientErrors ? (
          <Alert>{t('errors.validation_failed')}</Alert>
        ) : null}
        {children}
        <FormActions
          submitLabel={pending ? t('crm.form.checking') : submitLabel}
          pending={pending}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
