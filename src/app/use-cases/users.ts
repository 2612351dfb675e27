/** Creating and reading users (first administrator, shell, API) with the same validation everywhere. */
import { passwordWeakness } from '../../adapters/crypto/password-strength.js';
import { hashPassword } from '../../adapters/crypto/password.js';
import {
  countUsers,
  EmailTakenError,
  ensurePortal,
  findUserById,
  insertFirstAdmin,
  insertUser,
  listPortalUsers,
} from '../../adapters/db/repos/users.repo.js';
import { ok } from '../../core/result.js';
import { fail } from './failure.js';

import type { Db } from '../../adapters/db/pool.js';
import type { User } from '../../adapters/db/repos/users.repo.js';
import type { UserRole } from '../../contract/auth.contract.js';
import type { Outcome } from './failure.js';

export type { User };

export const DEFAULT_PORTAL_NAME = 'crmhub';

export type NewUser = { email: string; name: string; password: string; role: UserRole };

/** Runs an insert, turning a duplicate email into the `email_taken` failure. */
async function catchEmailTaken<T>(insert: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return ok(await insert());
  } catch (error) {
    if (error instanceof EmailTakenError) return fail('email_taken', error.message);
    throw error;
  }
}

/** `password_too_weak` (reason: zxcvbn's warning key) for a password an attacker would guess early; null when fine. */
export function weakPasswordFailure(password: string, owner: { email: string; name: string }): Outcome<never> | null {
  const reason = passwordWeakness(password, [owner.email, owner.name]);
  if (reason === null) return null;
  const message = `too easy to guess (${reason})`;
  return fail('password_too_weak', `body.password: ${message}`, {
    errors: [{ field: 'body.password', code: 'password_too_weak', params: { reason }, message }],
    reason,
  });
}

/** Creates a user in the given portal (an administrator adds colleagues to their own), by default the installation's. */
export async function createUser(db: Db, input: NewUser & { readonly portalId?: string }): Promise<Outcome<User>> {
  const weak = weakPasswordFailure(input.password, input);
  if (weak !== null) return weak;
  const portalId = input.portalId ?? (await ensurePortal(db, DEFAULT_PORTAL_NAME));
  const passwordHash = await hashPassword(input.password);
  return catchEmailTaken(() => insertUser(db, { ...input, portalId, passwordHash }));
}

/** Creates the first portal administrator; `setup_already_done` once any user exists (setup is one-time). */
export async function createFirstAdmin(db: Db, input: Omit<NewUser, 'role'>): Promise<Outcome<User>> {
  const weak = weakPasswordFailure(input.password, input);
  if (weak !== null) return weak;
  const passwordHash = await hashPassword(input.password);
  const created = await catchEmailTaken(() =>
    insertFirstAdmin(db, { email: input.email, name: input.name, passwordHash, portalName: DEFAULT_PORTAL_NAME }),
  );
  if (!created.ok) return created;
  if (created.value === null) return fail('setup_already_done', 'log in with an existing account instead');
  return ok(created.value);
}

export async function isSetupNeeded(db: Db): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

/** The users of the administrator's own portal. */
export async function listUsers(db: Db, portalId: string): Promise<User[]> {
  return listPortalUsers(db, portalId);
}

/** One user of the administrator's own portal; `not_found` for another portal's. */
export async function getUser(db: Db, portalId: string, id: string): Promise<Outcome<User>> {
  const user = await findUserById(db, id);
  if (user?.portalId !== portalId) return fail('not_found', `no user ${id}`);
  return ok(user);
}
