/** Scheduling index runs: on connect, on request, and when a source is due (full daily, incremental by interval). */
import { countAssignees } from '../../../adapters/db/repos/callerid-assignments.repo.js';
import { listAllLiveConnections } from '../../../adapters/db/repos/connections.repo.js';
import { findIndexSource } from '../../../adapters/db/repos/phone-index-sources.repo.js';
import { phoneSourceRoleOf } from '../../../adapters/registry.js';
import { enqueueIndexRun } from '../../jobs/contracts.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { AppDeps } from '../../deps.js';

/** A full reload (which also removes numbers deleted at the source) at least this often. */
export const FULL_RELOAD_MS = 24 * 3600_000;
/**
 * A caller-ID source (AccountView) always feeds caller ID; a CRM or portal connection only once someone is assigned
 * to it (quota). Returns the incremental poll interval of an indexed connection, null when it is not indexed.
 */
async function pollIntervalOf(deps: Pick<AppDeps, 'db'>, connection: Connection): Promise<number | null> {
  const role = phoneSourceRoleOf(connection.system);
  if (role === null || connection.status !== 'active') return null;
  if (connection.role === 'callerid_source') return role.pollMs;
  return (await countAssignees(deps.db, connection.id)) > 0 ? role.pollMs : null;
}

/** Queues the runs that are due now; returns how many were queued. */
export async function enqueueDueIndexRuns(deps: Pick<AppDeps, 'db' | 'clock' | 'queue'>): Promise<number> {
  const now = deps.clock().getTime();
  let queued = 0;
  for (const connection of await listAllLiveConnections(deps.db)) {
    const pollMs = await pollIntervalOf(deps, connection);
    if (pollMs === null) continue;
    const source = await findIndexSource(deps.db, connection.id);
    const lastFull = source?.lastFullAt?.getTime() ?? null;
    const lastAny = source?.lastIncrementalAt?.getTime() ?? null;
    if (lastFull === null || now - lastFull >= FULL_RELOAD_MS) {
      if (await enqueueIndexRun(deps.queue, connection.id, true)) queued += 1;
    } else if (lastAny === null || now - lastAny >= pollMs) {
      if (await enqueueIndexRun(deps.queue, connection.id, false)) queued += 1;
    }
  }
  return queued;
}
