// The review queue's server state: the filter and page kept in the address, the queued page, and what follows a decision.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';

import { reviewFilterSchema } from '../../src/contract/review.contract.js';
import { getAdministrations } from './api/administrations.api.js';
import { getReview } from './api/review.api.js';
import { refreshNavCounts } from './nav-counts.js';

import type { ReviewFilter } from '../../src/contract/review.contract.js';

/** Every review query starts with this key, so live updates and decisions re-read them all at once. */
export const reviewKey = ['review'] as const;
export const REVIEW_PAGE_SIZE = 50;

export const reviewFilterKeys = ['administrationId', 'field', 'state', 'category', 'kind'] as const;
export type ReviewFilterKey = (typeof reviewFilterKeys)[number];

/** The filter from the address; a value the server would refuse is left out rather than breaking the page. */
function filterFrom(params: URLSearchParams): ReviewFilter {
  let filter: ReviewFilter = {};
  for (const key of reviewFilterKeys) {
    const value = params.get(key);
    if (value === null || value === '') continue;
    const parsed = reviewFilterSchema.safeParse({ [key]: value });
    if (parsed.success) filter = { ...filter, ...parsed.data };
  }
  return filter;
}

function pageFrom(params: URLSearchParams): number {
  const page = Number(params.get('page'));
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

/** Filter and page as search parameters: a reload, a shared link and the back button keep them. */
export function useReviewAddress() {
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params);
  const page = pageFrom(params);

  function go(next: ReviewFilter, nextPage: number): void {
    const search = new URLSearchParams();
    for (const key of reviewFilterKeys) {
      const value = next[key];
      if (value !== undefined) search.set(key, value);
    }
    if (nextPage > 1) search.set('page', String(nextPage));
    setParams(search);
  }

  return {
    filter,
    page,
    /** A changed filter starts again at page 1. */
    setFilter: (key: ReviewFilterKey, value: string | null) => {
      const next = new URLSearchParams(params);
      if (value === null) next.delete(key);
      else next.set(key, value);
      go(filterFrom(next), 1);
    },
    clearFilter: () => {
      go({}, 1);
    },
    setPage: (nextPage: number) => {
      go(filter, nextPage);
    },
  };
}

export function useReviewPage(filter: ReviewFilter, page: number) {
  return useQuery({
    queryKey: [...reviewKey, 'queue', filter, page],
    queryFn: () => getReview({ ...filter, page, size: REVIEW_PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
}

/** Administrations to filter by, searched on the server by name (a firm has thousands). */
export function useAdministrationOptions(search: string) {
  return useQuery({
    queryKey: [...reviewKey, 'administration-options', search],
    queryFn: async () => (await getAdministrations({ q: search, size: 20 })).administrations,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** After any decision: the queue and the navigation's badge are read again. */
export function useAfterDecision(): () => void {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: reviewKey });
    refreshNavCounts();
  };
}
