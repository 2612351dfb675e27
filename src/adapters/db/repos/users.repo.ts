/** Users and portals: creation, lookup and login bookkeeping (last login, the attempt log). */
import { sql } from 'kysely';

import type { Db } from '../pool.js';
import type { UserRole } from '../schema.js';

export type User = {
  readonly id: string;
  readonly portalId: string;
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
};

export type UserWithCredentials = User & {
  readonly passwordHash: string;
  readonly active: boolean;
  /** Set while the password is an administrator-issued temporary one. */
  readonly temporaryPasswordExpiresAt: Date | null;
};

type UserRow = {
  id: string;
  portal_id: string;
  email: string;
  name: string;
  role: UserRole;
  password_hash: string;
};

function toUser(row: Pick<UserRow, 'id' | 'portal_id' | 'email' | 'name' | 'role'>): User {
  return { id: row.id, portalId: row.portal_id, email: row.email, name: row.name, role: row.role };
}

export class EmailTakenError extends Error {
  override readonly name = 'EmailTakenError';
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select(db.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return row.count;
}

/** The portal of this installation, created on first use. */
export async function ensurePortal(db: Db, name: string): Promise<string> {
  const existing = await db.selectFrom('portals').select('id').orderBy('created_at').executeTakeFirst();
  if (existing !== undefined) return existing.id;
  const created = await db.insertInto('portals').values({ name }).returning('id').executeTakeFirstOrThrow();
  return created.id;
}

/** Inserts a user; throws EmailTakenError when the email (case-insensitive) is in use. */
export async function insertUser(
  db: Db,
  input: { portalId: string; email: string; name: string; role: UserRole; passwordHash: string },
): Promise<User> {
  try {
    const row = await db
      .insertInto('users')
      .values({
        portal_id: input.portalId,
        email: input.email.trim(),
        name: input.name.trim(),
        role: input.role,
        password_hash: input.passwordHash,
      })
      .returning(['id', 'portal_id', 'email', 'name', 'role'])
      .executeTakeFirstOrThrow();
    return toUser(row);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === '23505') {
      throw new EmailTakenError(`a user with email ${input.email} already exists`);
    }
    throw error;
  }
}

/**
 * Creates the first portal administrator only while no user exists. The advisory lock makes two concurrent setup
 * requests safe: exactly one wins.
 */
export async function insertFirstAdmin(
  db: Db,
  input: { email: string; name: string; passwordHash: string; portalName: string },
): Promise<User | null> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('crmhub:first-admin'))`.execute(trx);
    if ((await countUsers(trx)) > 0) return null;
    const portalId = await ensurePortal(trx, input.portalName);
    return insertUser(trx, { ...input, portalId, role: 'portal_admin' });
  });
}

export async function findUserByEmail(db: Db, email: string): Promise<UserWithCredentials | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'portal_id', 'email', 'name', 'role', 'password_hash', 'active', 'temporary_password_expires_at'])
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (row === undefined) return null;
  return {
    ...toUser(row),
    passwordHash: row.password_hash,
    active: row.active,
    temporaryPasswordExpiresAt: row.temporary_password_expires_at,
  };
}

export async function findUserById(db: Db, id: string): Promise<User | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'portal_id', 'email', 'name', 'role'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? null : toUser(row);
}

export async function recordLoginSuccess(db: Db, userId: string, now: Date): Promise<void> {
  await db.updateTable('users').set({ last_login_at: now }).where('id', '=', userId).execute();
}

/** Logs every login attempt (kept for a while for investigation; the limits count in login_throttle). */
export async function recordLoginAttempt(
  db: Db,
  attempt: { email: string; ip: string; succeeded: boolean; at: Date },
): Promise<void> {
  await db.insertInto('login_attempts').values(attempt).execute();
}

/** The users of one portal, by email. */
export async function listPortalUsers(db: Db, portalId: string): Promise<User[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'portal_id', 'email', 'name', 'role'])
    .where('portal_id', '=', portalId)
    .orderBy('email')
    .execute();
  return rows.map(toUser);
}
