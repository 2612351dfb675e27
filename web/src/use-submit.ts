// Form submission state for API-backed forms: pending flag, the last ApiError, no double submits.
import { useState } from 'react';

import { toApiError } from './api.js';

import type { SubmitEvent } from 'react';
import type { ApiError } from './api.js';

export function useSubmit<T>(
  action: (form: FormData) => Promise<T>,
  onSuccess: (result: T) => void,
  onError?: (error: ApiError) => void,
) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  function onSubmit(event: SubmitEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    action(new FormData(event.currentTarget)).then(
      (result) => {
        setPending(false);
        onSuccess(result);
      },
      (failure: unknown) => {
        const error = toApiError(failure);
        setPending(false);
        setError(error);
        onError?.(error);
      },
    );
  }

  return { pending, error, onSubmit };
}

/** A text value from a submitted form (missing fields read as empty). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
