/** Creating users (first administrator, shell, API) with the same validation everywhere. */
import { z } from 'zod';

import { hashPassword } from '../../adapters/crypto/password.js';
import { ensurePortal, insertFirstAdmin, insertUser } from '../../adapters/db/repos/users.repo.js';

import type { Db } from '../../adapters/db/pool.js';
import type { User } from '../../adapters/db/repos/users.repo.js';
import type { UserRole } from '../../adapters/db/schema.js';

export const MIN_PASSWORD_LENGTH = 12;
export const DEFAULT_PORTAL_NAME = 'crmhub';

export const emailSchema = z.email('must be an email address').max(254);
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024, 'must be at most 1024 characters');
export const nameSchema = z.string().trim().min(1, 'must not be empty').max(200);

export type NewUser = { email: string; name: string; password: string; role: UserRole };

/**
 * Creates a user in the given portal (an administrator adds colleagues to their own), by default the installation's;
 * throws EmailTakenError for a duplicate email.
 */
export async function createUser(db: Db, input: NewUser & { readonly portalId?: string }): Promise<User> {
  const portalId = input.portalId ?? (await ensurePortal(db, DEFAULT_PORTAL_NAME));
  return insertUser(db, { ...input, portalId, passwordHash: await hashPassword(input.password) });
}

/** Creates the first portal administrator; null when a user already exists (setup is one-time). */
export async function createFirstAdmin(db: Db, input: Omit<NewUser, 'role'>): Promise<User | null> {
  return insertFirstAdmin(db, {
    email: input.email,
    name: input.name,
    passwordHash: await hashPassword(input.password),
    portalName: DEFAULT_PORTAL_NAME,
  });
}
