/** Password login with limits per address and per account-and-address, counted atomically in PostgreSQL. */
import { decoyPasswordHash, verifyPassword } from '../../adapters/crypto/password.js';
import { clearAttempts, returnAttempt, takeAttempt } from '../../adapters/db/repos/login-throttle.repo.js';
import { createSession, csrfTokenFor, deleteSession, findLiveSession } from '../../adapters/db/repos/sessions.repo.js';
import {
  findUserByEmail,
  findUserById,
  recordLoginAttempt,
  recordLoginSuccess,
} from '../../adapters/db/repos/users.repo.js';
import { ok } from '../../core/result.js';
import { fail } from './failure.js';
import { passwordLoginAllowed } from './sso-settings.js';

import type { User } from '../../adapters/db/repos/users.repo.js';
import type { AppDeps } from '../deps.js';
import type { Outcome } from './failure.js';

const RATE_WINDOW_MS = 15 * 60_000;

export type LoginResult = {
  readonly user: User;
  readonly mustChangePassword: boolean;
  readonly sessionToken: string;
  readonly csrfToken: string;
  readonly maxAgeSeconds: number;
};

/** The CSRF token that goes with a session (derived, so it needs no storage). */
export const sessionCsrfToken = csrfTokenFor;

/** Starts a session for a user whose identity is already established (setup, successful login). */
export async function startSession(
  deps: AppDeps,
  user: User,
  options: { userAgent: string | null; mustChangePassword?: boolean },
): Promise<LoginResult> {
  const maxAgeSeconds = deps.config.sessionTtlHours * 3600;
  const expiresAt = new Date(deps.clock().getTime() + maxAgeSeconds * 1000);
  const sessionToken = await createSession(deps.db, { userId: user.id, expiresAt, userAgent: options.userAgent });
  const csrfToken = csrfTokenFor(sessionToken);
  return { user, sessionToken, csrfToken, maxAgeSeconds, mustChangePassword: options.mustChangePassword ?? false };
}

/** Who a request's session belongs to, which session it is, and whether a new password must be chosen first. */
export type SessionContext = { readonly user: User; readonly sessionId: string; readonly mustChangePassword: boolean };

/** The context of a live session; null when the token is unknown or expired, or its user is gone or deactivated. */
export async function sessionContext(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  sessionToken: string,
): Promise<SessionContext | null> {
  const session = await findLiveSession(deps.db, sessionToken, deps.clock());
  const user = session === null ? null : await findUserById(deps.db, session.userId);
  return session === null || user === null ? null : { user, ...session };
}

/** Ends a session (logout); an unknown token is already ended. */
export async function endSession(deps: Pick<AppDeps, 'db'>, sessionToken: string): Promise<void> {
  await deleteSession(deps.db, sessionToken);
}

/** Checks email + password: a session, or invalid_credentials / too_many_attempts. */
export async function login(
  deps: AppDeps,
  input: { email: string; password: string; ip: string; userAgent: string | null },
): Promise<Outcome<LoginResult>> {
  const now = deps.clock();
  const keys = throttleKeys(input);
  const refused = await takeLoginAttempt(deps, keys, now);
  if (refused !== null) return refused;
  const user = await findUserByEmail(deps.db, input.email);
  // Verify even for unknown emails so response time does not reveal which emails exist.
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyPasswordHash));
  await recordLoginAttempt(deps.db, { email: input.email, ip: input.ip, succeeded: valid && user !== null, at: now });
  // A deactivated account answers like a wrong password: the login form does not reveal who was deactivated.
  if (user === null || !valid || !user.active) return fail('invalid_credentials');
  if (user.temporaryPasswordExpiresAt !== null && user.temporaryPasswordExpiresAt <= now) {
    return fail('temporary_password_expired', 'ask a portal administrator for a new temporary password');
  }
  // Said only after the right password, so it reveals nothing to someone guessing.
  if (!(await passwordLoginAllowed(deps, user))) {
    return fail(
      'password_login_disabled',
      'this portal signs in with single sign-on; use the button on the login page',
    );
  }
  await Promise.all([returnAttempt(deps.db, keys.address), clearAttempts(deps.db, keys.account)]);
  await recordLoginSuccess(deps.db, user.id, now);
  const { passwordHash: _hash, active: _active, temporaryPasswordExpiresAt: _expires, ...publicUser } = user;
  const mustChangePassword = user.temporaryPasswordExpiresAt !== null;
  return ok(await startSession(deps, publicUser, { userAgent: input.userAgent, mustChangePassword }));
}

type ThrottleKeys = { readonly address: string; readonly account: string };

function throttleKeys(input: { email: string; ip: string }): ThrottleKeys {
  return { address: `address:${input.ip}`, account: `account:${input.email.trim().toLowerCase()}|${input.ip}` };
}

/**
 * Counts the attempt against its address and against its account from that address, before any password is checked.
 * Both refusals read the same whether or not the account exists, and a refused account stays open from elsewhere.
 */
async function takeLoginAttempt(deps: AppDeps, keys: ThrottleKeys, now: Date): Promise<Outcome<never> | null> {
  const byAddress = await takeAttempt(deps.db, keys.address, {
    limit: deps.config.loginRatePerIp,
    windowMs: RATE_WINDOW_MS,
    now,
  });
  const verdict = byAddress.allowed
    ? await takeAttempt(deps.db, keys.account, {
        limit: deps.config.loginMaxFailures,
        windowMs: deps.config.loginLockoutMinutes * 60_000,
        now,
      })
    : byAddress;
  if (verdict.allowed) return null;
  return fail('too_many_attempts', 'too many login attempts; try again later', {
    retryAfterSeconds: verdict.retryAfterSeconds,
  });
}
