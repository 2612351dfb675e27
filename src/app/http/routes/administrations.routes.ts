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
import { routeGroup } from '../route.js';

import type { AppDeps } from '../../deps.js';
import type { RouteGroup } from '../route.js';
import type { ZodApp } from '../zod-app.js';

function registerAdministrationReadRoutes(signedIn: RouteGroup, deps: AppDeps): void {
  signedIn.get('/api/administrations', {
    summary: 'A page of the administrations you may see (searched and filtered), with link state and counts',
    querystring: administrationsQuery,
    response: { 200: administrationsListSchema },
    handler: async (request) => administrationsOverview(deps, currentUser(request), request.query),
  });

  signedIn.get('/api/administrations/:id', {
    summary: 'One administration with its profile, link and suggestions',
    params: administrationIdParams,
    response: { 200: administrationDetailSchema },
    handler: async (request) => unwrap(await administrationDetail(deps, currentUser(request), request.params.id)),
  });

  signedIn.get('/api/administrations/:id/candidates', {
    summary: 'Search CRM organisations by name',
    params: administrationIdParams,
    querystring: candidatesQuery,
    response: { 200: candidatesSchema },
    handler: async (request) => ({
      candidates: unwrap(await candidatesByName(deps, currentUser(request), request.params.id, request.query.q)),
    }),
  });

  signedIn.post('/api/administrations/:id/dry-run', {
    summary: 'Exactly which fields linking would change',
    params: administrationIdParams,
    body: linkBody,
    response: { 200: dryRunSchema },
    handler: async (request) => {
      const { crmExternalId, mode } = request.body;
      return { changes: unwrap(await dryRun(deps, currentUser(request), request.params.id, crmExternalId, mode)) };
    },
  });
}

function registerLinkRoutes(signedIn: RouteGroup, deps: AppDeps): void {
  signedIn.put('/api/administrations/:id/link', {
    summary: 'Link to a CRM organisation',
    params: administrationIdParams,
    body: linkBody,
    response: { 200: linkResultSchema },
    handler: async (request) => ({
      link: unwrap(await linkAndApply(deps, currentUser(request), request.params.id, request.body)),
    }),
  });

  signedIn.patch('/api/administrations/:id/link', {
    summary: 'Change automatic/manual approval',
    params: administrationIdParams,
    body: linkModeBody,
    handler: async (request, reply) =>
      noContent(reply, await changeLinkMode(deps, currentUser(request), request.params.id, request.body.mode)),
  });

  signedIn.delete('/api/administrations/:id/link', {
    summary: 'Unlink',
    params: administrationIdParams,
    handler: async (request, reply) =>
      noContent(reply, await unlinkAdministration(deps, currentUser(request), request.params.id)),
  });
}

function registerBulkLinkRoutes(signedIn: RouteGroup, deps: AppDeps): void {
  signedIn.post('/api/administrations/bulk-link/dry-run', {
    summary: 'What linking these administrations (each to its one suggestion) would change, per field',
    body: bulkLinkBody,
    response: { 200: bulkLinkDryRunSchema },
    handler: async (request) => unwrap(await bulkLinkDryRun(deps, currentUser(request), request.body)),
  });

  signedIn.post('/api/administrations/bulk-link', {
    summary: 'Link them in a background run; answers the run id',
    body: bulkLinkBody,
    response: { 202: bulkLinkStartedSchema },
    handler: async (request, reply) =>
      reply.status(202).send(unwrap(await startBulkLink(deps, currentUser(request), request.body))),
  });

  signedIn.get('/api/administrations/bulk-link/:runId', {
    summary: 'A bulk link run: progress and the result per administration (linked, skipped and why)',
    params: bulkLinkRunParams,
    response: { 200: bulkLinkRunSchema },
    handler: async (request) => unwrap(await bulkLinkStatus(deps, currentUser(request), request.params.runId)),
  });
}

export function registerAdministrationsRoutes(app: ZodApp, deps: AppDeps): void {
  const signedIn = routeGroup(app, { tags: ['administrations'], access: anyUser });
  registerAdministrationReadRoutes(signedIn, deps);
  registerLinkRoutes(signedIn, deps);
  registerBulkLinkRoutes(signedIn, deps);
}
