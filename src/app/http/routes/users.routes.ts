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
import { route } from '../route.js';

import type { ManagedUserView, UserView } from '../../../contract/auth.contract.js';
import type { AppDeps } from '../../deps.js';
import type { ManagedUser } from '../../use-cases/user-admin.js';
import type { User } from '../../use-cases/users.js';
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

const tags = ['users'];

export function registerUsersRoutes(app: ZodApp, deps: AppDeps): void {
  registerUserListRoutes(app, deps);
  registerUserLifecycleRoutes(app, deps);
}

function registerUserListRoutes(app: ZodApp, deps: AppDeps): void {
  route(
    app,
    'GET',
    '/api/users',
    adminOnly,
    { tags, summary: 'List users', response: { 200: usersListSchema } },
    async (request) => ({
      users: (await listPortalUsersForAdmin(deps.db, currentUser(request).portalId)).map(managedUserView),
    }),
  );

  route(
    app,
    'GET',
    '/api/users/:id',
    adminOnly,
    { tags, summary: 'One user', params: userIdParams, response: { 200: userSchema } },
    async (request) => userView(unwrap(await getUser(deps.db, currentUser(request).portalId, request.params.id))),
  );

  route(
    app,
    'POST',
    '/api/users',
    adminOnly,
    { tags, summary: 'Add a user', body: newUserBody, response: { 201: userSchema } },
    async (request, reply) => {
      const user = unwrap(await createUser(deps.db, { ...request.body, portalId: currentUser(request).portalId }));
      return reply.code(201).send(userView(user));
    },
  );

  route(
    app,
    'GET',
    '/api/domains',
    adminOnly,
    { tags, summary: "The portal's domains, to give users access to", response: { 200: domainsListSchema } },
    async (request) => ({ domains: await portalDomains(deps.db, currentUser(request).portalId) }),
  );

  route(
    app,
    'PUT',
    '/api/users/:id/domains',
    adminOnly,
    {
      tags,
      summary: 'Give a user every domain (also future ones) or exactly the listed domains',
      params: userIdParams,
      body: domainAccessBody,
      response: { 200: managedUserSchema },
    },
    async (request) =>
      managedUserView(unwrap(await grantDomains(deps, currentUser(request), request.params.id, request.body))),
  );
}

function registerUserLifecycleRoutes(app: ZodApp, deps: AppDeps): void {
  for (const [action, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    route(
      app,
      'POST',
      `/api/users/:id/${action}`,
      adminOnly,
      { tags, summary: `${action} a user`, params: userIdParams, response: { 200: managedUserSchema } },
      async (request) =>
        managedUserView(unwrap(await setActive(deps, currentUser(request), request.params.id, active))),
    );
  }

  route(
    app,
    'PUT',
    '/api/users/:id/role',
    adminOnly,
    {
      tags,
      summary: "Change a user's role",
      params: userIdParams,
      body: roleBody,
      response: { 200: managedUserSchema },
    },
    async (request) =>
      managedUserView(unwrap(await changeRole(deps, currentUser(request), request.params.id, request.body.role))),
  );

  route(
    app,
    'DELETE',
    '/api/users/:id',
    adminOnly,
    { tags, summary: 'Delete a user (the audit keeps the name)', params: userIdParams },
    async (request, reply) => noContent(reply, await removeUser(deps, currentUser(request), request.params.id)),
  );

  route(
    app,
    'POST',
    '/api/users/:id/password-reset',
    adminOnly,
    {
      tags,
      summary: 'Issue a temporary password, shown once, that the user must change at first login',
      params: userIdParams,
      response: { 200: temporaryPasswordSchema },
    },
    async (request) => {
      const issued = unwrap(await resetPassword(deps, currentUser(request), request.params.id));
      return { temporaryPassword: issued.temporaryPassword, expiresAt: issued.expiresAt.toISOString() };
    },
  );
}
