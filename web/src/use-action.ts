// A button's API call outside a form: pending flag and the last ApiError, cleared when it runs again.
import { useState } from 'react';

import { toApiError } from './api.js';

import type { ApiError } from './api.js';

export type ActionState = { pending: boolean; error: ApiError | null };

const idle: ActionState = { pending: false, error: null };

export function useAction() {
  const [state, setState] = useState<ActionState>(idle);

  function run<T>(work: () => Promise<T>, onDone: (result: T) => void, onError?: (error: ApiError) => void): void {
    setState({ pending: true, error: null });
    work().then(
      (result) => {
        setState(idle);
        onDone(result);
      },
      (failure: unknown) => {
        const error = toApiError(failure);
        setState({ pending: false, error });
        onError?.(error);
      },
    );
  }

  return {
    ...state,
    run,
    reset: (): void => {
      setState(idle);
    },
  };
}

export type Action = ReturnType<typeof useAction>;
