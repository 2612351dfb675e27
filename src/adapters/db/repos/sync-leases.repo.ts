/** Run leases of CRM syncs: one holder per connection and kind, renewed while it runs, free once it lapses. */
import type { Db } from '../pool.js';

export type SyncLeaseKey = { readonly connectionId: string; readonly kind: 'incremental' | 'full' };

type LeaseInput = SyncLeaseKey & { readonly holder: string; readonly now: Date; readonly ms: number };

/** Takes the lease unless another holder has one that has not lapsed; true when `holder` now has it. */
export async function takeSyncLease(db: Db, input: LeaseInput): Promise<boolean> {
  const until = new Date(input.now.getTime() + input.ms);
  const taken = await db
    .insertInto('sync_leases')
    .values({ connection_id: input.connectionId, kind: input.kind, holder: input.holder, until })
    .onConflict((oc) =>
      oc
        .columns(['connection_id', 'kind'])
        .doUpdateSet({ holder: input.holder, until })
        .where((eb) => eb.or([eb('sync_leases.until', '<', input.now), eb('sync_leases.holder', '=', input.holder)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return taken !== undefined;
}

/** Extends the lease while `holder` still has it; false when it lapsed and another holder took it. */
export async function renewSyncLease(db: Db, input: LeaseInput): Promise<boolean> {
  const renewed = await db
    .updateTable('sync_leases')
    .set({ until: new Date(input.now.getTime() + input.ms) })
    .where('connection_id', '=', input.connectionId)
    .where('kind', '=', input.kind)
    .where('holder', '=', input.holder)
    .executeTakeFirst();
  return renewed.numUpdatedRows > 0n;
}

export async function releaseSyncLease(db: Db, input: SyncLeaseKey & { readonly holder: string }): Promise<void> {
  await db
    .deleteFrom('sync_leases')
    .where('connection_id', '=', input.connectionId)
    .where('kind', '=', input.kind)
    .where('holder', '=', input.holder)
    .execute();
}
