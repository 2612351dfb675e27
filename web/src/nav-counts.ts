// The navigation's badge counts as a query: pages ask for a re-read after a review decision, link or unlink.
import { useQuery } from '@tanstack/react-query';

import { getNavCounts } from './api.js';
import { queryClient } from './query-client.js';

export const navCountsKey = ['nav-counts'] as const;

export function refreshNavCounts(): void {
  void queryClient.invalidateQueries({ queryKey: navCountsKey });
}

/** The counts; the shell re-reads them on every page change so the badge follows work done elsewhere. */
export function useNavCounts() {
  return useQuery({ queryKey: navCountsKey, queryFn: getNavCounts, staleTime: 0 });
}
