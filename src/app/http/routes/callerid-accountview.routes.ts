/** Connecting AccountView for caller ID: redirect URI, connect (OAuth code flow), public callback, disconnect. */
import {
  accountViewCallbackQuery,
  accountViewConnectBody,
  accountViewConnectSchema,
  accountViewStatusSchema,
} from '../../../contract/callerid.contract.js';
import {
  accountViewStatus,
  finishAccountViewConnect,
  removeAccountView,
  startAccountViewConnect,
} from '../../use-cases/callerid/accountview-settings.js';
import { registerOAuthConnectRoutes } from '../oauth-connect.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

export function registerCallerIdAccountViewRoutes(app: ZodApp, deps: AppDeps): void {
  registerOAuthConnectRoutes(app, deps, {
    tags: ['caller ID'],
    path: '/api/callerid/accountview',
    connectPath: '/api/callerid/accountview/connect',
    callbackPath: '/api/callerid/accountview/callback',
    flag: 'accountview',
    schemas: {
      status: accountViewStatusSchema,
      connectBody: accountViewConnectBody,
      started: accountViewConnectSchema,
      callbackQuery: accountViewCallbackQuery,
    },
    summaries: {
      status: 'AccountView connection: the redirect URI to register, the connection and the last connect attempt',
      connect: 'Start connecting AccountView: checks the fields and returns the AccountView consent page to open',
      callback: 'OAuth redirect target: completes the connection and sends the browser back to the settings page',
      disconnect: 'Disconnect AccountView: deletes tokens, credentials and its indexed numbers',
    },
    status: accountViewStatus,
    start: startAccountViewConnect,
    finish: finishAccountViewConnect,
    disconnect: removeAccountView,
  });
}
