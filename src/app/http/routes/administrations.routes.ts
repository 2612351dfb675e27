/** Administrations: the bulk view with link state, suggestions, name search, dry run, link, mode, unlink. */
import {
  administrationDetailSchema,
  administrationIdParams,
  administrationsListSchema,
  administrationsQuery,
  bulkLinkBody,
  bulkLinkDryRunSchema,
  bulkLinkRunParams,
  bulkLinkRunSchema,
  bulkLinkStartedSchema,
  candidatesQuery,
  candidatesSchema,
  dryRunSchema,
  linkBody,
  linkModeBody,
  linkResultSchema,
} from '../../../contract/administrations.contract.js';
import {
  administrationDetail,
  administrationsOverview,
  candidatesByName,
  linkAndApply,
} from '../../use-cases/sync/administrations.js';
import { bulkLinkDryRun, bulkLinkStatus, startBulkLink } from '../../use-cases/sync/bulk-link.js';
import { changeLinkMode, dryRun, unlinkAdministration } from '../../use-cases/sync/links.js';
import { anyUser, currentUser } from '../plugins/auth.js';
import { noContent, unwrap } from '../problem.js';
import { route } from '../route.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

const tags = ['administrations'];

function registerAdministrationReadRoutes(app: ZodApp, deps: AppDeps): void {
  route(
    app,
    'GET',
    '/api/administrations',
    anyUser,
    {
      tags,
      summary: 'A page of the administrations you may see (searched and filtered), with link state and counts',
      querystring: administrationsQuery,
      response: { 200: administrationsListSchema },
    },
    async (request) => administrationsOverview(deps, currentUser(request), request.query),
  );

  route(
    app,
    'GET',
    '/api/administrations/:id',
    anyUser,
    {
      tags,
      summary: 'One administration with its profile, link and suggestions',
      params: administrationIdParams,
      response: { 200: administrationDetailSchema },
    },
    async (request) => unwrap(await administrationDetail(deps, currentUser(request), request.params.id)),
  );

  route(
    app,
    'GET',
    '/api/administrations/:id/candidates',
    anyUser,
    {
      tags,
      summary: 'Search CRM organisations by name',
      params: administrationIdParams,
      querystring: candidatesQuery,
      response: { 200: candidatesSchema },
    },
    async (request) => ({
      candidates: unwrap(await candidatesByName(deps, currentUser(request), request.params.id, request.query.q)),
    }),
  );

  route(
    app,
    'POST',
    '/api/administrations/:id/dry-run',
    anyUser,
    {
      tags,
      summary: 'Exactly which fields linking would change',
      params: administrationIdParams,
      body: linkBody,
      response: { 200: dryRunSchema },
    },
    async (request) => {
      const { crmExternalId, mode } = request.body;
      return { changes: unwrap(await dryRun(deps, currentUser(request), request.params.id, crmExternalId, mode)) };
    },
  );
}

function registerLinkRoutes(app: ZodApp, deps: AppDeps): void {
  route(
    app,
    'PUT',
    '/api/administrations/:id/link',
    anyUser,
    {
      tags,
      summary: 'Link to a CRM organisation',
      params: administrationIdParams,
      body: linkBody,
      response: { 200: linkResultSchema },
    },
    async (request) => ({
      link: unwrap(await linkAndApply(deps, currentUser(request), request.params.id, request.body)),
    }),
  );

  route(
    app,
    'PATCH',
    '/api/administrations/:id/link',
    anyUser,
    {
      tags,
      summary: 'Change automatic/manual approval',
      params: administrationIdParams,
      body: linkModeBody,
    },
    async (request, reply) =>
      noContent(reply, await changeLinkMode(deps, currentUser(request), request.params.id, request.body.mode)),
  );

  route(
    app,
    'DELETE',
    '/api/administrations/:id/link',
    anyUser,
    { tags, summary: 'Unlink', params: administrationIdParams },
    async (request, reply) =>
      noContent(reply, await unlinkAdministration(deps, currentUser(request), request.params.id)),
  );
}

function registerBulkLinkRoutes(app: ZodApp, deps: AppDeps): void {
  route(
    app,
    'POST',
    '/api/administrations/bulk-link/dry-run',
    anyUser,
    {
      tags,
      summary: 'What linking these administrations (each to its one suggestion) would change, per field',
      body: bulkLinkBody,
      response: { 200: bulkLinkDryRunSchema },
    },
    async (request) => unwrap(await bulkLinkDryRun(deps, currentUser(request), request.body)),
  );

  route(
    app,
    'POST',
    '/api/administrations/bulk-link',
    anyUser,
    {
      tags,
      summary: 'Link them in a background run; answers the run id',
      body: bulkLinkBody,
      response: { 202: bulkLinkStartedSchema },
    },
    async (request, reply) =>
      reply.status(202).send(unwrap(await startBulkLink(deps, currentUser(request), request.body))),
  );

  route(
    app,
    'GET',
    '/api/administrations/bulk-link/:runId',
    anyUser,
    {
      tags,
      summary: 'A bulk link run: progress and the result per administration (linked, skipped and why)',
      params: bulkLinkRunParams,
      response: { 200: bulkLinkRunSchema },
    },
    async (request) => unwrap(await bulkLinkStatus(deps, currentUser(request), request.params.runId)),
  );
}

export function registerAdministrationsRoutes(app: ZodApp, deps: AppDeps): void {
  registerAdministrationReadRoutes(app, deps);
  registerLinkRoutes(app, deps);
  registerBulkLinkRoutes(app, deps);
}
