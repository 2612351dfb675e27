/** Login sessions: only a SHA-256 of the cookie token is stored, never the token itself. */
import { randomBytes } from 'node:crypto';

import { camelRow } from './camel-row.js';
import { secretHash } from './secret-hash.js';

import type { Db } from '../pool.js';

/** The CSRF token is derived from the session token, so it needs no storage and dies with the session. */
export function csrfTokenFor(sessionToken: string): string {
  return secretHash('csrf', sessionToken);
}

export async function createSession(
  db: Db,
  input: { userId: string; expiresAt: Date; userAgent: string | null },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      token_hash: secretHash(null, token),
      user_id: input.userId,
      expires_at: input.expiresAt,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return token;
}

const TOUCH_INTERVAL_MS = 60_000;

/** A live session of an active user. */
export type LiveSession = { readonly sessionId: string; readonly userId: string; readonly mustChangePassword: boolean };

/** The live session of a token; null when unknown, expired or its user is deactivated. Touched at most once a minute. */
export async function findLiveSession(db: Db, token: string, now: Date): Promise<LiveSession | null> {
  const tokenHash = secretHash(null, token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.user_id', 's.last_seen_at', 'u.must_change_password'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .where('u.active', '=', true)
    .executeTakeFirst();
  if (row === undefined) return null;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
  }
  return { sessionId: row.id, userId: row.user_id, mustChangePassword: row.must_change_password };
}

export type SessionSummary = {
  readonly id: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly userAgent: string | null;
};

/** A user's live sessions, most recently used first. */
export async function listUserSessions(db: Db, userId: string, now: Date): Promise<SessionSummary[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'user_agent'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map(camelRow);
}

/** Ends one session of a user; false when the user has no such session. */
export async function deleteUserSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Ends every session of a user, except optionally one (the one changing its password stays logged in). */
export async function deleteUserSessions(db: Db, userId: string, exceptSessionId: string | null = null): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId !== null) query = query.where('id', '<>', exceptSessionId);
  await query.execute();
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', secretHash(null, token)).execute();
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteLoginAttemptsBefore(db: Db, cutoff: Date): Promise<void> {
  await db.deleteFrom('login_attempts').where('at', '<', cutoff).execute();
}
