/** Fixed-window attempt counters for login limits, bumped atomically in PostgreSQL so they hold across instances. */
import { sql } from 'kysely';

import type { Db } from '../pool.js';

export type ThrottleWindow = { readonly limit: number; readonly windowMs: number; readonly now: Date };

/** Whether the attempt may go ahead, and when the window that refused it ends. */
export type ThrottleVerdict = { readonly allowed: boolean; readonly retryAfterSeconds: number };

/**
 * Counts one attempt under `key` and says whether it is within the limit. One INSERT … ON CONFLICT takes the row lock,
 * so of N concurrent callers exactly `limit` are allowed per window.
 */
export async function takeAttempt(db: Db, key: string, window: ThrottleWindow): Promise<ThrottleVerdict> {
  const expired = sql<boolean>`login_throttle.window_started_at <= ${window.now}::timestamptz - make_interval(secs => ${window.windowMs / 1000})`;
  const { rows } = await sql<{ attempts: number; window_started_at: Date }>`
    INSERT INTO login_throttle (key, attempts, window_started_at) VALUES (${key}, 1, ${window.now})
    ON CONFLICT (key) DO UPDATE SET
      attempts = CASE WHEN ${expired} THEN 1 ELSE login_throttle.attempts + 1 END,
      window_started_at = CASE WHEN ${expired} THEN ${window.now} ELSE login_throttle.window_started_at END
    RETURNING attempts, window_started_at`.execute(db);
  const row = rows[0];
  if (row === undefined) throw new Error('login_throttle upsert returned no row');
  const windowEnds = row.window_started_at.getTime() + window.windowMs;
  return {
    allowed: row.attempts <= window.limit,
    retryAfterSeconds: Math.max(1, Math.ceil((windowEnds - window.now.getTime()) / 1000)),
  };
}

/** Gives one counted attempt back (a successful login does not use up its address's allowance). */
export async function returnAttempt(db: Db, key: string): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set((eb) => ({ attempts: sql<number>`greatest(${eb.ref('attempts')} - 1, 0)` }))
    .where('key', '=', key)
    .execute();
}

/** Forgets a counter (a successful login clears its account's failures from that address). */
export async function clearAttempts(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** Drops counters whose window started before the cutoff (housekeeping). */
export async function deleteThrottleWindowsBefore(db: Db, cutoff: Date): Promise<void> {
  await db.deleteFrom('login_throttle').where('window_started_at', '<', cutoff).execute();
}
