// The one TanStack Query client: server state (lists, settings, counts) cached and re-read per query key.
import { QueryClient } from '@tanstack/react-query';

import { ApiError } from './api.js';

/** A failed read is retried once, unless the server answered with a client error (which will not change). */
function retry(failures: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failures < 1;
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry, refetchOnWindowFocus: false, staleTime: 5_000 },
    mutations: { retry: false },
  },
});
