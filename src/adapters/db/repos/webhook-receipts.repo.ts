/** Signed webhook bodies seen within a window, by hash: one atomic upsert decides which instance counts a body. */
import { sql } from 'kysely';

import type { Db } from '../pool.js';

/**
 * Records a body hash for the connection; true when it was not seen within `windowMs` before `now` (so it counts),
 * false for a repeat. The window runs from the first receipt: repeats do not extend it. Expired rows are dropped.
 */
export async function firstReceiptWithin(
  db: Db,
  input: { readonly connectionId: string; readonly bodySha256: string; readonly now: Date; readonly windowMs: number },
): Promise<boolean> {
  const cutoff = new Date(input.now.getTime() - input.windowMs);
  const counted = await sql<{ received_at: Date }>`
    INSERT INTO webhook_receipts (connection_id, body_sha256, received_at)
    VALUES (${input.connectionId}, ${input.bodySha256}, ${input.now})
    ON CONFLICT (connection_id, body_sha256) DO UPDATE SET received_at = EXCLUDED.received_at
      WHERE webhook_receipts.received_at <= ${cutoff}
    RETURNING received_at`.execute(db);
  await db
    .deleteFrom('webhook_receipts')
    .where('connection_id', '=', input.connectionId)
    .where('received_at', '<=', cutoff)
    .execute();
  return counted.rows.length > 0;
}

/** Forgets a receipt whose work could not be queued, so the sender's retry counts (nothing is lost). */
export async function forgetReceipt(db: Db, connectionId: string, bodySha256: string): Promise<void> {
  await db
    .deleteFrom('webhook_receipts')
    .where('connection_id', '=', connectionId)
    .where('body_sha256', '=', bodySha256)
    .execute();
}
