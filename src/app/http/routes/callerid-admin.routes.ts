/** Caller-ID set-up: sources and who is assigned to them, users' extensions, re-indexing, and health. */
import { z } from 'zod';

import {
  assignedConnectionIds,
  listAssignments,
  listUserPhones,
  replaceUserPhones,
  setConnectionAssignees,
} from '../../../adapters/db/repos/callerid-assignments.repo.js';
import { findConnection, listLiveConnections } from '../../../adapters/db/repos/connections.repo.js';
import { createPgTokenStore } from '../../../adapters/db/repos/oauth-grants.repo.js';
import { listPbxIntegrations } from '../../../adapters/db/repos/pbx-integrations.repo.js';
import { findIndexSource } from '../../../adapters/db/repos/phone-index-sources.repo.js';
import { countPhoneEntries } from '../../../adapters/db/repos/phone-index.repo.js';
import { findUserById } from '../../../adapters/db/repos/users.repo.js';
import { enqueueIndexRun } from '../../jobs/contracts.js';
import { accountViewGrantId } from '../../use-cases/callerid/accountview-credentials.js';
import { indexableSystems } from '../../use-cases/callerid/index-sources.js';
import { systemNames } from '../../use-cases/callerid/popups.js';
import { parseUserPhones } from '../../use-cases/callerid/user-phones.js';
import { adminOnly, anyUser, currentUser } from '../plugins/auth.js';
import { ApiError } from '../problem.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

const phoneSchema = z.object({ kind: z.enum(['extension', 'number']), value: z.string(), raw: z.string() });
const sourceSchema = z.object({
  connectionId: z.uuid(),
  system: z.string(),
  systemName: z.string(),
  role: z.enum(['crm', 'portal_target', 'callerid_source']),
  status: z.enum(['active', 'needs_reconnect', 'disconnected']),
  indexable: z.boolean(),
  assignees: z.array(z.uuid()).describe('Users who get pop-ups from this source (administrators see all)'),
});

