/** A user's own account: change the password, see and end their sessions. */
import { changePasswordBody, ownSessionsSchema, sessionIdParams } from '../../../contract/auth.contract.js';
import { changeOwnPassword, endOwnSession, listOwnSessions } from '../../use-cases/account.js';
import { anyUser, currentUser } from '../plugins/auth.js';
import { noContent } from '../problem.js';
import { route } from '../route.js';

import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

const tags = ['auth'];

const sessionIdOf = (request: FastifyRequest): string => request.sessionId ?? '';

export function registerAccountRoutes(app: ZodApp, deps: AppDeps): void {
  route(
    app,
    'POST',
    '/api/auth/password',
    anyUser,
    { tags, summary: 'Change your own password (other sessions end)', body: changePasswordBody },
    async (request, reply) =>
      noContent(reply, await changeOwnPassword(deps, currentUser(request), sessionIdOf(request), request.body)),
  );

  route(
    app,
    'GET',
    '/api/auth/sessions',
    anyUser,
    { tags, summary: 'Your own live sessions', response: { 200: ownSessionsSchema } },
    async (request) => ({
      sessions: (await listOwnSessions(deps, currentUser(request), sessionIdOf(request))).map((session) => ({
        id: session.id,
        createdAt: session.createdAt.toISOString(),
        lastSeenAt: session.lastSeenAt.toISOString(),
        userAgent: session.userAgent,
        current: session.current,
      })),
    }),
  );

  route(
    app,
    'DELETE',
    '/api/auth/sessions/:id',
    anyUser,
    { tags, summary: 'End one of your own sessions', params: sessionIdParams },
    async (request, reply) => noContent(reply, await endOwnSession(deps, currentUser(request), request.params.id)),
  );
}
