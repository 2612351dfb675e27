// The messages a panel shows: an alert (a failure in the reader's language) and a status notice.
import { useTranslation } from 'react-i18next';

import { errorText, formErrorText } from '../error-text.js';

import type { ReactNode } from 'react';
import type { ApiError } from '../api.js';

export function Alert({ id, children }: { id?: string | undefined; children: ReactNode }) {
  return (
    <p id={id} className="form-error" role="alert">
      {children}
    </p>
  );
}

/** Nothing without an error; `detailed` adds what another system said about a failed connection check. */
export function ErrorAlert({ error, detailed = false }: { error: ApiError | null | undefined; detailed?: boolean }) {
  const { t } = useTranslation();
  if (error == null) return null;
  return <Alert>{detailed ? formErrorText(t, error) : errorText(t, error)}</Alert>;
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="notice">
      {children}
    </p>
  );
}
