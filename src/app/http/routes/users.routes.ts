/** User administration for portal administrators: add, list, domain access, deactivate, role, delete, reset. */
import {
  domainAccessBody,
  domainsListSchema,
  managedUserSchema,
  newUserBody,
  roleBody,
  temporaryPasswordSchema,
  userIdParams,
  userSchema,
  usersListSchema,
} from '../../../contract/auth.contract.js';
import {
  changeRole,
  grantDomains,
  listPortalUsersForAdmin,
  portalDomains,
  removeUser,
  resetPassword,
  setActive,
} from '../../use-cases/user-admin.js';
import { createUser, getUser } from '../../use-cases/users.js';
import { adminOnly, currentUser } from '../plugins/auth.js';
import { noContent, unwrap } from '../problem.js';
import { routeGroup } from '../route.js';

import type { ManagedUserView, UserView } from '../../../contract/auth.contract.js';
import type { AppDeps } from '../../deps.js';
import type { ManagedUser } from '../../use-cases/user-admin.js';
import type { User } from '../../use-cases/users.js';
import type { RouteGroup } from '../route.js';
import type { ZodApp } from '../zod-app.js';

export const userView = (user: Pick<User, 'id' | 'email' | 'name' | 'role'>): UserView => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
});

const managedUserView = (user: ManagedUser): ManagedUserView => ({
  ...userView(user),
  active: user.active,
  allDomains: user.allDomains,
  domainIds: [...user.domainIds],
  mustChangePassword: user.mustChangePassword,
  lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
});

export function registerUsersRoutes(app: ZodApp, deps: AppDeps): void {
  const admins = routeGroup(app, { tags: ['users'], access: adminOnly });
  registerUserListRoutes(admins, deps);
  registerUserLifecycleRoutes(admins, deps);
}

function registerUserListRoutes(admins: RouteGroup, deps: AppDeps): void {
  admins.get('/api/users', {
    summary: 'List users',
    response: { 200: usersListSchema },
    handler: async (request) => ({
      users: (await listPortalUsersForAdmin(deps.db, currentUser(request).portalId)).map(managedUserView),
    }),
  });

  admins.get('/api/users/:id', {
    summary: 'One user',
    params: userIdParams,
    response: { 200: userSchema },
    handler: async (request) =>
      userView(unwrap(await getUser(deps.db, currentUser(request).portalId, request.params.id))),
  });

  admins.post('/api/users', {
    summary: 'Add a user',
    body: newUserBody,
    response: { 201: userSchema },
    handler: async (request, reply) => {
      const user = unwrap(await createUser(deps.db, { ...request.body, portalId: currentUser(request).portalId }));
      return reply.code(201).send(userView(user));
    },
  });

  admins.get('/api/domains', {
    summary: "The portal's domains, to give users access to",
    response: { 200: domainsListSchema },
    handler: async (request) => ({ domains: await portalDomains(deps.db, currentUser(request).portalId) }),
  });

  admins.put('/api/users/:id/domains', {
    summary: 'Give a user every domain (also future ones) or exactly the listed domains',
    params: userIdParams,
    body: domainAccessBody,
    response: { 200: managedUserSchema },
    handler: async (request) =>
      managedUserView(unwrap(await grantDomains(deps, currentUser(request), request.params.id, request.body))),
  });
}

function registerUserLifecycleRoutes(admins: RouteGroup, deps: AppDeps): void {
  for (const [action, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    admins.post(`/api/users/:id/${action}`, {
      summary: `${action} a user`,
      params: userIdParams,
      response: { 200: managedUserSchema },
      handler: async (request) =>
        managedUserView(unwrap(await setActive(deps, currentUser(request), request.params.id, active))),
    });
  }

  admins.put('/api/users/:id/role', {
    summary: "Change a user's role",
    params: userIdParams,
    body: roleBody,
    response: { 200: managedUserSchema },
    handler: async (request) =>
      managedUserView(unwrap(await changeRole(deps, currentUser(request), request.params.id, request.body.role))),
  });

  admins.delete('/api/users/:id', {
    summary: 'Delete a user (the audit keeps the name)',
    params: userIdParams,
    handler: async (request, reply) =>
      noContent(reply, await removeUser(deps, currentUser(request), request.params.id)),
  });

  admins.post('/api/users/:id/password-reset', {
    summary: 'Issue a temporary password, shown once, that the user must change at first login',
    params: userIdParams,
    response: { 200: temporaryPasswordSchema },
    handler: async (request) => {
      const issued = unwrap(await resetPassword(deps, currentUser(request), request.params.id));
      return { temporaryPassword: issued.temporaryPassword, expiresAt: issued.expiresAt.toISOString() };
    },
  });
}
