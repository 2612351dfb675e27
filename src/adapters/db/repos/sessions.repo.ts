/** Login sessions: only a SHA-256 of the cookie token is stored, never the token itself. */
import { createHash, randomBytes } from 'node:crypto';

import type { Db } from '../pool.js';

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** The CSRF token is derived from the session token, so it needs no storage and dies with the session. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

export async function createSession(db: Db, userId: string, expiresAt: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), user_id: userId, expires_at: expiresAt })
    .execute();
  return token;
}

const TOUCH_INTERVAL_MS = 60_000;

/** The user id of a live session; null when unknown or expired. last_seen_at is written at most once a minute. */
export async function findSessionUser(db: Db, token: string, now: Date): Promise<string | null> {
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('sessions')
    .select(['user_id', 'last_seen_at'])
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (row === undefined) return null;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
  }
  return row.user_id;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteLoginAttemptsBefore(db: Db, cutoff: Date): Promise<void> {
  await db.deleteFrom('login_attempts').where('at', '<', cutoff).execute();
}