export function registerCallerIdAdminRoutes(app: ZodApp, deps: AppDeps): void {
  app.get(
    '/api/callerid/sources',
    {
      config: { access: anyUser },
      schema: {
        tags: ['caller ID'],
        summary: 'Connections whose records can pop up, with their assignees (an employee sees only their own)',
        response: { 200: z.object({ sources: z.array(sourceSchema) }) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const connections = await listLiveConnections(deps.db, user.portalId);
      const assignments = await listAssignments(deps.db, user.portalId);
      const sources = connections.map((c) => ({
        connectionId: c.id,
        system: c.system,
        systemName: systemNames[c.system] ?? c.system,
        role: c.role,
        status: c.status,
        indexable: (indexableSystems as readonly string[]).includes(c.system),
        assignees: assignments
          .filter((a) => a.connectionId === c.id && (user.role === 'portal_admin' || a.userId === user.id))
          .map((a) => a.userId),
      }));
      return {
        sources: user.role === 'portal_admin' ? sources : sources.filter((s) => s.assignees.includes(user.id)),
      };
    },
  );

  app.put(
    '/api/callerid/sources/:connectionId/assignees',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['caller ID'],
        summary: 'Set the users who get pop-ups from this source',
        params: z.object({ connectionId: z.uuid() }),
        body: z.strictObject({ userIds: z.array(z.uuid()).max(1000) }),
        response: {
          200: z.object({ assignees: z.array(z.uuid()), added: z.array(z.uuid()), removed: z.array(z.uuid()) }),
        },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const connection = await findConnection(deps.db, request.params.connectionId);
      if (connection?.portalId !== user.portalId)
        throw new ApiError('not_found', `no connection ${request.params.connectionId}`);
      if (connection.status === 'disconnected') {
        throw new ApiError(
          'connection_not_live',
          `the ${connection.system} connection is disconnected; connect it again first`,
        );
      }
      const unknown: { field: string; message: string }[] = [];
      for (const [i, id] of request.body.userIds.entries()) {
        const found = await findUserById(deps.db, id);
        if (found?.portalId !== user.portalId)
          unknown.push({ field: `body.userIds.${String(i)}`, message: `no user ${id}` });
      }
      if (unknown.length > 0)
        throw new ApiError('validation_failed', unknown.map((u) => `${u.field}: ${u.message}`).join('; '), {
          errors: unknown,
        });
      const { added, removed } = await setConnectionAssignees(deps.db, {
        connectionId: connection.id,
        userIds: request.body.userIds,
        by: user.id,
      });
      // A CRM or Yuki source is indexed once someone uses it.
      if (added.length > 0 && connection.role !== 'callerid_source') {
        const source = await findIndexSource(deps.db, connection.id);
        if (source?.lastFullAt == null) await enqueueIndexRun(deps.queue, connection.id, true);
      }
      return { assignees: [...new Set(request.body.userIds)], added, removed };
    },
  );

  app.get(
    '/api/callerid/users/:userId/phones',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['caller ID'],
        summary: "A user's extensions and direct numbers",
        params: z.object({ userId: z.uuid() }),
        response: { 200: z.object({ phones: z.array(phoneSchema) }) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const target = await findUserById(deps.db, request.params.userId);
      if (target?.portalId !== user.portalId) throw new ApiError('not_found', `no user ${request.params.userId}`);
      const phones = await listUserPhones(deps.db, { portalId: user.portalId, userId: target.id });
      return { phones: phones.map((p) => ({ kind: p.kind, value: p.value, raw: p.raw })) };
    },
  );

  app.put(
    '/api/callerid/users/:userId/phones',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['caller ID'],
        summary: "Replace a user's extensions (2–5 digits) and direct numbers (any format; stored as E.164)",
        params: z.object({ userId: z.uuid() }),
        body: z.strictObject({ phones: z.array(z.string().max(60)).max(20) }),
        response: { 200: z.object({ phones: z.array(phoneSchema) }) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const target = await findUserById(deps.db, request.params.userId);
      if (target?.portalId !== user.portalId) throw new ApiError('not_found', `no user ${request.params.userId}`);
      const parsed = parseUserPhones(request.body.phones);
      if (!parsed.ok) {
        const errors = parsed.error.map((e) => ({ field: `body.${e.field}`, message: e.message }));
        throw new ApiError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
      }
      await replaceUserPhones(deps.db, target.id, parsed.value);
      const phones = await listUserPhones(deps.db, { portalId: user.portalId, userId: target.id });
      return { phones: phones.map((p) => ({ kind: p.kind, value: p.value, raw: p.raw })) };
    },
  );

  app.get(
    '/api/callerid/me',
    {
      config: { access: anyUser },
      schema: {
        tags: ['caller ID'],
        summary: 'My extensions and numbers, and the sources whose records pop up for me',
        response: { 200: z.object({ phones: z.array(phoneSchema), connectionIds: z.array(z.uuid()) }) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const phones = await listUserPhones(deps.db, { portalId: user.portalId, userId: user.id });
      return {
        phones: phones.map((p) => ({ kind: p.kind, value: p.value, raw: p.raw })),
        connectionIds: await assignedConnectionIds(deps.db, user.id),
      };
    },
  );

  app.post(
    '/api/callerid/sources/:connectionId/reindex',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['caller ID'],
        summary: "Queue a re-index of a source's phone numbers (full: also removes numbers deleted at the source)",
        params: z.object({ connectionId: z.uuid() }),
        body: z.strictObject({ full: z.boolean().default(true) }),
        response: { 202: z.object({ queued: z.boolean() }) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const connection = await findConnection(deps.db, request.params.connectionId);
      if (connection?.portalId !== user.portalId)
        throw new ApiError('not_found', `no connection ${request.params.connectionId}`);
      if (connection.status === 'disconnected')
        throw new ApiError('connection_not_live', `the ${connection.system} connection is disconnected`);
      if (deps.queue === null) throw new ApiError('jobs_unavailable');
      await enqueueIndexRun(deps.queue, connection.id, request.body.full);
      return reply.code(202).send({ queued: true });
    },
  );

  app.get(
    '/api/callerid/health',
    {
      config: { access: anyUser },
      schema: {
        tags: ['caller ID'],
        summary: 'Caller-ID health: per source its status ("reconnect"), token expiry and index state; phone systems',
        response: {
          200: z.object({
            sources: z.array(
              z.object({
                connectionId: z.uuid(),
                system: z.string(),
                systemName: z.string(),
                status: z.enum(['active', 'needs_reconnect', 'disconnected']),
                needsReconnect: z.boolean(),
                lastError: z.string().nullable(),
                lastErrorAt: z.string().nullable(),
                tokenExpiresAt: z.string().nullable(),
                index: z.object({
                  numbers: z.number().int(),
                  lastFullAt: z.string().nullable(),
                  lastIncrementalAt: z.string().nullable(),
                  lastError: z.string().nullable(),
                  lastErrorAt: z.string().nullable(),
                }),
              }),
            ),
            phoneSystems: z.array(z.object({ id: z.uuid(), name: z.string(), lastEventAt: z.string().nullable() })),
            liveStreams: z.boolean().describe('This instance receives pop-up notifications'),
          }),
        },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const store = createPgTokenStore(deps.db, deps.secretBox);
      const connections = (await listLiveConnections(deps.db, user.portalId)).filter((c) =>
        (indexableSystems as readonly string[]).includes(c.system),
      );
      const sources = [];
      for (const c of connections) {
        const index = await findIndexSource(deps.db, c.id);
        const tokens = c.system === 'accountview' ? await store.read(accountViewGrantId(c.id)) : null;
        sources.push({
          connectionId: c.id,
          system: c.system,
          systemName: systemNames[c.system] ?? c.system,
          status: c.status,
          needsReconnect: c.status === 'needs_reconnect',
          lastError: c.lastError,
          lastErrorAt: c.lastErrorAt?.toISOString() ?? null,
          tokenExpiresAt: tokens?.expiresAt ?? null,
          index: {
            numbers: await countPhoneEntries(deps.db, c.id),
            lastFullAt: index?.lastFullAt?.toISOString() ?? null,
            lastIncrementalAt: index?.lastIncrementalAt?.toISOString() ?? null,
            lastError: index?.lastError ?? null,
            lastErrorAt: index?.lastErrorAt?.toISOString() ?? null,
          },
        });
      }
      const pbx = await listPbxIntegrations(deps.db, user.portalId);
      return {
        sources,
        phoneSystems: pbx.map((p) => ({ id: p.id, name: p.name, lastEventAt: p.lastEventAt?.toISOString() ?? null })),
        liveStreams: deps.popupHub?.listening ?? false,
      };
    },
  );
}
