/** Scheduling index runs: on connect, on request, and when a source is due (full daily, incremental by interval). */
import { countAssignees } from '../../../adapters/db/repos/callerid-assignments.repo.js';
import { listAllLiveConnections } from '../../../adapters/db/repos/connections.repo.js';
import { findIndexSource } from '../../../adapters/db/repos/phone-index-sources.repo.js';
import { enqueueIndexRun } from '../../jobs/contracts.js';
import { indexableSystems } from './index-sources.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { AppDeps } from '../../deps.js';

/** A full reload (which also removes numbers deleted at the source) at least this often. */
export const FULL_RELOAD_MS = 24 * 3600_000;
/** Incremental runs of AccountView this often ([I] §3.8: no webhooks, so polling by CNG_DATE). */
export const ACCOUNTVIEW_POLL_MS = 5 * 60_000;

/** AccountView always feeds caller ID; a CRM or Yuki connection only once someone is assigned to it (quota). */
async function isIndexed(deps: Pick<AppDeps, 'db'>, connection: Connection): Promise<boolean> {
  if (!(indexableSystems as readonly string[]).includes(connection.system) || connection.status !== 'active')
    return false;
  if (connection.role === 'callerid_source') return true;
  return (await countAssignees(deps.db, connection.id)) > 0;
}

/** Queues the runs that are due now; returns how many were queued. */
export async function enqueueDueIndexRuns(deps: Pick<AppDeps, 'db' | 'clock' | 'queue'>): Promise<number> {
  const now = deps.clock().getTime();
  let queued = 0;
  for (const connection of await listAllLiveConnections(deps.db)) {
    if (!(await isIndexed(deps, connection))) continue;
    const source = await findIndexSource(deps.db, connection.id);
    const lastFull = source?.lastFullAt?.getTime() ?? null;
    const lastAny = source?.lastIncrementalAt?.getTime() ?? null;
    const pollMs = connection.system === 'accountview' ? ACCOUNTVIEW_POLL_MS : 5 * 60_000;
    if (lastFull === null || now - lastFull >= FULL_RELOAD_MS) {
      if (await enqueueIndexRun(deps.queue, connection.id, true)) queued += 1;
    } else if (lastAny === null || now - lastAny >= pollMs) {
      if (await enqueueIndexRun(deps.queue, connection.id, false)) queued += 1;
    }
  }
  return queued;
}
