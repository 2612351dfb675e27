// Forms that stay on the page: submitting (Enter or the button) calls `onSubmit` instead of loading another page;
// and the usual sending form around it: the fields, the failure, and the submit button.
import { Button, Stack } from '@mantine/core';

import { ErrorAlert } from './feedback.component.js';

import type { ComponentProps, ReactNode } from 'react';
import type { ApiError } from '../api.js';

type FormProps = Omit<ComponentProps<'form'>, 'onSubmit'> & { onSubmit: () => void };

export function Form({ onSubmit, children, ...formProps }: FormProps) {
  return (
    <form
      {...formProps}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}

type SendFormProps = {
  onSubmit: () => void;
  /** Shown with what another system said, when the failure was a connection check. */
  error: ApiError | null;
  pending: boolean;
  submitLabel: string;
  children: ReactNode;
};

/** Fields are checked here (and by the server), not by the browser's own bubbles. */
export function SendForm({ onSubmit, error, pending, submitLabel, children }: SendFormProps) {
  return (
    <Form noValidate onSubmit={onSubmit}>
      <Stack gap="sm">
        {children}
        <ErrorAlert error={error} detailed />
        <div>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </div>
      </Stack>
    </Form>
  );
}
