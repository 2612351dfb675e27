// Server state of the administrations pages (list, one administration, a bulk link run), re-read after a link.
import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { getAdministration, getAdministrations, getBulkLinkRun } from './api/administrations.api.js';
import { refreshNavCounts } from './nav-counts.js';
import { queryClient } from './query-client.js';

import type { AdministrationsQuery } from '../../src/contract/administrations.contract.js';

/** All start with 'administrations', so one invalidation (a live update, a link) refreshes every view of them. */
const administrationKeys = {
  all: ['administrations'] as const,
  list: (query: AdministrationsQuery) => ['administrations', 'list', query] as const,
  detail: (id: string) => ['administrations', 'detail', id] as const,
  bulkRun: (runId: string) => ['administrations', 'bulk-link', runId] as const,
};

/** A page of the list; the previous page stays on screen while the next one loads. */
export function useAdministrationList(query: AdministrationsQuery) {
  return useQuery({
    queryKey: administrationKeys.list(query),
    queryFn: () => getAdministrations(query),
    placeholderData: keepPreviousData,
  });
}

export function useAdministration(id: string) {
  return useQuery({ queryKey: administrationKeys.detail(id), queryFn: () => getAdministration(id) });
}

const RUN_POLL_MS = 1_000;

/** A bulk link run, polled until it is finished. */
export function useBulkLinkRun(runId: string) {
  return useQuery({
    queryKey: administrationKeys.bulkRun(runId),
    queryFn: () => getBulkLinkRun(runId),
    refetchInterval: (query) => (query.state.data?.finished === true ? false : RUN_POLL_MS),
    staleTime: 0,
  });
}

/** After a link, unlink or mode change: every administrations view and the navigation's badges are read again. */
export function administrationsChanged(): void {
  void queryClient.invalidateQueries({ queryKey: administrationKeys.all });
  refreshNavCounts();
}
