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
import { adminOnly, currentUser } from '../plugins/auth.js';
import { noContent, unwrap } from '../problem.js';
import { requestOrigin } from '../public-url.js';
import { route } from '../route.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

const tags = ['caller ID'];

/** Where the callback sends the browser: the settings page, told whether connecting worked. */
function settingsTarget(deps: AppDeps, outcome: { ok: true } | { ok: false; reason: string }): string {
  const target = new URLSearchParams({ accountview: outcome.ok ? 'connected' : 'failed' });
  if (!outcome.ok) target.set('reason', outcome.reason);
  const base = (deps.config.publicUrl ?? '').replace(/\/+$/, '');
  return `${base}/settings?${target.toString()}`;
}

export function registerCallerIdAccountViewRoutes(app: ZodApp, deps: AppDeps): void {
  route(
    app,
    'GET',
    '/api/callerid/accountview',
    adminOnly,
    {
      tags,
      summary: 'AccountView connection: the redirect URI to register, the connection and the last connect attempt',
      response: { 200: accountViewStatusSchema },
    },
    async (request) =>
      accountViewStatus(deps, { portalId: currentUser(request).portalId, requestOrigin: requestOrigin(request) }),
  );

  route(
    app,
    'POST',
    '/api/callerid/accountview/connect',
    adminOnly,
    {
      tags,
      summary: 'Start connecting AccountView: checks the fields and returns the AccountView consent page to open',
      body: accountViewConnectBody,
      response: { 200: accountViewConnectSchema },
    },
    async (request) => {
      const user = currentUser(request);
      const input = {
        ...request.body,
        portalId: user.portalId,
        userId: user.id,
        requestOrigin: requestOrigin(request),
      };
      return unwrap(await startAccountViewConnect(deps, input));
    },
  );

  app.get(
    '/api/callerid/accountview/callback',
    {
      config: { access: 'public' },
      // The query holds the authorization code and state: request lines of this route are not logged.
      logLevel: 'warn',
      schema: {
        tags,
        summary: 'OAuth redirect target: completes the connection and sends the browser back to the settings page',
        querystring: accountViewCallbackQuery,
      },
    },
    async (request, reply) => {
      const outcome = await finishAccountViewConnect(deps, new URL(request.url, 'http://callback.invalid'));
      return reply.redirect(settingsTarget(deps, outcome), 302);
    },
  );

  route(
    app,
    'DELETE',
    '/api/callerid/accountview',
    adminOnly,
    {
      tags,
      summary: 'Disconnect AccountView: deletes tokens, credentials and its indexed numbers',
      response: { 204: noContentSchema.describe('Disconnected') },
    },
    async (request, reply) => noContent(reply, await removeAccountView(deps, currentUser(request).portalId)),
  );
}
