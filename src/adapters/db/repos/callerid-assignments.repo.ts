/** Which users get pop-ups from which source connections, and the extensions/numbers that ring each user. */
import { countConnectionRows } from './connection-rows.js';

import type { Db } from '../pool.js';

export type UserPhone = {
  readonly id: string;
  readonly userId: string;
  readonly kind: 'extension' | 'number';
  /** Digits of an extension, or E.164 of a number. */
  readonly value: string;
  readonly raw: string;
};

export async function listAssignments(
  db: Db,
  portalId: string,
): Promise<{ connectionId: string; userId: string; assignedAt: Date }[]> {
  const rows = await db
    .selectFrom('callerid_assignments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.connection_id', 'a.user_id', 'a.assigned_at'])
    .where('u.portal_id', '=', portalId)
    .orderBy('a.assigned_at')
    .execute();
  return rows.map((r) => ({ connectionId: r.connection_id, userId: r.user_id, assignedAt: r.assigned_at }));
}

/** Sets exactly these users as the assignees of a connection; returns the ids added and removed. */
export async function setConnectionAssignees(
  db: Db,
  input: { readonly connectionId: string; readonly userIds: readonly string[]; readonly by: string },
): Promise<{ added: string[]; removed: string[] }> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('callerid_assignments')
      .select('user_id')
      .where('connection_id', '=', input.connectionId)
      .forUpdate()
      .execute();
    const had = new Set(before.map((r) => r.user_id));
    const wanted = new Set(input.userIds);
    const added = [...wanted].filter((id) => !had.has(id));
    const removed = [...had].filter((id) => !wanted.has(id));
    if (removed.length > 0) {
      await trx
        .deleteFrom('callerid_assignments')
        .where('connection_id', '=', input.connectionId)
        .where('user_id', 'in', removed)
        .execute();
    }
    if (added.length > 0) {
      await trx
        .insertInto('callerid_assignments')
        .values(added.map((userId) => ({ connection_id: input.connectionId, user_id: userId, assigned_by: input.by })))
        .execute();
    }
    return { added, removed };
  });
}

export async function assignedConnectionIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('callerid_assignments as a')
    .innerJoin('connections as c', 'c.id', 'a.connection_id')
    .select('a.connection_id')
    .where('a.user_id', '=', userId)
    .where('c.status', '<>', 'disconnected')
    .execute();
  return rows.map((r) => r.connection_id);
}

export async function countAssignees(db: Db, connectionId: string): Promise<number> {
  return countConnectionRows(db, 'callerid_assignments', connectionId);
}

export async function listUserPhones(
  db: Db,
  filter: { readonly portalId: string; readonly userId?: string },
): Promise<UserPhone[]> {
  let query = db
    .selectFrom('user_phones as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.id', 'p.user_id', 'p.kind', 'p.value', 'p.raw'])
    .where('u.portal_id', '=', filter.portalId);
  if (filter.userId !== undefined) query = query.where('p.user_id', '=', filter.userId);
  const rows = await query.orderBy('p.created_at').execute();
  return rows.map((r) => ({ id: r.id, userId: r.user_id, kind: r.kind, value: r.value, raw: r.raw }));
}

/** Replaces a user's extensions and numbers. */
export async function replaceUserPhones(
  db: Db,
  userId: string,
  phones: readonly { readonly kind: 'extension' | 'number'; readonly value: string; readonly raw: string }[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('user_phones').where('user_id', '=', userId).execute();
    const unique = [...new Map(phones.map((p) => [`${p.kind}:${p.value}`, p])).values()];
    if (unique.length > 0) {
      await trx
        .insertInto('user_phones')
        .values(unique.map((p) => ({ user_id: userId, kind: p.kind, value: p.value, raw: p.raw })))
        .execute();
    }
  });
}
