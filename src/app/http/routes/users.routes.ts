/** User administration for portal administrators. */
import { z } from 'zod';

import { EmailTakenError, findUserById } from '../../../adapters/db/repos/users.repo.js';
import { userRoles } from '../../../adapters/db/schema.js';
import { createUser, emailSchema, nameSchema, passwordSchema } from '../../use-cases/users.js';
import { adminOnly, currentUser } from '../plugins/auth.js';
import { ApiError } from '../problem.js';
import { userSchema } from './auth.routes.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

export function registerUsersRoutes(app: ZodApp, deps: AppDeps): void {
  app.get(
    '/api/users',
    {
      config: { access: adminOnly },
      schema: { tags: ['users'], summary: 'List users', response: { 200: z.object({ users: z.array(userSchema) }) } },
    },
    async (request) => {
      const rows = await deps.db
        .selectFrom('users')
        .select(['id', 'email', 'name', 'role'])
        .where('portal_id', '=', currentUser(request).portalId)
        .orderBy('email')
        .execute();
      return { users: rows };
    },
  );

  app.get(
    '/api/users/:id',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['users'],
        summary: 'One user',
        params: z.object({ id: z.uuid() }),
        response: { 200: userSchema },
      },
    },
    async (request) => {
      const user = await findUserById(deps.db, request.params.id);
      if (user === null || user.portalId !== currentUser(request).portalId)
        throw new ApiError('not_found', `no user ${request.params.id}`);
      return { id: user.id, email: user.email, name: user.name, role: user.role };
    },
  );

  app.post(
    '/api/users',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['users'],
        summary: 'Add a user',
        body: z.strictObject({
          email: emailSchema,
          name: nameSchema,
          password: passwordSchema,
          role: z.enum(userRoles),
        }),
        response: { 201: userSchema },
      },
    },
    async (request, reply) => {
      try {
        const user = await createUser(deps.db, { ...request.body, portalId: currentUser(request).portalId });
        return await reply.code(201).send({ id: user.id, email: user.email, name: user.name, role: user.role });
      } catch (error) {
        if (error instanceof EmailTakenError) throw new ApiError('email_taken', error.message);
        throw error;
      }
    },
  );
}
