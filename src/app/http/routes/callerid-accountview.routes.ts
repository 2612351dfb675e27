/** Connecting AccountView for caller ID: redirect URI, connect (OAuth code flow), public callback, disconnect. */
import { z } from 'zod';

import { findLiveConnection } from '../../../adapters/db/repos/connections.repo.js';
import { latestOAuthAttempt } from '../../../adapters/db/repos/oauth-attempts.repo.js';
import { createPgTokenStore } from '../../../adapters/db/repos/oauth-grants.repo.js';
import { enqueueIndexRun } from '../../jobs/contracts.js';
import {
  accountViewRedirectUri,
  beginConnect,
  completeConnect,
  disconnectAccountView,
} from '../../use-cases/callerid/accountview-connect.js';
import { accountViewGrantId, readAccountViewCredentials } from '../../use-cases/callerid/accountview-credentials.js';
import { adminOnly, currentUser } from '../plugins/auth.js';
import { ApiError } from '../problem.js';

import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

const fieldErrorSchema = z.object({ field: z.string(), message: z.string() });

const statusSchema = z.object({
  redirectUri: z
    .string()
    .describe('Register exactly this redirect URI in AccountView.net (Ontwikkelaar → Applicatie toevoegen)'),
  connection: z
    .object({
      id: z.uuid(),
      status: z.enum(['active', 'needs_reconnect', 'disconnected']),
      companyId: z.string().nullable(),
      companies: z.array(z.object({ id: z.string(), code: z.string(), description: z.string() })),
      environmentUrl: z.string().nullable(),
      tokenExpiresAt: z.string().nullable(),
      lastError: z.string().nullable(),
      lastErrorAt: z.string().nullable(),
      connectedAt: z.string(),
    })
    .nullable(),
  lastAttempt: z
    .object({
      id: z.uuid(),
      startedAt: z.string(),
      outcome: z.enum(['pending', 'connected', 'failed', 'expired']),
      message: z.string().nullable(),
      fieldErrors: z.array(fieldErrorSchema),
    })
    .nullable(),
});

/** The address the administrator's browser used, for the redirect URI when CRMHUB_PUBLIC_URL is unset. */
function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export function registerCallerIdAccountViewRoutes(app: ZodApp, deps: AppDeps): void {
  app.get(
    '/api/callerid/accountview',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['caller ID'],
        summary: 'AccountView connection: the redirect URI to register, the connection and the last connect attempt',
        response: { 200: statusSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const connection = await findLiveConnection(deps.db, user.portalId, 'callerid_source', 'accountview');
      const attempt = await latestOAuthAttempt(deps.db, user.portalId, 'accountview');
      const creds = connection === null ? null : readAccountViewCredentials(connection, deps.secretBox);
      const tokens =
        connection === null
          ? null
          : await createPgTokenStore(deps.db, deps.secretBox).read(accountViewGrantId(connection.id));
      const now = deps.clock();
      return {
        redirectUri: accountViewRedirectUri(deps.config.publicUrl, requestOrigin(request)),
        connection:
          connection === null
            ? null
            : {
                id: connection.id,
                status: connection.status,
                companyId: creds?.ok === true ? creds.value.companyId : null,
                companies: creds?.ok === true ? creds.value.companies : [],
                environmentUrl: connection.baseUrl,
                tokenExpiresAt: tokens?.expiresAt ?? null,
                lastError: connection.lastError,
                lastErrorAt: connection.lastErrorAt?.toISOString() ?? null,
                connectedAt: connection.updatedAt.toISOString(),
              },
        lastAttempt:
          attempt === null
            ? null
            : {
                id: attempt.id,
                startedAt: attempt.createdAt.toISOString(),
                outcome:
                  attempt.outcome ??
                  (attempt.usedAt === null && attempt.expiresAt <= now ? ('expired' as const) : ('pending' as const)),
                message: attempt.message,
                fieldErrors: attempt.fieldErrors.map((e) => ({ field: e.field, message: e.message })),
              },
      };
    },
  );

  app.post(
    '/api/callerid/accountview/connect',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['caller ID'],
        summary: 'Start connecting AccountView: checks the fields and returns the AccountView consent page to open',
        body: z.strictObject({
          apiKey: z.string().max(500).optional().describe('API-sleutel (OAuth client id)'),
          apiSecret: z.string().max(1000).optional().describe('API-secret (OAuth client secret)'),
          companyId: z.string().max(500).optional().describe('Onderneming ID (GUID, or the ShowCompany.aspx URL)'),
          environmentUrl: z
            .string()
            .max(500)
            .optional()
            .describe('AccountView environment; default production (https://www.accountview.net)'),
        }),
        response: {
          200: z.object({ authorizationUrl: z.string(), attemptId: z.uuid(), redirectUri: z.string() }),
        },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const redirectUri = accountViewRedirectUri(deps.config.publicUrl, requestOrigin(request));
      const started = await beginConnect(deps, {
        ...request.body,
        portalId: user.portalId,
        userId: user.id,
        redirectUri,
      });
      if (!started.ok) {
        const errors = started.error.map((e) => ({ field: `body.${e.field}`, message: e.message }));
        throw new ApiError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
      }
      return { ...started.value, redirectUri };
    },
  );

  app.get(
    '/api/callerid/accountview/callback',
    {
      config: { access: 'public' },
      // The query holds the authorization code and state: request lines of this route are not logged.
      logLevel: 'warn',
      schema: {
        tags: ['caller ID'],
        summary: 'OAuth redirect target: completes the connection and sends the browser back to the settings page',
        querystring: z.looseObject({
          code: z.string().optional(),
          state: z.string().optional(),
          error: z.string().optional(),
          error_description: z.string().optional(),
        }),
      },
    },
    async (request, reply) => {
      const callbackUrl = new URL(request.url, 'http://callback.invalid');
      const outcome = await completeConnect(deps, callbackUrl, async (connectionId) => {
        await enqueueIndexRun(deps.queue, connectionId, true);
      });
      const target = new URLSearchParams({ accountview: outcome.ok ? 'connected' : 'failed' });
      if (!outcome.ok) target.set('reason', outcome.reason);
      const base = (deps.config.publicUrl ?? '').replace(/\/+$/, '');
      return reply.redirect(`${base}/settings?${target.toString()}`, 302);
    },
  );

  app.delete(
    '/api/callerid/accountview',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['caller ID'],
        summary: 'Disconnect AccountView: deletes tokens, credentials and its indexed numbers',
        response: { 204: z.null().describe('Disconnected') },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const id = await disconnectAccountView(deps, user.portalId);
      if (id === null) throw new ApiError('not_found', 'AccountView is not connected');
      return reply.code(204).send(null);
    },
  );
}
