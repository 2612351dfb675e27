/** Password login with a per-IP rate limit and per-account lockout, both kept in PostgreSQL (shared by instances). */
import { decoyPasswordHash, verifyPassword } from '../../adapters/crypto/password.js';
import { createSession, csrfTokenFor, deleteSession, findSessionUser } from '../../adapters/db/repos/sessions.repo.js';
import {
  countRecentFailedAttemptsFromIp,
  findUserByEmail,
  findUserById,
  recordLoginAttempt,
  recordLoginFailure,
  recordLoginSuccess,
} from '../../adapters/db/repos/users.repo.js';
import { ok } from '../../core/result.js';
import { fail } from './failure.js';

import type { User } from '../../adapters/db/repos/users.repo.js';
import type { AppDeps } from '../deps.js';
import type { Outcome } from './failure.js';

const RATE_WINDOW_MS = 15 * 60_000;

export type LoginResult = {
  readonly user: User;
  readonly sessionToken: string;
  readonly csrfToken: string;
  readonly maxAgeSeconds: number;
};

/** The CSRF token that goes with a session (derived, so it needs no storage). */
export const sessionCsrfToken = csrfTokenFor;

/** Starts a session for a user whose identity is already established (setup, successful login). */
export async function startSession(deps: AppDeps, user: User): Promise<LoginResult> {
  const maxAgeSeconds = deps.config.sessionTtlHours * 3600;
  const expiresAt = new Date(deps.clock().getTime() + maxAgeSeconds * 1000);
  const sessionToken = await createSession(deps.db, user.id, expiresAt);
  return { user, sessionToken, csrfToken: csrfTokenFor(sessionToken), maxAgeSeconds };
}

/** The user of a live session; null when the token is unknown or expired or its user is gone. */
export async function sessionUser(deps: Pick<AppDeps, 'db' | 'clock'>, sessionToken: string): Promise<User | null> {
  const userId = await findSessionUser(deps.db, sessionToken, deps.clock());
  return userId === null ? null : findUserById(deps.db, userId);
}

/** Ends a session (logout); an unknown token is already ended. */
export async function endSession(deps: Pick<AppDeps, 'db'>, sessionToken: string): Promise<void> {
  await deleteSession(deps.db, sessionToken);
}

/** Checks email + password: a session, or invalid_credentials / account_locked / too_many_attempts. */
export async function login(
  deps: AppDeps,
  input: { email: string; password: string; ip: string },
): Promise<Outcome<LoginResult>> {
  const now = deps.clock();
  const recentFailures = await countRecentFailedAttemptsFromIp(
    deps.db,
    input.ip,
    new Date(now.getTime() - RATE_WINDOW_MS),
  );
  if (recentFailures >= deps.config.loginRatePerIp) {
    return fail('too_many_attempts', 'too many failed logins from your address', {
      retryAfterSeconds: RATE_WINDOW_MS / 1000,
    });
  }
  const user = await findUserByEmail(deps.db, input.email);
  if (user?.lockedUntil != null && user.lockedUntil > now) {
    await recordLoginAttempt(deps.db, { email: input.email, ip: input.ip, succeeded: false, at: now });
    return fail('account_locked', `try again after ${user.lockedUntil.toISOString()}`, {
      retryAfterSeconds: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000),
    });
  }
  // Verify even for unknown emails so response time does not reveal which emails exist.
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyPasswordHash));
  await recordLoginAttempt(deps.db, { email: input.email, ip: input.ip, succeeded: valid && user !== null, at: now });
  if (user === null || !valid) {
    if (user !== null) {
      const { lockedUntil } = await recordLoginFailure(deps.db, user.id, {
        maxFailures: deps.config.loginMaxFailures,
        lockoutMinutes: deps.config.loginLockoutMinutes,
        now,
      });
      if (lockedUntil !== null && lockedUntil > now) {
        return fail('account_locked', `too many failed logins; try again after ${lockedUntil.toISOString()}`, {
          retryAfterSeconds: Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000),
        });
      }
    }
    return fail('invalid_credentials');
  }
  await recordLoginSuccess(deps.db, user.id, now);
  const { passwordHash: _hash, failedLogins: _failures, lockedUntil: _locked, ...publicUser } = user;
  return ok(await startSession(deps, publicUser));
}
