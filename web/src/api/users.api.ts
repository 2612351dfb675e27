// Client for Settings → Users (portal administrators): the portal's users and adding one.
import { z } from 'zod/mini';

import { sendJson } from '../api.js';
import { idSchema } from './schemas.js';

/** The roles in the order the add form offers them (the usual new user first). */
export const userRoles = ['employee', 'portal_admin'] as const;
const userSchema = z.object({ id: idSchema, name: z.string(), email: z.string(), role: z.enum(userRoles) });

export type PortalUser = z.infer<typeof userSchema>;
export type UserRole = (typeof userRoles)[number];
export type NewUserInput = { name: string; email: string; role: UserRole; password: string };

export async function listUsers(): Promise<PortalUser[]> {
  return (await sendJson(z.object({ users: z.array(userSchema) }), 'GET', '/api/users')).users;
}

/** Adds a user to the portal; a used email answers `email_taken`, a bad field `validation_failed`. */
export async function addUser(input: NewUserInput): Promise<PortalUser> {
  return sendJson(userSchema, 'POST', '/api/users', input);
}
