// A connection form's state: react-hook-form holds what is typed (kept when saving fails), fields are checked here
// first in the reader's language, then the save call (a TanStack mutation) and its per-field errors.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

import { toApiError } from './api.js';
import { connectionFieldError } from './error-text.js';

import type { DefaultValues, FieldValues, Path } from 'react-hook-form';
import type { Connection } from './api/connections.api.js';
import type { ConnectionFailure } from './error-text.js';

export type ClientErrors<I> = Partial<Record<keyof I & string, string>>;
export type Checked<I> = { ok: true; input: I } | { ok: false; errors: ClientErrors<I> };

export function useConnectForm<V extends FieldValues, I>(options: {
  defaultValues: DefaultValues<V>;
  check: (values: V) => Checked<I>;
  save: (input: I) => Promise<Connection>;
  onSaved: (connection: Connection) => void;
  reasonFields: Partial<Record<ConnectionFailure, readonly string[]>>;
}) {
  const { t } = useTranslation();
  const form = useForm<V>({ defaultValues: options.defaultValues });
  const [clientErrors, setClientErrors] = useState<ClientErrors<I>>({});
  const submit = useMutation({ mutationFn: options.save, onSuccess: options.onSaved });
  const error = submit.error === null ? null : toApiError(submit.error);

  // Checked here first so an empty field gets a message in the reader's language without a round trip.
  const onSubmit = form.handleSubmit((values) => {
    const checked = options.check(values);
    setClientErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) submit.mutate(checked.input);
    else submit.reset();
  });

  const fieldError = (field: keyof I & string): string | undefined =>
    clientErrors[field] ?? connectionFieldError(t, error, field, options.reasonFields);

  return {
    register: (name: Path<V>) => form.register(name),
    pending: submit.isPending,
    error,
    onSubmit,
    fieldError,
    hasClientErrors: Object.keys(clientErrors).length > 0,
  };
}

export type ConnectFormState = ReturnType<typeof useConnectForm>;
