// Server state of the settings pages: the CRM and portal connections with the CRM systems, re-read after a change.
import { useQuery } from '@tanstack/react-query';

import { getConnections, getCrmSystems } from './api/connections.api.js';
import { queryClient } from './query-client.js';

const connectionsKey = ['connections'] as const;

async function loadConnections() {
  const [connections, systems] = await Promise.all([getConnections(), getCrmSystems()]);
  return { ...connections, systems };
}

export function useConnections() {
  return useQuery({ queryKey: connectionsKey, queryFn: loadConnections });
}

/** After a connection changed: the connections, and everything derived from them, are read again. */
export function connectionsChanged(): void {
  void queryClient.invalidateQueries();
}
