/** Builds the AccountView.net simulator's Fastify app from a state and options (never listens itself). */
import Fastify from 'fastify';

import { registerFaultInjection } from '../shared/faults.js';
import { registerAdminRoutes } from './admin.js';
import { errorObject, registerDataRoutes } from './api.js';
import { registerOAuthRoutes } from './oauth.js';

import type { FastifyInstance } from 'fastify';
import type { FaultController } from '../shared/faults.js';
import type { AccountViewSimOptions } from './options.js';
import type { AccountViewState } from './state.js';

export type AccountViewSimApp = { app: FastifyInstance; faults: FaultController };

/** Assembles routes: OAuth, data API, admin API and fault injection. */
export function buildAccountViewApp(
  state: AccountViewState,
  options: AccountViewSimOptions,
  opts: { random?: () => number } = {},
): AccountViewSimApp {
  // [C] docs/external-systems/accountview.md#reading-data: paths are case-insensitive (`AccountViewData` and `accountviewdata` both work).
  const app = Fastify({ logger: false, routerOptions: { caseSensitive: false } });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
  });
  const faults = registerFaultInjection(app, {
    errorBody: (_status, message) => ({ contentType: 'application/json', body: JSON.stringify(errorObject(message)) }),
    malformedBody: {
      contentType: 'application/json',
      body: JSON.stringify({
        CONTACT: [{ SUB_NR: '100001', ACCT_NAME: 'Bakkerij De Vries B.V.', TEL_BUS: '020 123 4567' }],
      }),
    },
    ...(opts.random === undefined ? {} : { random: opts.random }),
  });
  registerOAuthRoutes(app, state, options);
  registerDataRoutes(app, state, options);
  registerAdminRoutes(app, state, options);
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorObject(`Onbekend endpoint ${request.method} ${request.url.split('?')[0] ?? ''}.`)),
  );
  return { app, faults };
}
