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
import { callbackRoutes, connectingPortal, connectInput, finishAndShowSettings } from '../oauth-connect.js';
import { adminOnly, currentUser } from '../plugins/auth.js';
import { noContent, unwrap } from '../problem.js';
import { routeGroup } from '../route.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

const tags = ['caller ID'];

export function registerCallerIdAccountViewRoutes(app: ZodApp, deps: AppDeps): void {
  const admins = routeGroup(app, { tags, access: adminOnly });
  admins.get('/api/callerid/accountview', {
    summary: 'AccountView connection: the redirect URI to register, the connection and the last connect attempt',
    response: { 200: accountViewStatusSchema },
    handler: async (request) => accountViewStatus(deps, connectingPortal(request)),
  });

  admins.post('/api/callerid/accountview/connect', {
    summary: 'Start connecting AccountView: checks the fields and returns the AccountView consent page to open',
    body: accountViewConnectBody,
    response: { 200: accountViewConnectSchema },
    handler: async (request) => unwrap(await startAccountViewConnect(deps, connectInput(request, request.body))),
  });

  callbackRoutes(app, tags).get('/api/callerid/accountview/callback', {
    summary: 'OAuth redirect target: completes the connection and sends the browser back to the settings page',
    querystring: accountViewCallbackQuery,
    handler: finishAndShowSettings(deps, 'accountview', (callback) => finishAccountViewConnect(deps, callback)),
  });

  admins.delete('/api/callerid/accountview', {
    summary: 'Disconnect AccountView: deletes tokens, credentials and its indexed numbers',
    response: { 204: noContentSchema.describe('Disconnected') },
    handler: async (request, reply) => noContent(reply, await removeAccountView(deps, currentUser(request).portalId)),
  });
}
