/** A user's own account: change the password, see and end their sessions. */
import { changePasswordBody, ownSessionsSchema, sessionIdParams } from '../../../contract/auth.contract.js';
import { changeOwnPassword, endOwnSession, listOwnSessions } from '../../use-cases/account.js';
import { anyUser, currentUser } from '../plugins/auth.js';
import { noContent } from '../problem.js';
import { routeGroup } from '../route.js';

import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

const sessionIdOf = (request: FastifyRequest): string => request.sessionId ?? '';

export function registerAccountRoutes(app: ZodApp, deps: AppDeps): void {
  const signedIn = routeGroup(app, { tags: ['auth'], access: anyUser });
  signedIn.post('/api/auth/password', {
    summary: 'Change your own password (other sessions end)',
    body: changePasswordBody,
    handler: async (request, reply) =>
      noContent(reply, await changeOwnPassword(deps, currentUser(request), sessionIdOf(request), request.body)),
  });

  signedIn.get('/api/auth/sessions', {
    summary: 'Your own live sessions',
    response: { 200: ownSessionsSchema },
    handler: async (request) => ({
      sessions: (await listOwnSessions(deps, currentUser(request), sessionIdOf(request))).map((session) => ({
        id: session.id,
        createdAt: session.createdAt.toISOString(),
        lastSeenAt: session.lastSeenAt.toISOString(),
        userAgent: session.userAgent,
        current: session.current,
      })),
    }),
  });

  signedIn.delete('/api/auth/sessions/:id', {
    summary: 'End one of your own sessions',
    params: sessionIdParams,
    handler: async (request, reply) =>
      noContent(reply, await endOwnSession(deps, currentUser(request), request.params.id)),
  });
}
