/** A portal administrator's view of users: access to domains, activation, role, deletion and password resets. */
import { sql } from 'kysely';

import { camelRow } from './camel-row.js';

import type { Db } from '../pool.js';
import type { UserRole } from '../schema.js';

export type ManagedUser = {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
  readonly active: boolean;
  readonly allDomains: boolean;
  readonly domainIds: readonly string[];
  readonly mustChangePassword: boolean;
  readonly lastLoginAt: Date | null;
};

/** Thrown inside a guarded change when it would leave the portal without an active administrator; rolls it back. */
export class LastAdminError extends Error {
  override readonly name = 'LastAdminError';
}

function managedUsers(db: Db, portalId: string) {
  return db
    .selectFrom('users as u')
    .select([
      'u.id',
      'u.email',
      'u.name',
      'u.role',
      'u.active',
      'u.all_domains',
      'u.must_change_password',
      'u.last_login_at',
      sql<string[]>`array(SELECT d.domain_id::text FROM user_domains d WHERE d.user_id = u.id ORDER BY 1)`.as(
        'domain_ids',
      ),
    ])
    .where('u.portal_id', '=', portalId);
}

export async function listManagedUsers(db: Db, portalId: string): Promise<ManagedUser[]> {
  return (await managedUsers(db, portalId).orderBy('u.email').execute()).map(camelRow);
}

export async function findManagedUser(db: Db, portalId: string, userId: string): Promise<ManagedUser | null> {
  const row = await managedUsers(db, portalId).where('u.id', '=', userId).executeTakeFirst();
  return row === undefined ? null : camelRow(row);
}

export async function findManagedUserByEmail(
  db: Db,
  email: string,
): Promise<(ManagedUser & { portalId: string }) | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'portal_id'])
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (row === undefined) return null;
  const user = await findManagedUser(db, row.portal_id, row.id);
  return user === null ? null : { ...user, portalId: row.portal_id };
}

/** Which of the ids are domains of the portal (the others do not exist for it). */
export async function existingPortalDomainIds(db: Db, portalId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('domains')
    .select('id')
    .where('portal_id', '=', portalId)
    .where('id', 'in', [...ids])
    .execute();
  return rows.map((row) => row.id);
}

/** Replaces a user's domain access: every domain (also future ones) or exactly the listed ones. */
export async function setDomainAccess(
  db: Db,
  input: { userId: string; allDomains: boolean; domainIds: readonly string[] },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ all_domains: input.allDomains }).where('id', '=', input.userId).execute();
    await trx.deleteFrom('user_domains').where('user_id', '=', input.userId).execute();
    if (input.allDomains || input.domainIds.length === 0) return;
    await trx
      .insertInto('user_domains')
      .values(input.domainIds.map((domainId) => ({ user_id: input.userId, domain_id: domainId })))
      .execute();
  });
}

/**
 * Runs a change to users of a portal, then checks that an active portal administrator remains; if none does, the change
 * is rolled back and LastAdminError thrown. The advisory lock serialises such changes, so two administrators demoting
 * each other at once cannot both succeed.
 */
export async function changeWithAdminGuard(
  db: Db,
  portalId: string,
  change: (trx: Db) => Promise<void>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`crmhub:portal-admins:${portalId}`}))`.execute(trx);
    await change(trx);
    const row = await trx
      .selectFrom('users')
      .select(trx.fn.countAll<number>().as('count'))
      .where('portal_id', '=', portalId)
      .where('role', '=', 'portal_admin')
      .where('active', '=', true)
      .executeTakeFirstOrThrow();
    if (row.count === 0) throw new LastAdminError('the portal must keep an active portal administrator');
  });
}

/** Deactivates (and ends every session of) or reactivates a user. */
export async function setUserActive(db: Db, userId: string, active: boolean): Promise<void> {
  await db.updateTable('users').set({ active }).where('id', '=', userId).execute();
  if (!active) await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function setUserRole(db: Db, userId: string, role: UserRole): Promise<void> {
  await db.updateTable('users').set({ role }).where('id', '=', userId).execute();
}

/** Deletes a user; its audit rows keep its name and email. */
export async function deleteUser(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('audit_log as a')
    .from('users as u')
    .set((eb) => ({ actor_name: eb.ref('u.name'), actor_email: eb.ref('u.email') }))
    .whereRef('u.id', '=', 'a.actor_user_id')
    .where('u.id', '=', userId)
    .execute();
  await db.deleteFrom('users').where('id', '=', userId).execute();
}

/** Sets an administrator-issued temporary password: it must be changed at first login and expires; sessions end. */
export async function setTemporaryPassword(
  db: Db,
  input: { userId: string; passwordHash: string; expiresAt: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        password_hash: input.passwordHash,
        must_change_password: true,
        temporary_password_expires_at: input.expiresAt,
      })
      .where('id', '=', input.userId)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', input.userId).execute();
  });
}

/** Sets a password the user chose; a temporary password stops applying. */
export async function setOwnPassword(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: false, temporary_password_expires_at: null })
    .where('id', '=', userId)
    .execute();
}
