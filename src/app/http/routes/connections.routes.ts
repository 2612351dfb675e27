/** Settings → CRMHub: the CRM and portal connections, the approval policy, and the health of each connection. */
import { z } from 'zod';

import { appendAudit } from '../../../adapters/db/repos/audit.repo.js';
import { findLiveConnection, listLiveConnections } from '../../../adapters/db/repos/connections.repo.js';
import { listDomains } from '../../../adapters/db/repos/portal.repo.js';
import { approvalPolicyOf, setApprovalPolicy } from '../../../adapters/db/repos/settings.repo.js';
import { listManifests } from '../../../adapters/registry.js';
import { approvalPolicies } from '../../../core/sync/policy.js';
import { enqueueCrmSync } from '../../jobs/contracts.js';
import { crmCredentialsSchema, portalTargetOf, readCredentials } from '../../use-cases/sync/connectors.js';
import { changeCrm, connectCrm, disconnectCrm } from '../../use-cases/sync/crm-connection.js';
import { connectPortal, disconnectPortal, importPortal } from '../../use-cases/sync/portal-connection.js';
import { adminOnly, anyUser, currentUser } from '../plugins/auth.js';
import { ApiError } from '../problem.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

const connectionSchema = z.object({
  id: z.uuid(),
  system: z.string(),
  status: z.enum(['active', 'needs_reconnect', 'disconnected']),
  baseUrl: z.string().nullable(),
  pollIntervalSeconds: z.number().int(),
  lastSuccessAt: z.iso.datetime().nullable(),
  nextRunAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.iso.datetime().nullable(),
  webhookUrl: z.string().nullable(),
  hasWebhookSecret: z.boolean(),
});

const crmBody = z.strictObject({
  system: z.string().min(1),
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be the environment URL, e.g. https://kantoor.simplicate.nl' }),
  apiKey: z.string().trim().min(1, 'enter the API key').max(200),
  apiSecret: z.string().trim().min(1, 'enter the API secret').max(200),
  webhookSecret: z.string().trim().min(1).max(200).optional(),
  pollIntervalSeconds: z.number().int().min(30).max(86_400).optional(),
});

const portalBody = z.strictObject({
  accessKey: z.string().trim().min(1, 'enter the web service access key').max(200),
  platformToken: z.string().trim().min(1, 'enter the Platform API token').max(500),
  portalId: z.uuid('must be the portal GUID'),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
});

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

function publicBase(deps: AppDeps, requestOrigin: string): string {
  return (deps.config.publicUrl ?? requestOrigin).replace(/\/+$/, '');
}

function view(deps: AppDeps, connection: Connection, origin: string): z.infer<typeof connectionSchema> {
  const isCrm = connection.role === 'crm';
  const credentials = isCrm ? readCredentials(deps, connection, crmCredentialsSchema) : null;
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
    webhookUrl: isCrm ? `${publicBase(deps, origin)}/api/webhooks/crm/${connection.id}` : null,
    hasWebhookSecret: credentials?.webhookSecret != null,
  };
}

const healthSchema = z.object({
  connections: z.array(
    z.object({
      role: z.string(),
      system: z.string(),
      status: z.string(),
      lastSuccessAt: z.iso.datetime().nullable(),
      nextRunAt: z.iso.datetime().nullable(),
      lastErrors: z.array(z.object({ at: z.iso.datetime(), message: z.string() })),
      credentialState: z.enum(['ok', 'needs_reconnect', 'disconnected']),
      quota: z.array(
        z.object({
          domainId: z.string(),
          domainName: z.string(),
          used: z.number(),
          limit: z.number(),
          remaining: z.number(),
        }),
      ),
    }),
  ),
});

