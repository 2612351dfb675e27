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
import { route } from '../route.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

const tags = ['caller ID'];

function registerSourceRoutes(app: ZodApp, deps: AppDeps): void {
  route(
    app,
    'GET',
    '/api/callerid/sources',
    anyUser,
    {
      tags,
      summary: 'Connections whose records can pop up, with their assignees (an employee sees only their own)',
      response: { 200: callerIdSourcesSchema },
    },
    async (request) => ({ sources: await listCallerIdSources(deps.db, currentUser(request)) }),
  );

  route(
    app,
    'PUT',
    '/api/callerid/sources/:connectionId/assignees',
    adminOnly,
    {
      tags,
      summary: 'Set the users who get pop-ups from this source',
      params: sourceParams,
      body: assigneesBody,
      response: { 200: assigneesSchema },
    },
    async (request) => {
      const input = { by: currentUser(request), connectionId: request.params.connectionId, ...request.body };
      return unwrap(await setSourceAssignees(deps, input));
    },
  );
}

function registerPhoneRoutes(app: ZodApp, deps: AppDeps): void {
  route(
    app,
    'GET',
    '/api/callerid/users/:userId/phones',
    adminOnly,
    {
      tags,
      summary: "A user's extensions and direct numbers",
      params: phoneUserParams,
      response: { 200: userPhonesSchema },
    },
    async (request) =>
      unwrap(await getUserPhones(deps.db, { portalId: currentUser(request).portalId, ...request.params })),
  );

  route(
    app,
    'PUT',
    '/api/callerid/users/:userId/phones',
    adminOnly,
    {
      tags,
      summary: "Replace a user's extensions (2–5 digits) and direct numbers (any format; stored as E.164)",
      params: phoneUserParams,
      body: userPhonesBody,
      response: { 200: userPhonesSchema },
    },
    async (request) => {
      const input = { portalId: currentUser(request).portalId, ...request.params, ...request.body };
      return unwrap(await setUserPhones(deps.db, input));
    },
  );

  route(
    app,
    'GET',
    '/api/callerid/me',
    anyUser,
    {
      tags,
      summary: 'My extensions and numbers, and the sources whose records pop up for me',
      response: { 200: myCallerIdSchema },
    },
    async (request) => myCallerId(deps.db, currentUser(request)),
  );
}

export function registerCallerIdAdminRoutes(app: ZodApp, deps: AppDeps): void {
  registerSourceRoutes(app, deps);
  registerPhoneRoutes(app, deps);

  route(
    app,
    'POST',
    '/api/callerid/sources/:connectionId/reindex',
    adminOnly,
    {
      tags,
      summary: "Queue a re-index of a source's phone numbers (full: also removes numbers deleted at the source)",
      params: sourceParams,
      body: reindexBody,
      response: { 202: reindexSchema },
    },
    async (request, reply) => {
      const input = { portalId: currentUser(request).portalId, ...request.params, full: request.body.full };
      return reply.code(202).send(unwrap(await queueReindex(deps, input)));
    },
  );

  route(
    app,
    'GET',
    '/api/callerid/health',
    anyUser,
    {
      tags,
      summary: 'Caller-ID health: per source its status ("reconnect"), token expiry and index state; phone systems',
      response: { 200: callerIdHealthSchema },
    },
    async (request) => callerIdHealth(deps, currentUser(request).portalId),
  );
}
