// Client for Settings → Users (portal administrators): the portal's users and adding one.
import { userSchema, usersListSchema } from '../../../src/contract/auth.contract.js';
import { sendJson } from '../api.js';

import type { NewUserInput, UserRole, UserView } from '../../../src/contract/auth.contract.js';

/** The roles in the order the add form offers them (the usual new user first). */
export const userRoles = ['employee', 'portal_admin'] as const satisfies readonly UserRole[];

export type PortalUser = UserView;
export type { NewUserInput, UserRole };

export async function listUsers(): Promise<PortalUser[]> {
  return (await sendJson(usersListSchema, 'GET', '/api/users')).users;
}

/** Adds a user to the portal; a used email answers `email_taken`, a bad field `validation_failed`. */
export async function addUser(input: NewUserInput): Promise<PortalUser> {
  return sendJson(userSchema, 'POST', '/api/users', input);
}
