/** Connecting AccountView for caller ID: redirect URI, connect (OAuth code flow), public callback, disconnect. */
import {
  accountViewCallbackQuery,
  accountViewConnectBody,
  accountViewConnectSchema,
  accountViewStatusSchema,
  noContentSchema,
} from '../../../contract/callerid.contract.js';
import {
  accountViewStatus,
  finishAccountViewConnect,
  removeAccountView,
  startAccountViewConnect,
} from '../../use-cases/callerid/accountview-settings.js';
import { callbackAddress, callbackRoutes, settingsPage } from '../oauth-callback.js';
import { adminOnly, currentUser } from '../plugins/auth.js';
import { noContent, unwrap } from '../problem.js';
import { requestOrigin } from '../public-url.js';
import { routeGroup } from '../route.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

const tags = ['caller ID'];

export function registerCallerIdAccountViewRoutes(app: ZodApp, deps: AppDeps): void {
  const admins = routeGroup(app, { tags, access: adminOnly });
  admins.get('/api/callerid/accountview', {
    summary: 'AccountView connection: the redirect URI to register, the connection and the last connect attempt',
    response: { 200: accountViewStatusSchema },
    handler: async (request) =>
      accountViewStatus(deps, { portalId: currentUser(request).portalId, requestOrigin: requestOrigin(request) }),
  });

  admins.post('/api/callerid/accountview/connect', {
    summary: 'Start connecting AccountView: checks the fields and returns the AccountView consent page to open',
    body: accountViewConnectBody,
    response: { 200: accountViewConnectSchema },
    handler: async (request) => {
      const user = currentUser(request);
      const input = {
        ...request.body,
        portalId: user.portalId,
        userId: user.id,
        requestOrigin: requestOrigin(request),
      };
      return unwrap(await startAccountViewConnect(deps, input));
    },
  });

  callbackRoutes(app, tags).get('/api/callerid/accountview/callback', {
    summary: 'OAuth redirect target: completes the connection and sends the browser back to the settings page',
    querystring: accountViewCallbackQuery,
    handler: async (request, reply) => {
      const outcome = await finishAccountViewConnect(deps, callbackAddress(request));
      return reply.redirect(settingsPage(deps, 'accountview', outcome), 302);
    },
  });

  admins.delete('/api/callerid/accountview', {
    summary: 'Disconnect AccountView: deletes tokens, credentials and its indexed numbers',
    response: { 204: noContentSchema.describe('Disconnected') },
    handler: async (request, reply) => noContent(reply, await removeAccountView(deps, currentUser(request).portalId)),
  });
}
