// The form of the login, setup and password pages: an alert for the whole form, its fields, and the submit button.
import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { errorText } from '../error-text.js';

import type { ComponentProps, ReactNode } from 'react';
import type { ApiError } from '../api.js';

type AuthFormProps = {
  /** react-hook-form's handleSubmit(…): validates, then sends (its promise settles with the mutation's state). */
  onSubmit: () => Promise<void>;
  pending: boolean;
  /** The server's refusal, or a notice (e.g. the session ended); `invalid` says the check here found a problem. */
  alert: ApiError | null;
  invalid?: boolean;
  submitLabel: string;
  children: ReactNode;
};

export function AuthForm({ onSubmit, pending, alert, invalid = false, submitLabel, children }: AuthFormProps) {
  const { t } = useTranslation();
  const message = invalid ? t('errors.validation_failed') : alert === null ? null : errorText(t, alert);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
    >
      <Stack gap="md">
        {message === null ? null : (
          <Alert color="red" variant="light" role="alert">
            {message}
          </Alert>
        )}
        {children}
        <Button type="submit" loading={pending} fullWidth>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}

/** A password input whose show/hide toggle has a name (screen readers, axe) and that says when it is invalid. */
export function SecretInput(props: ComponentProps<typeof PasswordInput>) {
  const { t } = useTranslation();
  const invalid = props.error !== undefined && props.error !== null && props.error !== false;
  return (
    <PasswordInput
      visibilityToggleButtonProps={{ 'aria-label': t('form.showPassword') }}
      aria-invalid={invalid ? true : undefined}
      {...props}
    />
  );
}
