// Client for Settings → Users (portal administrators): the portal's users, adding one, and managing each one.
import {
  domainsListSchema,
  managedUserSchema,
  temporaryPasswordSchema,
  userSchema,
  usersListSchema,
} from '../../../src/contract/auth.contract.js';
import { send, sendJson } from '../api.js';

import type {
  DomainAccessInput,
  ManagedUserView,
  NewUserInput,
  TemporaryPasswordView,
  UserRole,
  UserView,
} from '../../../src/contract/auth.contract.js';

/** The roles in the order the add form offers them (the usual new user first). */
export const userRoles = ['employee', 'portal_admin'] as const satisfies readonly UserRole[];

export type PortalUser = ManagedUserView;

/** The query key of the users list (with the domains), read again after any change to a user. */
export const usersKey = ['users'] as const;
export type { DomainAccessInput, NewUserInput, TemporaryPasswordView, UserRole };
export type PortalDomain = { readonly id: string; readonly externalId: string; readonly name: string };

const userPath = (id: string): string => `/api/users/${encodeURIComponent(id)}`;

export async function listUsers(): Promise<PortalUser[]> {
  return (await sendJson(usersListSchema, 'GET', '/api/users')).users;
}

export async function listDomains(): Promise<PortalDomain[]> {
  return (await sendJson(domainsListSchema, 'GET', '/api/domains')).domains;
}

/** Adds a user to the portal; a used email answers `email_taken`, a bad field `validation_failed`. */
export async function addUser(input: NewUserInput): Promise<UserView> {
  return sendJson(userSchema, 'POST', '/api/users', input);
}

export async function setDomainAccess(id: string, access: DomainAccessInput): Promise<PortalUser> {
  return sendJson(managedUserSchema, 'PUT', `${userPath(id)}/domains`, access);
}

/** Deactivating ends every session of the user at once; `last_admin` when no active administrator would remain. */
export async function setUserActive(id: string, active: boolean): Promise<PortalUser> {
  return sendJson(managedUserSchema, 'POST', `${userPath(id)}/${active ? 'reactivate' : 'deactivate'}`);
}

export async function setUserRole(id: string, role: UserRole): Promise<PortalUser> {
  return sendJson(managedUserSchema, 'PUT', `${userPath(id)}/role`, { role });
}

export async function deleteUser(id: string): Promise<void> {
  await send('DELETE', userPath(id));
}

/** A temporary password, shown once, that the user must replace at first login. */
export async function resetUserPassword(id: string): Promise<TemporaryPasswordView> {
  return sendJson(temporaryPasswordSchema, 'POST', `${userPath(id)}/password-reset`);
}
