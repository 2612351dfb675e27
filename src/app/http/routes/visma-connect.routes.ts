/** The portal's Yuki Platform API through Visma Connect: status and redirect URI, connect, public callback, disconnect. */
import { noContentSchema } from '../../../contract/callerid.contract.js';
import {
  vismaConnectConnectBody,
  vismaConnectConnectSchema,
  vismaConnectStatusSchema,
} from '../../../contract/visma-connect.contract.js';
import { vismaConnectStatus } from '../../use-cases/sync/visma-connect-status.js';
import {
  disconnectVismaConnect,
  finishVismaConnect,
  startVismaConnect,
  VISMA_CONNECT_CALLBACK_PATH,
} from '../../use-cases/sync/visma-connect.js';
import { adminOnly, currentUser } from '../plugins/auth.js';
import { unwrap } from '../problem.js';
import { route } from '../route.js';

import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

const tags = ['connections'];
const origin = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;

export function registerVismaConnectRoutes(app: ZodApp, deps: AppDeps): void {
  route(
    app,
    'GET',
    '/api/connections/portal/visma-connect',
    adminOnly,
    {
      tags,
      summary: 'Yuki Platform API grant: redirect URI to register, defaults, the grant and what to do about it',
      response: { 200: vismaConnectStatusSchema },
    },
    async (request) =>
      vismaConnectStatus(deps, { portalId: currentUser(request).portalId, requestOrigin: origin(request) }),
  );

  route(
    app,
    'POST',
    '/api/connections/portal/visma-connect',
    adminOnly,
    {
      tags,
      summary: 'Start connecting the Yuki Platform API: checks the fields and returns the Visma Connect page to open',
      body: vismaConnectConnectBody,
      response: { 200: vismaConnectConnectSchema },
    },
    async (request) => {
      const user = currentUser(request);
      const input = { ...request.body, portalId: user.portalId, userId: user.id, requestOrigin: origin(request) };
      return unwrap(await startVismaConnect(deps, input));
    },
  );

  app.get(
    VISMA_CONNECT_CALLBACK_PATH,
    {
      config: { access: 'public' },
      // The query holds the authorization code and state: request lines of this route are not logged.
      logLevel: 'warn',
      schema: { tags, summary: 'Visma Connect redirect target: completes the grant, back to the settings page' },
    },
    async (request, reply) => {
      const outcome = await finishVismaConnect(deps, new URL(request.url, 'http://callback.invalid'));
      const target = new URLSearchParams({ vismaconnect: outcome.ok ? 'connected' : 'failed' });
      if (!outcome.ok) target.set('reason', outcome.reason);
      const base = (deps.config.publicUrl ?? '').replace(/\/+$/, '');
      return reply.redirect(`${base}/settings?${target.toString()}`, 302);
    },
  );

  route(
    app,
    'DELETE',
    '/api/connections/portal/visma-connect',
    adminOnly,
    {
      tags,
      summary: 'End the Platform API grant (tokens deleted); the SOAP connection stays',
      response: { 204: noContentSchema.describe('Disconnected') },
    },
    async (request, reply) => {
      unwrap(await disconnectVismaConnect(deps, currentUser(request).portalId));
      return reply.code(204).send(null);
    },
  );
}
