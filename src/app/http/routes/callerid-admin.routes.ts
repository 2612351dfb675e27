/** Caller-ID set-up: sources and who is assigned to them, users' extensions, re-indexing, and health. */
import {
  assigneesBody,
  assigneesSchema,
  callerIdHealthSchema,
  callerIdSourcesSchema,
  myCallerIdSchema,
  phoneUserParams,
  reindexBody,
  reindexSchema,
  sourceParams,
  userPhonesBody,
  userPhonesSchema,
} from '../../../contract/callerid.contract.js';
import { callerIdHealth } from '../../use-cases/callerid/health.js';
import { listCallerIdSources, queueReindex, setSourceAssignees } from '../../use-cases/callerid/sources.js';
import { getUserPhones, myCallerId, setUserPhones } from '../../use-cases/callerid/user-phone-settings.js';
import { adminOnly, anyUser, currentUser } from '../plugins/auth.js';
import { unwrap } from '../problem.js';
import { routeGroup } from '../route.js';

import type { AppDeps } from '../../deps.js';
import type { RouteGroup } from '../route.js';
import type { ZodApp } from '../zod-app.js';

function registerSourceRoutes(signedIn: RouteGroup, admins: RouteGroup, deps: AppDeps): void {
  signedIn.get('/api/callerid/sources', {
    summary: 'Connections whose records can pop up, with their assignees (an employee sees only their own)',
    response: { 200: callerIdSourcesSchema },
    handler: async (request) => ({ sources: await listCallerIdSources(deps.db, currentUser(request)) }),
  });

  admins.put('/api/callerid/sources/:connectionId/assignees', {
    summary: 'Set the users who get pop-ups from this source',
    params: sourceParams,
    body: assigneesBody,
    response: { 200: assigneesSchema },
    handler: async (request) => {
      const input = { by: currentUser(request), connectionId: request.params.connectionId, ...request.body };
      return unwrap(await setSourceAssignees(deps, input));
    },
  });
}

function registerPhoneRoutes(signedIn: RouteGroup, admins: RouteGroup, deps: AppDeps): void {
  admins.get('/api/callerid/users/:userId/phones', {
    summary: "A user's extensions and direct numbers",
    params: phoneUserParams,
    response: { 200: userPhonesSchema },
    handler: async (request) =>
      unwrap(await getUserPhones(deps.db, { portalId: currentUser(request).portalId, ...request.params })),
  });

  admins.put('/api/callerid/users/:userId/phones', {
    summary: "Replace a user's extensions (2–5 digits) and direct numbers (any format; stored as E.164)",
    params: phoneUserParams,
    body: userPhonesBody,
    response: { 200: userPhonesSchema },
    handler: async (request) => {
      const input = { portalId: currentUser(request).portalId, ...request.params, ...request.body };
      return unwrap(await setUserPhones(deps.db, input));
    },
  });

  signedIn.get('/api/callerid/me', {
    summary: 'My extensions and numbers, and the sources whose records pop up for me',
    response: { 200: myCallerIdSchema },
    handler: async (request) => myCallerId(deps.db, currentUser(request)),
  });
}

export function registerCallerIdAdminRoutes(app: ZodApp, deps: AppDeps): void {
  const signedIn = routeGroup(app, { tags: ['caller ID'], access: anyUser });
  const admins = routeGroup(app, { tags: ['caller ID'], access: adminOnly });
  registerSourceRoutes(signedIn, admins, deps);
  registerPhoneRoutes(signedIn, admins, deps);

  admins.post('/api/callerid/sources/:connectionId/reindex', {
    summary: "Queue a re-index of a source's phone numbers (full: also removes numbers deleted at the source)",
    params: sourceParams,
    body: reindexBody,
    response: { 202: reindexSchema },
    handler: async (request, reply) => {
      const input = { portalId: currentUser(request).portalId, ...request.params, full: request.body.full };
      return reply.code(202).send(unwrap(await queueReindex(deps, input)));
    },
  });

  signedIn.get('/api/callerid/health', {
    summary: 'Caller-ID health: per source its status ("reconnect"), token expiry and index state; phone systems',
    response: { 200: callerIdHealthSchema },
    handler: async (request) => callerIdHealth(deps, currentUser(request).portalId),
  });
}
