// A TanStack mutation whose failure is also given as an ApiError, and that can read a list again after it succeeds.
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { toApiError } from './api.js';

import type { QueryKey } from '@tanstack/react-query';
import type { ApiError } from './api.js';

/** A mutation's (or query's) failure as an ApiError for the alert and the fields; null while it has not failed. */
export function apiErrorOf(state: { error: unknown }): ApiError | null {
  return state.error === null ? null : toApiError(state.error);
}

type ApiMutationOptions<R> = {
  onSuccess?: (result: R) => void;
  /** The query read again after success; the mutation stays pending until it is read. */
  invalidates?: QueryKey;
};

export function useApiMutation<A, R>(mutationFn: (argument: A) => Promise<R>, options: ApiMutationOptions<R> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, invalidates } = options;
  const mutation = useMutation({
    mutationFn,
    onSuccess: (result: R) => {
      onSuccess?.(result);
      return invalidates === undefined ? undefined : queryClient.invalidateQueries({ queryKey: invalidates });
    },
  });
  return { ...mutation, apiError: apiErrorOf(mutation) };
}
