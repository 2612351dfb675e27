/** First-run setup, login, logout and "who am I". */
import { z } from 'zod';

import { csrfTokenFor, deleteSession } from '../../../adapters/db/repos/sessions.repo.js';
import { countUsers, EmailTakenError } from '../../../adapters/db/repos/users.repo.js';
import { login, startSession } from '../../use-cases/login.js';
import { createFirstAdmin, emailSchema, nameSchema, passwordSchema } from '../../use-cases/users.js';
import { anyUser, clearSessionCookie, currentUser, SESSION_COOKIE, setSessionCookie } from '../plugins/auth.js';
import { ApiError } from '../problem.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['portal_admin', 'employee']),
});
const sessionSchema = z.object({ user: userSchema, csrfToken: z.string() });

export function registerAuthRoutes(app: ZodApp, deps: AppDeps): void {
  app.get(
    '/api/setup',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Whether first-run setup is needed',
        response: { 200: z.object({ needed: z.boolean() }) },
      },
    },
    async () => ({ needed: (await countUsers(deps.db)) === 0 }),
  );

  app.post(
    '/api/setup',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Create the first portal administrator (only while no user exists)',
        body: z.strictObject({ email: emailSchema, password: passwordSchema, name: nameSchema }),
        response: { 201: sessionSchema },
      },
    },
    async (request, reply) => {
      const created = await createFirstAdmin(deps.db, request.body).catch((error: unknown) => {
        if (error instanceof EmailTakenError) throw new ApiError('email_taken', error.message);
        throw error;
      });
      if (created === null) throw new ApiError('setup_already_done', 'log in with an existing account instead');
      const session = await startSession(deps, created);
      setSessionCookie(request, reply, session.sessionToken, session.maxAgeSeconds);
      return reply.code(201).send({ user: created, csrfToken: csrfTokenFor(session.sessionToken) });
    },
  );

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password',
        body: z.strictObject({ email: z.string().min(1).max(254), password: z.string().min(1).max(1024) }),
        response: { 200: sessionSchema },
      },
    },
    async (request, reply) => {
      const session = await login(deps, { ...request.body, ip: request.ip });
      setSessionCookie(request, reply, session.sessionToken, session.maxAgeSeconds);
      return { user: session.user, csrfToken: csrfTokenFor(session.sessionToken) };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: anyUser }, schema: { tags: ['auth'], summary: 'End the session' } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token !== undefined) await deleteSession(deps.db, token);
      clearSessionCookie(request, reply);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: anyUser },
      schema: { tags: ['auth'], summary: 'The logged-in user and the CSRF token', response: { 200: sessionSchema } },
    },
    (request) => ({ user: currentUser(request), csrfToken: csrfTokenFor(request.sessionToken ?? '') }),
  );
}
