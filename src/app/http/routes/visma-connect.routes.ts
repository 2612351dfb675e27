/** The portal's Yuki Platform API through Visma Connect: status and redirect URI, connect, public callback, disconnect. */
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
import { registerOAuthConnectRoutes } from '../oauth-connect.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

export function registerVismaConnectRoutes(app: ZodApp, deps: AppDeps): void {
  registerOAuthConnectRoutes(app, deps, {
    tags: ['connections'],
    path: '/api/connections/portal/visma-connect',
    connectPath: '/api/connections/portal/visma-connect',
    callbackPath: VISMA_CONNECT_CALLBACK_PATH,
    flag: 'vismaconnect',
    schemas: {
      status: vismaConnectStatusSchema,
      connectBody: vismaConnectConnectBody,
      started: vismaConnectConnectSchema,
    },
    summaries: {
      status: 'Yuki Platform API grant: redirect URI to register, defaults, the grant and what to do about it',
      connect: 'Start connecting the Yuki Platform API: checks the fields and returns the Visma Connect page to open',
      callback: 'Visma Connect redirect target: completes the grant, back to the settings page',
      disconnect: 'End the Platform API grant (tokens deleted); the SOAP connection stays',
    },
    status: vismaConnectStatus,
    start: startVismaConnect,
    finish: finishVismaConnect,
    disconnect: disconnectVismaConnect,
  });
}
