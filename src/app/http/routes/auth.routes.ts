/** First-run setup, login, logout and "who am I". */
import { loginBody, sessionSchema, setupBody, setupStatusSchema } from '../../../contract/auth.contract.js';
import { endSession, login, sessionCsrfToken, startSession } from '../../use-cases/login.js';
import { createFirstAdmin, isSetupNeeded } from '../../use-cases/users.js';
import { anyUser, clearSessionCookie, currentUser, SESSION_COOKIE, setSessionCookie } from '../plugins/auth.js';
import { unwrap } from '../problem.js';
import { routeGroup } from '../route.js';
import { userView } from './users.routes.js';

import type { SessionView } from '../../../contract/auth.contract.js';
import type { AppDeps } from '../../deps.js';
import type { LoginResult } from '../../use-cases/login.js';
import type { ZodApp } from '../zod-app.js';

const sessionView = (session: LoginResult): SessionView => ({
  user: userView(session.user),
  csrfToken: session.csrfToken,
  mustChangePassword: session.mustChangePassword,
});

export function registerAuthRoutes(app: ZodApp, deps: AppDeps): void {
  const anyone = routeGroup(app, { tags: ['auth'], access: 'public' });
  const signedIn = routeGroup(app, { tags: ['auth'], access: anyUser });
  anyone.get('/api/setup', {
    summary: 'Whether first-run setup is needed',
    response: { 200: setupStatusSchema },
    handler: async () => ({ needed: await isSetupNeeded(deps.db) }),
  });

  anyone.post('/api/setup', {
    summary: 'Create the first portal administrator (only while no user exists)',
    body: setupBody,
    response: { 201: sessionSchema },
    handler: async (request, reply) => {
      const created = unwrap(await createFirstAdmin(deps.db, request.body));
      const session = await startSession(deps, created, { userAgent: request.headers['user-agent'] ?? null });
      setSessionCookie(request, reply, session.sessionToken, session.maxAgeSeconds);
      return reply.code(201).send(sessionView(session));
    },
  });

  anyone.post('/api/auth/login', {
    summary: 'Log in with email and password',
    body: loginBody,
    response: { 200: sessionSchema },
    handler: async (request, reply) => {
      const userAgent = request.headers['user-agent'] ?? null;
      const session = unwrap(await login(deps, { ...request.body, ip: request.ip, userAgent }));
      setSessionCookie(request, reply, session.sessionToken, session.maxAgeSeconds);
      return sessionView(session);
    },
  });

  signedIn.post('/api/auth/logout', {
    summary: 'End the session',
    handler: async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token !== undefined) await endSession(deps, token);
      clearSessionCookie(request, reply);
      return reply.code(204).send();
    },
  });

  signedIn.get('/api/auth/me', {
    summary: 'The logged-in user and the CSRF token',
    response: { 200: sessionSchema },
    handler: (request) => ({
      user: userView(currentUser(request)),
      csrfToken: sessionCsrfToken(request.sessionToken ?? ''),
      mustChangePassword: request.mustChangePassword,
    }),
  });
}
