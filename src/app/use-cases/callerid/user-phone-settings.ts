/** The extensions and direct numbers that ring a user, as administrators set them and users see their own. */
import {
  assignedConnectionIds,
  listUserPhones,
  replaceUserPhones,
} from '../../../adapters/db/repos/callerid-assignments.repo.js';
import { findUserById } from '../../../adapters/db/repos/users.repo.js';
import { ok } from '../../../core/result.js';
import { fail } from '../failure.js';
import { parseUserPhones } from './user-phones.js';
import { fieldsFailure } from './validation.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { CallerIdPhoneView, MyCallerIdView } from '../../../contract/callerid.contract.js';
import type { Outcome } from '../failure.js';

async function phonesOf(db: Db, portalId: string, userId: string): Promise<CallerIdPhoneView[]> {
  const phones = await listUserPhones(db, { portalId, userId });
  return phones.map((p) => ({ kind: p.kind, value: p.value, raw: p.raw }));
}

async function portalUser(db: Db, portalId: string, userId: string): Promise<Outcome<User>> {
  const target = await findUserById(db, userId);
  return target?.portalId === portalId ? ok(target) : fail('not_found', `no user ${userId}`);
}

/** A user of the portal's extensions and numbers; `not_found` for another portal's user. */
export async function getUserPhones(
  db: Db,
  input: { readonly portalId: string; readonly userId: string },
): Promise<Outcome<{ phones: CallerIdPhoneView[] }>> {
  const target = await portalUser(db, input.portalId, input.userId);
  if (!target.ok) return target;
  return ok({ phones: await phonesOf(db, input.portalId, target.value.id) });
}

/** Replaces a user's extensions and numbers; every entry that is neither as `validation_failed` with its index. */
export async function setUserPhones(
  db: Db,
  input: { readonly portalId: string; readonly userId: string; readonly phones: readonly string[] },
): Promise<Outcome<{ phones: CallerIdPhoneView[] }>> {
  const target = await portalUser(db, input.portalId, input.userId);
  if (!target.ok) return target;
  const parsed = parseUserPhones(input.phones);
  if (!parsed.ok) return fieldsFailure(parsed.error, 'body.');
  await replaceUserPhones(db, target.value.id, parsed.value);
  return ok({ phones: await phonesOf(db, input.portalId, target.value.id) });
}

/** The user's own extensions and numbers and the sources assigned to them. */
export async function myCallerId(db: Db, user: User): Promise<MyCallerIdView> {
  return {
    phones: await phonesOf(db, user.portalId, user.id),
    connectionIds: await assignedConnectionIds(db, user.id),
  };
}
