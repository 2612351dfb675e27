/** Per-user pop-up events with a per-user sequence (the SSE id), announced on a NOTIFY channel at commit. */
import type { PushEvent } from '../../push/sse-hub.js';
import type { Db } from '../pool.js';
import type { Prepared } from './prepared.js';

export const POPUP_CHANNEL = 'crmhub_callerid';

// NOTIFY payloads must stay under 8000 bytes; bigger events are announced without their content and read back.
export const MAX_INLINE_BYTES = 7_000;

/**
 * The CTEs that append one event per row of a preceding `input` CTE (user_id, payload) to the users' streams and
 * announce each at commit: `streams`, `events`, then `notices` (user_id, seq), which the statement must read, or no
 * NOTIFY is sent. The arguments are SQL expressions (placeholders) for the call, the event kind, the channel and the
 * largest payload sent inline.
 */
export function appendEventsSql(p: {
  readonly callPk: string;
  readonly kind: string;
  readonly channel: string;
  readonly maxInlineBytes: string;
}): string {
  return `streams AS (
    INSERT INTO callerid_streams (user_id, last_seq) SELECT user_id, 1 FROM input ORDER BY user_id
    ON CONFLICT (user_id) DO UPDATE SET last_seq = callerid_streams.last_seq + 1
    RETURNING user_id, last_seq
  ), events AS (
    INSERT INTO callerid_events (user_id, seq, call_pk, kind, payload)
    SELECT s.user_id, s.last_seq, ${p.callPk}, ${p.kind}, i.payload::jsonb
    FROM streams s JOIN input i ON i.user_id = s.user_id
    RETURNING user_id, seq
  ), notices AS (
    SELECT e.user_id, e.seq, pg_notify(${p.channel},
      CASE WHEN octet_length(i.payload) <= ${p.maxInlineBytes}
        THEN json_build_object('u', e.user_id::text, 's', e.seq, 'k', ${p.kind}, 'p', i.payload::json)::text
        ELSE json_build_object('u', e.user_id::text, 's', e.seq)::text
      END)
    FROM events e JOIN input i ON i.user_id = e.user_id
  )`;
}

/** A user's pop-up as a row of the call statements; the match summary is null where it is not recorded. */
export type RecipientValues = {
  readonly userId: string;
  readonly payload: unknown;
  readonly result: string | null;
  readonly matchCount: number | null;
  readonly bestName: string | null;
  readonly bestCompany: string | null;
};

/** Recipients as the statements' six parallel array parameters, in user id order (users are locked in that order). */
export function recipientArrays(recipients: readonly RecipientValues[]): unknown[][] {
  const r = [...recipients].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  return [
    r.map((x) => x.userId),
    r.map((x) => JSON.stringify(x.payload)),
    r.map((x) => x.result),
    r.map((x) => x.matchCount),
    r.map((x) => x.bestName),
    r.map((x) => x.bestCompany),
  ];
}

/** The relation of {@link recipientArrays} passed as parameters `$first` to `$first + 5`. */
export function recipientArraysSql(first: number): string {
  const params = ['uuid', 'text', 'text', 'int', 'text', 'text'].map((type, i) => `$${String(first + i)}::${type}[]`);
  return `unnest(${params.join(', ')}) AS t(user_id, payload, result, match_count, best_name, best_company)`;
}

const deliver = `
  WITH input AS (
    SELECT * FROM ${recipientArraysSql(1)}
  ), recipients AS (
    INSERT INTO call_recipients (call_pk, user_id, started_at, result, match_count, best_name, best_company, popup)
    SELECT $7::uuid, user_id, $8::timestamptz, result, match_count, best_name, best_company, payload::jsonb
    FROM input WHERE $9::boolean
    ON CONFLICT DO NOTHING
  ), ${appendEventsSql({ callPk: '$7::uuid', kind: '$10::text', channel: '$11::text', maxInlineBytes: '$12::int' })}
  SELECT user_id AS "userId", seq FROM notices`;

/** One user's pop-up for a call; with `recipient`, the user is also recorded as a recipient of the call. */
export type PopupDelivery = {
  readonly userId: string;
  readonly payload: unknown;
  readonly recipient?: {
    readonly result: string;
    readonly matchCount: number;
    readonly bestName: string | null;
    readonly bestCompany: string | null;
  };
};

const noMatch = { result: null, matchCount: null, bestName: null, bestCompany: null } as const;

/**
 * Appends a call's pop-up events to the users' streams (and records new recipients) in one statement, and announces
 * them. Run it last in the transaction that made the events: each user's sequence row stays locked until commit (so
 * events commit in sequence order; users are locked in id order, so two calls never deadlock), and NOTIFY is sent at
 * commit. Returns each user's new sequence number.
 */
export async function deliverPopups(
  run: Prepared,
  input: {
    readonly callPk: string;
    readonly startedAt: Date;
    readonly kind: string;
    readonly deliveries: readonly PopupDelivery[];
  },
): Promise<{ userId: string; seq: number }[]> {
  if (input.deliveries.length === 0) return [];
  const recipients = input.deliveries.map((d) => ({
    userId: d.userId,
    payload: d.payload,
    ...(d.recipient ?? noMatch),
  }));
  return run<{ userId: string; seq: number }>({
    name: 'callerid-deliver-popups',
    text: deliver,
    values: [
      ...recipientArrays(recipients),
      input.callPk,
      input.startedAt,
      input.deliveries.some((d) => d.recipient !== undefined),
      input.kind,
      POPUP_CHANNEL,
      MAX_INLINE_BYTES,
    ],
  });
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

export async function deleteUserEventsBefore(db: Db, cutoff: Date): Promise<number> {
  const result = await db.deleteFrom('callerid_events').where('created_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
