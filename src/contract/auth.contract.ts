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

export const sessionSchema = z.object({
  user: userSchema,
  csrfToken: z.string(),
  /** True while the user logs in with an administrator-issued temporary password: only a password change is allowed. */
  mustChangePassword: z.boolean(),
});
export type SessionView = z.infer<typeof sessionSchema>;

export const setupStatusSchema = z.object({ needed: z.boolean() });
export const setupBody = z.strictObject({ email: emailSchema, password: passwordSchema, name: nameSchema });
export type SetupInput = z.infer<typeof setupBody>;

export const loginBody = z.strictObject({ email: z.string().min(1).max(254), password: z.string().min(1).max(1024) });
export type LoginInput = z.infer<typeof loginBody>;

/** A user as a portal administrator manages it: status, access and whether a temporary password is pending. */
export const managedUserSchema = userSchema.extend({
  active: z.boolean(),
  allDomains: z.boolean(),
  domainIds: z.array(z.uuid()),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.iso.datetime().nullable(),
});
export type ManagedUserView = z.infer<typeof managedUserSchema>;
export const usersListSchema = z.object({ users: z.array(managedUserSchema) });
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

/** Which domains a user may work in: every one (also future ones), or exactly the listed ones. */
export const domainAccessBody = z.strictObject({
  allDomains: z.boolean(),
  domainIds: z.array(z.uuid()).max(10_000),
});
export type DomainAccessInput = z.infer<typeof domainAccessBody>;

export const domainsListSchema = z.object({
  domains: z.array(z.object({ id: z.uuid(), externalId: z.string(), name: z.string() })),
});

export const roleBody = z.strictObject({ role: z.enum(userRoles) });

/** An administrator-issued temporary password: shown once, changed by the user at first login. */
export const temporaryPasswordSchema = z.object({ temporaryPassword: z.string(), expiresAt: z.iso.datetime() });
export type TemporaryPasswordView = z.infer<typeof temporaryPasswordSchema>;

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordBody>;

export const ownSessionSchema = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export type OwnSessionView = z.infer<typeof ownSessionSchema>;
export const ownSessionsSchema = z.object({ sessions: z.array(ownSessionSchema) });
export const sessionIdParams = z.object({ id: z.uuid() });
