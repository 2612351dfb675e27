/** A portal administrator manages users: domain access, deactivation, role, deletion and temporary passwords. */
import { randomBytes } from 'node:crypto';

import { hashPassword } from '../../adapters/crypto/password.js';
import { listDomains } from '../../adapters/db/repos/portal.repo.js';
import {
  changeWithAdminGuard,
  deleteUser,
  existingPortalDomainIds,
  findManagedUser,
  LastAdminError,
  listManagedUsers,
  setDomainAccess,
  setTemporaryPassword,
  setUserActive,
  setUserRole,
} from '../../adapters/db/repos/user-admin.repo.js';
import { ok } from '../../core/result.js';
import { fail } from './failure.js';
import { auditUserAction } from './user-audit.js';

import type { Db } from '../../adapters/db/pool.js';
import type { AuditAction } from '../../adapters/db/repos/audit.repo.js';
import type { ManagedUser } from '../../adapters/db/repos/user-admin.repo.js';
import type { DomainAccessInput, UserRole } from '../../contract/auth.contract.js';
import type { AppDeps } from '../deps.js';
import type { Outcome } from './failure.js';
import type { AuditActor } from './user-audit.js';

export type { ManagedUser };

/** How long an administrator-issued temporary password works before a new one must be issued. */
const TEMPORARY_PASSWORD_HOURS = 72;

type AdminDeps = Pick<AppDeps, 'db' | 'clock'>;

/** Who manages users: a portal administrator (its id goes into the audit), or the shell (`crmhub user …`, id null). */
export type UserManager = AuditActor;

export type PortalDomain = { readonly id: string; readonly externalId: string; readonly name: string };

/** The portal's domains, to choose from when giving access. */
export async function portalDomains(db: Db, portalId: string): Promise<PortalDomain[]> {
  return listDomains(db, portalId);
}

export async function listPortalUsersForAdmin(db: Db, portalId: string): Promise<ManagedUser[]> {
  return listManagedUsers(db, portalId);
}

/** The target user of the administrator's portal, or `not_found` (also for a deleted user). */
async function targetUser(db: Db, admin: UserManager, userId: string): Promise<Outcome<ManagedUser>> {
  const user = await findManagedUser(db, admin.portalId, userId);
  return user === null ? fail('not_found', `no user ${userId}`) : ok(user);
}

async function audit(
  deps: AdminDeps,
  admin: UserManager,
  action: AuditAction,
  target: ManagedUser,
  details = {},
): Promise<void> {
  const facts = { details: { userId: target.id, email: target.email, name: target.name, ...details } };
  await auditUserAction(deps.db, admin, action, deps.clock(), facts);
}

/** Runs a change that must leave an active portal administrator; `last_admin` and nothing changed otherwise. */
async function guarded(db: Db, admin: UserManager, change: (trx: Db) => Promise<void>): Promise<Outcome<null>> {
  try {
    await changeWithAdminGuard(db, admin.portalId, change);
    return ok(null);
  } catch (error) {
    if (error instanceof LastAdminError) return fail('last_admin', error.message);
    throw error;
  }
}

/** A change an administrator makes to one user of the portal, answered with the user as it is afterwards. */
type UserUpdate<V> = (deps: AdminDeps, admin: UserManager, userId: string, value: V) => Promise<Outcome<ManagedUser>>;

/** Gives a user every domain (also future ones) or exactly the listed domains of the portal. */
export const grantDomains: UserUpdate<DomainAccessInput> = async (deps, admin, userId, access) => {
  const target = await targetUser(deps.db, admin, userId);
  if (!target.ok) return target;
  const wanted = [...new Set(access.domainIds)];
  const existing = new Set(await existingPortalDomainIds(deps.db, admin.portalId, wanted));
  const unknown = wanted.filter((id) => !existing.has(id));
  if (unknown.length > 0) {
    return fail('domain_not_found', `no domain ${unknown.join(', ')} in this portal`, {
      errors: unknown.map((id) => ({
        field: 'body.domainIds',
        code: 'unknown_domain' as const,
        params: { id },
        message: `no domain ${id}`,
      })),
    });
  }
  await setDomainAccess(deps.db, { userId, allDomains: access.allDomains, domainIds: wanted });
  await audit(deps, admin, 'user_domains_changed', target.value, {
    allDomains: access.allDomains,
    domains: wanted.length,
  });
  return targetUser(deps.db, admin, userId);
};

/** A change the last active administrator must survive, and how the audit names it. */
type GuardedChange = {
  readonly change: (trx: Db) => Promise<void>;
  readonly action: AuditAction;
  readonly details?: (before: ManagedUser) => Record<string, unknown>;
};

/** Finds the target user, makes the guarded change and audits it; the user as it was before, or why not. */
async function changeUser(
  deps: AdminDeps,
  admin: UserManager,
  userId: string,
  { change, action, details }: GuardedChange,
): Promise<Outcome<ManagedUser>> {
  const target = await targetUser(deps.db, admin, userId);
  if (!target.ok) return target;
  const changed = await guarded(deps.db, admin, change);
  if (!changed.ok) return changed;
  await audit(deps, admin, action, target.value, details?.(target.value));
  return target;
}

/** Deactivates (every session ends at once) or reactivates a user; the last active administrator stays. */
export const setActive: UserUpdate<boolean> = async (deps, admin, userId, active) => {
  const changed = await changeUser(deps, admin, userId, {
    change: (trx) => setUserActive(trx, userId, active),
    action: active ? 'user_reactivated' : 'user_deactivated',
  });
  return changed.ok ? targetUser(deps.db, admin, userId) : changed;
};

/** Changes a user's role; demoting the last active administrator is refused. */
export const changeRole: UserUpdate<UserRole> = async (deps, admin, userId, role) => {
  const changed = await changeUser(deps, admin, userId, {
    change: (trx) => setUserRole(trx, userId, role),
    action: 'user_role_changed',
    details: (before) => ({ from: before.role, to: role }),
  });
  return changed.ok ? targetUser(deps.db, admin, userId) : changed;
};

/** Deletes a user; the audit keeps its name. The last active administrator cannot be deleted. */
export async function removeUser(deps: AdminDeps, admin: UserManager, userId: string): Promise<Outcome<null>> {
  const removed = await changeUser(deps, admin, userId, {
    change: (trx) => deleteUser(trx, userId),
    action: 'user_deleted',
  });
  return removed.ok ? ok(null) : removed;
}

export type TemporaryPassword = { readonly temporaryPassword: string; readonly expiresAt: Date };

/** Issues a temporary password (shown once) that the user must replace at first login; their sessions end. */
export async function resetPassword(
  deps: AdminDeps,
  admin: UserManager,
  userId: string,
): Promise<Outcome<TemporaryPassword>> {
  const target = await targetUser(deps.db, admin, userId);
  if (!target.ok) return target;
  // 15 random bytes: 20 characters of base64url, far beyond any guessing within its lifetime.
  const temporaryPassword = randomBytes(15).toString('base64url');
  const expiresAt = new Date(deps.clock().getTime() + TEMPORARY_PASSWORD_HOURS * 3600_000);
  await setTemporaryPassword(deps.db, { userId, passwordHash: await hashPassword(temporaryPassword), expiresAt });
  await audit(deps, admin, 'user_password_reset', target.value);
  return ok({ temporaryPassword, expiresAt });
}
