/** Settings → CRMHub: the CRM and portal connections, the approval policy, and the health of each connection. */
import {
  approvalPolicySchema,
  connectionSchema,
  connectionsSchema,
  crmConnectionBody,
  crmConnectionChangeBody,
  crmSystemsSchema,
  healthSchema,
  portalConnectionBody,
  portalImportSchema,
} from '../../../contract/connections.contract.js';
import {
  approvalPolicy,
  changeApprovalPolicy,
  changeCrmConnection,
  connectCrmAndSync,
  connectionHealth,
  connectPortalAndImport,
  crmSystems,
  importPortalNow,
  liveConnections,
  syncCrmNow,
} from '../../use-cases/sync/connection-settings.js';
import { disconnectCrm } from '../../use-cases/sync/crm-connection.js';
import { disconnectPortal } from '../../use-cases/sync/portal-connection.js';
import { adminOnly, anyUser, currentUser } from '../plugins/auth.js';
import { noContent, unwrap } from '../problem.js';
import { publicBaseUrl } from '../public-url.js';
import { routeGroup } from '../route.js';

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConnectionView } from '../../../contract/connections.contract.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../../use-cases/failure.js';
import type { ConnectionState } from '../../use-cases/sync/connection-settings.js';
import type { RouteGroup } from '../route.js';
import type { ZodApp } from '../zod-app.js';

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/** A connection as the API shows it; a CRM connection's webhook address is built from the public URL. */
function view({ connection, hasWebhookSecret, takesWebhooks }: ConnectionState, publicBase: string): ConnectionView {
  return {
    id: connection.id,
    system: connection.system,
    status: connection.status,
    baseUrl: connection.baseUrl,
    pollIntervalSeconds: connection.pollIntervalSeconds,
    lastSuccessAt: iso(connection.lastSuccessAt),
    nextRunAt: iso(connection.nextRunAt),
    lastError: connection.lastError,
    lastFailure: connection.lastFailure,
    lastErrorAt: iso(connection.lastErrorAt),
    webhookUrl: connection.role === 'crm' && takesWebhooks ? `${publicBase}/api/webhooks/crm/${connection.id}` : null,
    hasWebhookSecret,
  };
}

/** The answer to connecting a system: 201 with the new connection as the API shows it, or the use-case's problem. */
function answerConnected(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  made: Outcome<ConnectionState>,
): FastifyReply {
  return reply.code(201).send(view(unwrap(made), publicBaseUrl(deps, request)));
}

function registerCrmConnectionRoutes(admins: RouteGroup, deps: AppDeps): void {
  admins.post('/api/connections/crm', {
    summary: 'Connect the CRM (checked first)',
    body: crmConnectionBody,
    response: { 201: connectionSchema },
    handler: async (request, reply) =>
      answerConnected(deps, request, reply, await connectCrmAndSync(deps, currentUser(request), request.body)),
  });

  admins.put('/api/connections/crm', {
    summary: 'Change the CRM connection (re-checked; a key or secret left out keeps the stored one)',
    body: crmConnectionChangeBody,
    response: { 200: connectionSchema },
    handler: async (request) =>
      view(unwrap(await changeCrmConnection(deps, currentUser(request), request.body)), publicBaseUrl(deps, request)),
  });

  admins.delete('/api/connections/crm', {
    summary: 'Disconnect the CRM (credentials deleted, history kept)',
    handler: async (request, reply) => noContent(reply, await disconnectCrm(deps, currentUser(request))),
  });

  admins.post('/api/connections/crm/sync', {
    summary: 'Run an incremental sync now',
    handler: async (request, reply) => {
      unwrap(await syncCrmNow(deps, currentUser(request)));
      return reply.code(202).send({ queued: true });
    },
  });
}

function registerPortalConnectionRoutes(admins: RouteGroup, deps: AppDeps): void {
  admins.post('/api/connections/portal', {
    summary: 'Connect the portal (Yuki), then import it',
    body: portalConnectionBody,
    response: { 201: connectionSchema },
    handler: async (request, reply) =>
      answerConnected(deps, request, reply, await connectPortalAndImport(deps, currentUser(request), request.body)),
  });

  admins.post('/api/connections/portal/import', {
    summary: 'Import the portal’s domains and administrations now',
    response: { 200: portalImportSchema },
    handler: async (request) => unwrap(await importPortalNow(deps, currentUser(request))),
  });

  admins.delete('/api/connections/portal', {
    summary: 'Disconnect the portal',
    handler: async (request, reply) => noContent(reply, await disconnectPortal(deps, currentUser(request))),
  });
}

function registerApprovalPolicyRoutes(app: ZodApp, deps: AppDeps): void {
  routeGroup(app, { tags: ['settings'], access: anyUser }).get('/api/settings/approval-policy', {
    summary: 'The approval policy',
    response: { 200: approvalPolicySchema },
    handler: async (request) => ({ policy: await approvalPolicy(deps, currentUser(request).portalId) }),
  });

  routeGroup(app, { tags: ['settings'], access: adminOnly }).put('/api/settings/approval-policy', {
    summary: 'Set the approval policy',
    body: approvalPolicySchema,
    response: { 200: approvalPolicySchema },
    handler: async (request) => ({
      policy: await changeApprovalPolicy(deps, currentUser(request), request.body.policy),
    }),
  });
}

export function registerConnectionsRoutes(app: ZodApp, deps: AppDeps): void {
  const signedIn = routeGroup(app, { tags: ['connections'], access: anyUser });
  signedIn.get('/api/crm/systems', {
    summary: 'CRM systems to connect',
    response: { 200: crmSystemsSchema },
    handler: () => ({ systems: crmSystems() }),
  });

  signedIn.get('/api/connections', {
    summary: 'The CRM and portal connections',
    response: { 200: connectionsSchema },
    handler: async (request) => {
      const { crm, portal } = await liveConnections(deps, currentUser(request).portalId);
      return {
        crm: crm === null ? null : view(crm, publicBaseUrl(deps, request)),
        portal: portal === null ? null : view(portal, publicBaseUrl(deps, request)),
      };
    },
  });

  const admins = routeGroup(app, { tags: ['connections'], access: adminOnly });
  registerCrmConnectionRoutes(admins, deps);
  registerPortalConnectionRoutes(admins, deps);
  registerApprovalPolicyRoutes(app, deps);

  signedIn.get('/api/health', {
    summary: 'Health of every connection',
    response: { 200: healthSchema },
    handler: async (request) => ({ connections: await connectionHealth(deps, currentUser(request).portalId) }),
  });
}
