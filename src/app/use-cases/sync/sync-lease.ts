/** Runs a CRM sync under its connection's run lease, renewed while the run lasts, so a dead worker frees it soon. */
import { releaseSyncLease, renewSyncLease, takeSyncLease } from '../../../adapters/db/repos/sync-leases.repo.js';

import type { SyncLeaseKey } from '../../../adapters/db/repos/sync-leases.repo.js';
import type { AppDeps } from '../../deps.js';

/** How long a lease holds without renewal: a killed worker's connection is free again after at most this. */
export const SYNC_LEASE_MS = 120_000;
const RENEW_EVERY_MS = SYNC_LEASE_MS / 4;

export type LeasedRun<T> = { readonly ran: true; readonly value: T } | { readonly ran: false };

/** Runs `run` when `holder` gets the lease of the key; `{ ran: false }` while another holder has it. */
export async function underSyncLease<T>(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  key: SyncLeaseKey & { readonly holder: string },
  run: () => Promise<T>,
): Promise<LeasedRun<T>> {
  if (!(await takeSyncLease(deps.db, { ...key, now: deps.clock(), ms: SYNC_LEASE_MS }))) return { ran: false };
  // A failed renewal (database briefly away) is not fatal: at worst the lease lapses and a second run of the same sync
  // starts, which ingest tolerates (it already runs beside webhook and full-reconcile runs of the same connection).
  const heartbeat = setInterval(() => {
    renewSyncLease(deps.db, { ...key, now: deps.clock(), ms: SYNC_LEASE_MS }).catch(() => false);
  }, RENEW_EVERY_MS);
  heartbeat.unref();
  try {
    return { ran: true, value: await run() };
  } finally {
    clearInterval(heartbeat);
    await releaseSyncLease(deps.db, key).catch(() => undefined);
  }
}
