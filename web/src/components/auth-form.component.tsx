// The form of the login, setup and password pages: an alert for the whole form, its fields, and the submit button;
// the hook that sends it, and its fields as a table.
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { toApiError } from '../api.js';
import { errorText } from '../error-text.js';
import { fieldText } from '../form-errors.js';
import { apiErrorOf } from '../use-api-mutation.js';

import type { ComponentProps, ReactNode } from 'react';
import type { FieldError, FieldValues, Path, UseFormReturn } from 'react-hook-form';
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

type AuthSendOptions<V, R> = {
  send: (input: V) => Promise<R>;
  onSuccess: (result: R) => void;
  onError?: (error: ApiError) => void;
};

/** Sends the form (checked by its resolver first); `formProps` are AuthForm's, `error` the server's refusal. */
export function useAuthForm<V extends FieldValues, R>(form: UseFormReturn<V>, options: AuthSendOptions<V, R>) {
  const { send, onSuccess, onError } = options;
  const submit = useMutation({
    mutationFn: send,
    // Only the result: TanStack also passes the input, which a callback's optional parameter must not receive.
    onSuccess: (result) => {
      onSuccess(result);
    },
    onError: (failure) => onError?.(toApiError(failure)),
  });
  const error = apiErrorOf(submit);
  const { errors } = form.formState;
  const formProps = {
    onSubmit: form.handleSubmit((input) => {
      submit.mutate(input);
    }),
    pending: submit.isPending,
    alert: error,
    invalid: Object.keys(errors).length > 0,
  };
  return { error, formProps };
}

type FieldKind = Parameters<typeof fieldText>[2];

export type AuthField<V extends FieldValues> = {
  name: Path<V>;
  label: string;
  /** How a problem is worded (and a new password's rules); `secret` hides what is typed. */
  kind: FieldKind;
  secret?: boolean;
  type?: 'email';
  autoComplete: string;
  description?: string;
  /** The page's own wording of the field's problem, given what the check here found; else the shared wording. */
  words?: (clientProblem: FieldError | undefined) => string | undefined;
};

/** The form's fields, all required: each with its autofill hint and its problem in the reader's language. */
export function AuthFields<V extends FieldValues>(props: {
  form: UseFormReturn<V>;
  error: ApiError | null;
  fields: readonly AuthField<V>[];
}) {
  const { form, error, fields } = props;
  const { t } = useTranslation();
  return fields.map(({ name, kind, secret = false, words, ...input }) => {
    const Input = secret ? SecretInput : TextInput;
    const problem = form.getFieldState(name, form.formState).error;
    return (
      <Input
        key={name}
        {...input}
        required
        error={words === undefined ? fieldText(t, name, kind, problem, error) : words(problem)}
        {...form.register(name)}
      />
    );
  });
}
