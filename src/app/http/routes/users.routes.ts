/** User administration for portal administrators. */
import { newUserBody, userIdParams, userSchema, usersListSchema } from '../../../contract/auth.contract.js';
import { createUser, getUser, listUsers } from '../../use-cases/users.js';
import { adminOnly, currentUser } from '../plugins/auth.js';
import { unwrap } from '../problem.js';
import { route } from '../route.js';

import type { UserView } from '../../../contract/auth.contract.js';
import type { AppDeps } from '../../deps.js';
import type { User } from '../../use-cases/users.js';
import type { ZodApp } from '../zod-app.js';

export const userView = (user: User): UserView => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
});

export function registerUsersRoutes(app: ZodApp, deps: AppDeps): void {
  route(
    app,
    'GET',
    '/api/users',
    adminOnly,
    { tags: ['users'], summary: 'List users', response: { 200: usersListSchema } },
    async (request) => ({ users: (await listUsers(deps.db, currentUser(request).portalId)).map(userView) }),
  );

  route(
    app,
    'GET',
    '/api/users/:id',
    adminOnly,
    { tags: ['users'], summary: 'One user', params: userIdParams, response: { 200: userSchema } },
    async (request) => userView(unwrap(await getUser(deps.db, currentUser(request).portalId, request.params.id))),
  );

  route(
    app,
    'POST',
    '/api/users',
    adminOnly,
    { tags: ['users'], summary: 'Add a user', body: newUserBody, response: { 201: userSchema } },
    async (request, reply) => {
      const user = unwrap(await createUser(deps.db, { ...request.body, portalId: currentUser(request).portalId }));
      return reply.code(201).send(userView(user));
    },
  );
}
