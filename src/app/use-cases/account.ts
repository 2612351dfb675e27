/** What every user does with their own account: change the password, see and end their own sessions. */
import { hashPassword, verifyPassword } from '../../adapters/crypto/password.js';
import { deleteUserSession, deleteUserSessions, listUserSessions } from '../../adapters/db/repos/sessions.repo.js';
import { setOwnPassword } from '../../adapters/db/repos/user-admin.repo.js';
import { findUserByEmail } from '../../adapters/db/repos/users.repo.js';
import { ok } from '../../core/result.js';
import { fail } from './failure.js';
import { weakPasswordFailure } from './users.js';

import type { SessionSummary } from '../../adapters/db/repos/sessions.repo.js';
import type { User } from '../../adapters/db/repos/users.repo.js';
import type { ChangePasswordInput } from '../../contract/auth.contract.js';
import type { AppDeps } from '../deps.js';
import type { Outcome } from './failure.js';

type AccountDeps = Pick<AppDeps, 'db' | 'clock'>;

/**
 * Replaces the user's password after checking the current one (also the temporary one an administrator issued).
 * Every other session of the user ends; the one that changed it stays logged in.
 */
export async function changeOwnPassword(
  deps: AccountDeps,
  user: User,
  currentSessionId: string,
  input: ChangePasswordInput,
): Promise<Outcome<null>> {
  const stored = await findUserByEmail(deps.db, user.email);
  if (stored === null || !(await verifyPassword(input.currentPassword, stored.passwordHash))) {
    return fail('current_password_wrong', 'body.currentPassword: is not your current password', {
      errors: [
        { field: 'body.currentPassword', code: 'current_password_wrong', message: 'is not your current password' },
      ],
    });
  }
  const weak = weakPasswordFailure(input.newPassword, user);
  if (weak !== null) return weak;
  await setOwnPassword(deps.db, user.id, await hashPassword(input.newPassword));
  await deleteUserSessions(deps.db, user.id, currentSessionId);
  return ok(null);
}

export type OwnSession = SessionSummary & { readonly current: boolean };

export async function listOwnSessions(deps: AccountDeps, user: User, currentSessionId: string): Promise<OwnSession[]> {
  const sessions = await listUserSessions(deps.db, user.id, deps.clock());
  return sessions.map((session) => ({ ...session, current: session.id === currentSessionId }));
}

/** Ends one of the user's own sessions (another device, or this one); `not_found` for any other id. */
export async function endOwnSession(deps: AccountDeps, user: User, sessionId: string): Promise<Outcome<null>> {
  return (await deleteUserSession(deps.db, user.id, sessionId))
    ? ok(null)
    : fail('not_found', `no session ${sessionId}`);
}
