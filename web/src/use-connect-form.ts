// A connection form's submission: fields checked here first, then the save call and its per-field errors.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { connectionFieldError } from './error-text.js';
import { useSubmit } from './use-submit.js';

import type { Connection } from './api/connections.api.js';
import type { ConnectionFailure } from './error-text.js';

export type ClientErrors<I> = Partial<Record<keyof I & string, string>>;
export type Checked<I> = { ok: true; input: I } | { ok: false; errors: ClientErrors<I> };

export function useConnectForm<I>(
  read: (form: FormData) => Checked<I>,
  save: (input: I) => Promise<Connection>,
  onSaved: (connection: Connection) => void,
  reasonFields: Partial<Record<ConnectionFailure, readonly string[]>>,
) {
  const { t } = useTranslation();
  const [clientErrors, setClientErrors] = useState<ClientErrors<I>>({});

  // Checked here first so an empty field gets a message in the reader's language without a round trip.
  const { pending, error, onSubmit } = useSubmit(
    async (form) => {
      const checked = read(form);
      setClientErrors(checked.ok ? {} : checked.errors);
      return checked.ok ? save(checked.input) : null;
    },
    (saved) => {
      if (saved !== null) onSaved(saved);
    },
  );

  const fieldError = (field: keyof I & string): string | undefined =>
    clientErrors[field] ?? connectionFieldError(t, error, field, reasonFields);

  return { pending, error, onSubmit, fieldError, hasClientErrors: Object.keys(clientErrors).length > 0 };
}

export type ConnectFormState = ReturnType<typeof useConnectForm>;
