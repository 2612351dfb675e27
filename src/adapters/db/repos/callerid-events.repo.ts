/** Per-user pop-up events with a per-user sequence (the SSE id), announced on a NOTIFY channel at commit. */
import { sql } from 'kysely';

import type { PushEvent } from '../../push/sse-hub.js';
import type { Db } from '../pool.js';

export const POPUP_CHANNEL = 'crmhub_callerid';

// NOTIFY payloads must stay under 8000 bytes; bigger events are announced without their content and read back.
const MAX_INLINE_BYTES = 7_000;

/**
 * Appends one event to a user's stream and announces it. Run it inside the transaction that made the event: the
 * user's sequence row stays locked until commit (so events commit in sequence order) and NOTIFY is sent at commit.
 */
export async function appendUserEvent(
  db: Db,
  input: { readonly userId: string; readonly callPk: string | null; readonly kind: string; readonly payload: unknown },
): Promise<number> {
  const payload = JSON.stringify(input.payload);
  const result = await sql<{ seq: number }>`
    WITH s AS (
      INSERT INTO callerid_streams (user_id, last_seq) VALUES (${input.userId}, 1)
      ON CONFLICT (user_id) DO UPDATE SET last_seq = callerid_streams.last_seq + 1
      RETURNING last_seq
    ), e AS (
      INSERT INTO callerid_events (user_id, seq, call_pk, kind, payload)
      SELECT ${input.userId}, s.last_seq, ${input.callPk}, ${input.kind}, ${payload}::jsonb FROM s
      RETURNING seq
    )
    SELECT e.seq, pg_notify(${POPUP_CHANNEL},
      CASE WHEN octet_length(${payload}) <= ${MAX_INLINE_BYTES}
        THEN json_build_object('u', ${input.userId}::text, 's', e.seq, 'k', ${input.kind}::text, 'p', ${payload}::json)::text
        ELSE json_build_object('u', ${input.userId}::text, 's', e.seq)::text
      END)
    FROM e
  `.execute(db);
  const row = result.rows[0];
  if (row === undefined) throw new Error('appending a pop-up event returned no sequence number');
  return row.seq;
}

/** A user's events after `afterSeq`, oldest first. */
export async function fetchUserEventsSince(
  db: Db,
  userId: string,
  afterSeq: number,
  limit: number,
): Promise<PushEvent[]> {
  const rows = await db
    .selectFrom('callerid_events')
    .select(['seq', 'kind', 'payload'])
    .where('user_id', '=', userId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: r.seq, kind: r.kind, payload: r.payload }));
}

/** The sequence number of a user's newest event (0 when none). */
export async function latestUserSeq(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('callerid_streams')
    .select('last_seq')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row === undefined ? 0 : row.last_seq;
}

/** The newest pop-up payload a user got for a call (to update it on answered/ended). */
export async function latestCallPayload(db: Db, userId: string, callPk: string): Promise<unknown> {
  const row = await db
    .selectFrom('callerid_events')
    .select('payload')
    .where('user_id', '=', userId)
    .where('call_pk', '=', callPk)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.payload ?? null;
}

export async function deleteUserEventsBefore(db: Db, cutoff: Date): Promise<number> {
  const result = await db.deleteFrom('callerid_events').where('created_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