export function registerConnectionsRoutes(app: ZodApp, deps: AppDeps): void {
  const origin = (request: { protocol: string; host: string }): string => `${request.protocol}://${request.host}`;

  app.get(
    '/api/crm/systems',
    {
      config: { access: anyUser },
      schema: {
        tags: ['connections'],
        summary: 'CRM systems to connect',
        response: {
          200: z.object({
            systems: z.array(
              z.object({
                id: z.string(),
                displayName: z.string(),
                availability: z.enum(['available', 'on_request']),
                docs: z.string(),
              }),
            ),
          }),
        },
      },
    },
    () => ({
      systems: listManifests()
        .filter((manifest) => manifest.role === 'crm_source')
        .map(({ id, displayName, availability, docs }) => ({ id, displayName, availability, docs })),
    }),
  );

  app.get(
    '/api/connections',
    {
      config: { access: anyUser },
      schema: {
        tags: ['connections'],
        summary: 'The CRM and portal connections',
        response: { 200: z.object({ crm: connectionSchema.nullable(), portal: connectionSchema.nullable() }) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const crm = await findLiveConnection(deps.db, user.portalId, 'crm');
      const portal = await findLiveConnection(deps.db, user.portalId, 'portal_target');
      return {
        crm: crm === null ? null : view(deps, crm, origin(request)),
        portal: portal === null ? null : view(deps, portal, origin(request)),
      };
    },
  );

  app.post(
    '/api/connections/crm',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['connections'],
        summary: 'Connect the CRM (checked first)',
        body: crmBody,
        response: { 201: connectionSchema },
      },
    },
    async (request, reply) => {
      const connection = await connectCrm(deps, currentUser(request), request.body);
      await enqueueCrmSync(deps.queue, connection.id, true);
      return reply.code(201).send(view(deps, connection, origin(request)));
    },
  );

  app.put(
    '/api/connections/crm',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['connections'],
        summary: 'Change the CRM connection (re-checked)',
        body: crmBody,
        response: { 200: connectionSchema },
      },
    },
    async (request) => view(deps, await changeCrm(deps, currentUser(request), request.body), origin(request)),
  );

  app.delete(
    '/api/connections/crm',
    {
      config: { access: adminOnly },
      schema: { tags: ['connections'], summary: 'Disconnect the CRM (credentials deleted, history kept)' },
    },
    async (request, reply) => {
      await disconnectCrm(deps, currentUser(request));
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/connections/crm/sync',
    { config: { access: adminOnly }, schema: { tags: ['connections'], summary: 'Run an incremental sync now' } },
    async (request, reply) => {
      const connection = await findLiveConnection(deps.db, currentUser(request).portalId, 'crm');
      if (connection === null) throw new ApiError('not_connected', 'there is no CRM connection');
      await enqueueCrmSync(deps.queue, connection.id, false);
      return reply.code(202).send({ queued: true });
    },
  );

  app.post(
    '/api/connections/portal',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['connections'],
        summary: 'Connect the portal (Yuki), then import it',
        body: portalBody,
        response: { 201: connectionSchema },
      },
    },
    async (request, reply) => {
      const connection = await connectPortal(deps, currentUser(request), request.body);
      await importPortal(deps, connection);
      const refreshed = await findLiveConnection(deps.db, connection.portalId, 'portal_target');
      return reply.code(201).send(view(deps, refreshed ?? connection, origin(request)));
    },
  );

  app.post(
    '/api/connections/portal/import',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['connections'],
        summary: 'Import the portal’s domains and administrations now',
        response: { 200: z.object({ domains: z.number().int(), administrations: z.number().int() }) },
      },
    },
    async (request) => {
      const connection = await findLiveConnection(deps.db, currentUser(request).portalId, 'portal_target');
      if (connection === null) throw new ApiError('not_connected', 'there is no portal connection');
      return importPortal(deps, connection);
    },
  );

  app.delete(
    '/api/connections/portal',
    { config: { access: adminOnly }, schema: { tags: ['connections'], summary: 'Disconnect the portal' } },
    async (request, reply) => {
      await disconnectPortal(deps, currentUser(request));
      return reply.code(204).send();
    },
  );

  const policyBody = z.strictObject({ policy: z.enum(approvalPolicies) });
  app.get(
    '/api/settings/approval-policy',
    {
      config: { access: anyUser },
      schema: { tags: ['settings'], summary: 'The approval policy', response: { 200: policyBody } },
    },
    async (request) => ({ policy: await approvalPolicyOf(deps.db, currentUser(request).portalId) }),
  );

  app.put(
    '/api/settings/approval-policy',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['settings'],
        summary: 'Set the approval policy',
        body: policyBody,
        response: { 200: policyBody },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const now = deps.clock();
      await deps.db.transaction().execute(async (trx) => {
        const previous = await setApprovalPolicy(trx, user.portalId, request.body.policy);
        await appendAudit(trx, [
          {
            portalId: user.portalId,
            action: 'policy_changed',
            actorUserId: user.id,
            oldValue: previous,
            newValue: request.body.policy,
            at: now,
          },
        ]);
      });
      return { policy: request.body.policy };
    },
  );

  app.get(
    '/api/health',
    {
      config: { access: anyUser },
      schema: {
        tags: ['connections'],
        summary: 'Health of every connection',
        response: {
          200: healthSchema,
        },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const connections = await listLiveConnections(deps.db, user.portalId);
      const result: z.infer<typeof healthSchema>['connections'] = [];
      for (const connection of connections) {
        const quota: z.infer<typeof healthSchema>['connections'][number]['quota'] = [];
        if (connection.role === 'portal_target') {
          const target = portalTargetOf(deps, connection);
          if (target.ok) {
            for (const domain of await listDomains(deps.db, user.portalId)) {
              const status = await target.value.quota(domain.externalId);
              quota.push({
                domainId: domain.id,
                domainName: domain.name,
                used: status.used,
                limit: status.limit,
                remaining: status.remainingHigh,
              });
            }
          }
        }
        result.push({
          role: connection.role,
          system: connection.system,
          status: connection.status,
          lastSuccessAt: iso(connection.lastSuccessAt),
          nextRunAt: iso(connection.nextRunAt),
          lastErrors:
            connection.lastError === null || connection.lastErrorAt === null
              ? []
              : [{ at: connection.lastErrorAt.toISOString(), message: connection.lastError }],
          credentialState: connection.status === 'active' ? ('ok' as const) : connection.status,
          quota,
        });
      }
      return { connections: result };
    },
  );
}
