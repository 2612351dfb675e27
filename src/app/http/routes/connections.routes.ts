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
import { route } from '../route.js';

import type { ConnectionView } from '../../../contract/connections.contract.js';
import type { AppDeps } from '../../deps.js';
import type { ConnectionState } from '../../use-cases/sync/connection-settings.js';
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
    lastErrorAt: iso(connection.lastErrorAt),
    webhookUrl: connection.role === 'crm' && takesWebhooks ? `${publicBase}/api/webhooks/crm/${connection.id}` : null,
    hasWebhookSecret,
  };
}

function registerCrmConnectionRoutes(app: ZodApp, deps: AppDeps): void {
  const tags = ['connections'];
  route(
    app,
    'POST',
    '/api/connections/crm',
    adminOnly,
    {
      tags,
      summary: 'Connect the CRM (checked first)',
      body: crmConnectionBody,
      response: { 201: connectionSchema },
    },
    async (request, reply) => {
      const connected = unwrap(await connectCrmAndSync(deps, currentUser(request), request.body));
      return reply.code(201).send(view(connected, publicBaseUrl(deps, request)));
    },
  );

  route(
    app,
    'PUT',
    '/api/connections/crm',
    adminOnly,
    {
      tags,
      summary: 'Change the CRM connection (re-checked; a key or secret left out keeps the stored one)',
      body: crmConnectionChangeBody,
      response: { 200: connectionSchema },
    },
    async (request) =>
      view(unwrap(await changeCrmConnection(deps, currentUser(request), request.body)), publicBaseUrl(deps, request)),
  );

  route(
    app,
    'DELETE',
    '/api/connections/crm',
    adminOnly,
    { tags, summary: 'Disconnect the CRM (credentials deleted, history kept)' },
    async (request, reply) => noContent(reply, await disconnectCrm(deps, currentUser(request))),
  );

  route(
    app,
    'POST',
    '/api/connections/crm/sync',
    adminOnly,
    { tags, summary: 'Run an incremental sync now' },
    async (request, reply) => {
      unwrap(await syncCrmNow(deps, currentUser(request)));
      return reply.code(202).send({ queued: true });
    },
  );
}

function registerPortalConnectionRoutes(app: ZodApp, deps: AppDeps): void {
  const tags = ['connections'];
  route(
    app,
    'POST',
    '/api/connections/portal',
    adminOnly,
    {
      tags,
      summary: 'Connect the portal (Yuki), then import it',
      body: portalConnectionBody,
      response: { 201: connectionSchema },
    },
    async (request, reply) => {
      const connected = unwrap(await connectPortalAndImport(deps, currentUser(request), request.body));
      return reply.code(201).send(view(connected, publicBaseUrl(deps, request)));
    },
  );

  route(
    app,
    'POST',
    '/api/connections/portal/import',
    adminOnly,
    {
      tags,
      summary: 'Import the portal’s domains and administrations now',
      response: { 200: portalImportSchema },
    },
    async (request) => unwrap(await importPortalNow(deps, currentUser(request))),
  );

  route(
    app,
    'DELETE',
    '/api/connections/portal',
    adminOnly,
    { tags, summary: 'Disconnect the portal' },
    async (request, reply) => noContent(reply, await disconnectPortal(deps, currentUser(request))),
  );
}

function registerApprovalPolicyRoutes(app: ZodApp, deps: AppDeps): void {
  route(
    app,
    'GET',
    '/api/settings/approval-policy',
    anyUser,
    { tags: ['settings'], summary: 'The approval policy', response: { 200: approvalPolicySchema } },
    async (request) => ({ policy: await approvalPolicy(deps, currentUser(request).portalId) }),
  );

  route(
    app,
    'PUT',
    '/api/settings/approval-policy',
    adminOnly,
    {
      tags: ['settings'],
      summary: 'Set the approval policy',
      body: approvalPolicySchema,
      response: { 200: approvalPolicySchema },
    },
    async (request) => ({ policy: await changeApprovalPolicy(deps, currentUser(request), request.body.policy) }),
  );
}

export function registerConnectionsRoutes(app: ZodApp, deps: AppDeps): void {
  route(
    app,
    'GET',
    '/api/crm/systems',
    anyUser,
    { tags: ['connections'], summary: 'CRM systems to connect', response: { 200: crmSystemsSchema } },
    () => ({ systems: crmSystems() }),
  );

  route(
    app,
    'GET',
    '/api/connections',
    anyUser,
    {
      tags: ['connections'],
      summary: 'The CRM and portal connections',
      response: { 200: connectionsSchema },
    },
    async (request) => {
      const { crm, portal } = await liveConnections(deps, currentUser(request).portalId);
      return {
        crm: crm === null ? null : view(crm, publicBaseUrl(deps, request)),
        portal: portal === null ? null : view(portal, publicBaseUrl(deps, request)),
      };
    },
  );

  registerCrmConnectionRoutes(app, deps);
  registerPortalConnectionRoutes(app, deps);
  registerApprovalPolicyRoutes(app, deps);

  route(
    app,
    'GET',
    '/api/health',
    anyUser,
    { tags: ['connections'], summary: 'Health of every connection', response: { 200: healthSchema } },
    async (request) => ({ connections: await connectionHealth(deps, currentUser(request).portalId) }),
  );
}
