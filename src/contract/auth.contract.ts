/** The HTTP contract of setup, login, the session and user administration: shared by the routes and the web UI. */
import { z } from 'zod';

export const MIN_PASSWORD_LENGTH = 12;

export const userRoles = ['portal_admin', 'employee'] as const;
export type UserRole = (typeof userRoles)[number];

export const emailSchema = z.email('must be an email address').max(254);
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024, 'must be at most 1024 characters');
export const nameSchema = z.string().trim().min(1, 'must not be empty').max(200);

export const userSchema = z.object({ id: z.uuid(), email: z.string(), name: z.string(), role: z.enum(userRoles) });
export type UserView = z.infer<typeof userSchema>;

export const sessionSchema = z.object({ user: userSchema, csrfToken: z.string() });
export type SessionView = z.infer<typeof sessionSchema>;

export const setupStatusSchema = z.object({ needed: z.boolean() });
export const setupBody = z.strictObject({ email: emailSchema, password: passwordSchema, name: nameSchema });
export type SetupInput = z.infer<typeof setupBody>;

export const loginBody = z.strictObject({ email: z.string().min(1).max(254), password: z.string().min(1).max(1024) });
export type LoginInput = z.infer<typeof loginBody>;

export const usersListSchema = z.object({ users: z.array(userSchema) });
export const userIdParams = z.object({ id: z.uuid() });
export const newUserBody = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  password: passwordSchema,
  role: z.enum(userRoles),
});
export type NewUserInput = z.infer<typeof newUserBody>;

export const navCountsSchema = z.object({ reviewQueue: z.number().int() });
export type NavCounts = z.infer<typeof navCountsSchema>;
