// A connect form's text fields on Mantine inputs (registered with react-hook-form; secrets masked, addresses as URLs).
import { TextInput } from '@mantine/core';

import { SecretInput } from './auth-form.component.js';

import type { UseFormRegisterReturn } from 'react-hook-form';

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
