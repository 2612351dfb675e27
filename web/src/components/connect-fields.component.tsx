// A connect form's text fields on Mantine inputs (registered with react-hook-form; secrets masked, addresses as URLs),
// and the frame of a form that continues at another system's consent page.
import { Button, Stack, TextInput } from '@mantine/core';

import { SecretInput } from './auth-form.component.js';
import { ErrorAlert } from './feedback.component.js';

import type { ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import type { ApiError } from '../api.js';

export type ConnectField<N extends string> = {
  name: N;
  label: string;
  description?: string;
  /** Masked, and never filled in from the browser's memory. */
  secret?: boolean;
  url?: boolean;
  required?: boolean;
};

type ConnectFieldsProps<N extends string> = {
  fields: readonly ConnectField<N>[];
  register: (name: N) => UseFormRegisterReturn<N>;
  error: (name: N) => string | undefined;
};

export function ConnectFields<N extends string>({ fields, register, error }: ConnectFieldsProps<N>) {
  return (
    <>
      {fields.map(({ name, label, description, secret = false, url = false, required = false }) => {
        const props = {
          label,
          description,
          required,
          error: error(name),
          autoComplete: 'off',
          ...register(name),
        };
        return secret ? (
          <SecretInput key={name} {...props} />
        ) : (
          <TextInput key={name} type={url ? 'url' : 'text'} {...props} />
        );
      })}
    </>
  );
}

type ConsentFormProps = {
  onSubmit: () => void;
  /** What to do before the fields: the address to register at the other system, with its explanation. */
  intro: ReactNode;
  error: ApiError | null;
  pending: boolean;
  submitLabel: string;
  children: ReactNode;
};

/** A form that sends the user to another system's consent page: intro, fields, what went wrong, and the button. */
export function ConsentForm({ onSubmit, intro, error, pending, submitLabel, children }: ConsentFormProps) {
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <Stack gap="sm">
        {intro}
        {children}
        <ErrorAlert error={error} detailed />
        <div>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
