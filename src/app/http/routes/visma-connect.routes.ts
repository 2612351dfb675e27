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
import { callbackRoutes, connectingPortal, connectInput, finishAndShowSettings } from '../oauth-connect.js';
import { adminOnly, currentUser } from '../plugins/auth.js';
import { unwrap } from '../problem.js';
import { routeGroup } from '../route.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

const tags = ['connections'];

export function registerVismaConnectRoutes(app: ZodApp, deps: AppDeps): void {
  const admins = routeGroup(app, { tags, access: adminOnly });
  admins.get('/api/connections/portal/visma-connect', {
    summary: 'Yuki Platform API grant: redirect URI to register, defaults, the grant and what to do about it',
    response: { 200: vismaConnectStatusSchema },
    handler: async (request) => vismaConnectStatus(deps, connectingPortal(request)),
  });

  admins.post('/api/connections/portal/visma-connect', {
    summary: 'Start connecting the Yuki Platform API: checks the fields and returns the Visma Connect page to open',
    body: vismaConnectConnectBody,
    response: { 200: vismaConnectConnectSchema },
    handler: async (request) => unwrap(await startVismaConnect(deps, connectInput(request, request.body))),
  });

  callbackRoutes(app, tags).get(VISMA_CONNECT_CALLBACK_PATH, {
    summary: 'Visma Connect redirect target: completes the grant, back to the settings page',
    handler: finishAndShowSettings(deps, 'vismaconnect', (callback) => finishVismaConnect(deps, callback)),
  });

  admins.delete('/api/connections/portal/visma-connect', {
    summary: 'End the Platform API grant (tokens deleted); the SOAP connection stays',
    response: { 204: noContentSchema.describe('Disconnected') },
    handler: async (request, reply) => {
      unwrap(await disconnectVismaConnect(deps, currentUser(request).portalId));
      return reply.code(204).send(null);
    },
  });
}
