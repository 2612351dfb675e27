/** Intake: the administration of intake sources, and the push API that CRMs and integrators send batches to. */
import { z } from 'zod';

import { noContentSchema } from '../../../contract/callerid.contract.js';
import {
  intakeBatchBodySchema,
  intakeBatchResultSchema,
  intakeCredentialsSchema,
  intakeSourceParams,
  intakeSourcesSchema,
  newIntakeSourceBody,
} from '../../../contract/intake.contract.js';
import { receivePush } from '../../use-cases/intake/push.js';
import { addSource, INTAKE_API_PATH, listSources, removeSource, rotateSource } from '../../use-cases/intake/sources.js';
import { adminOnly, currentUser } from '../plugins/auth.js';
import { noContent, unwrap } from '../problem.js';
import { publicBaseUrl } from '../public-url.js';
import { documentedOnly, rawBodyOf, registerRawBodyRoutes } from '../raw-body.js';
import { routeGroup } from '../route.js';

import type { AppDeps } from '../../deps.js';
import type { RouteGroup } from '../route.js';
import type { ZodApp } from '../zod-app.js';

const tags = ['intake'];

function registerSourceRoutes(admins: RouteGroup, deps: AppDeps): void {
  admins.get('/api/intake/sources', {
    summary: 'Intake sources of the portal (CRMs that push or export)',
    response: { 200: intakeSourcesSchema },
    handler: async (request) => ({ sources: await listSources(deps, currentUser(request).portalId) }),
  });

  admins.post('/api/intake/sources', {
    summary: 'Add an intake source as the CRM connection; its API key and secret are shown once',
    body: newIntakeSourceBody,
    response: { 201: intakeCredentialsSchema },
    handler: async (request, reply) => {
      const input = { ...request.body, baseUrl: publicBaseUrl(deps, request) };
      return reply.code(201).send(unwrap(await addSource(deps, currentUser(request), input)));
    },
  });

  admins.post('/api/intake/sources/:id/rotate', {
    summary: 'New API key and secret for an intake source (the old ones stop working at once)',
    params: intakeSourceParams,
    response: { 200: intakeCredentialsSchema },
    handler: async (request) => {
      const input = { id: request.params.id, baseUrl: publicBaseUrl(deps, request) };
      return unwrap(await rotateSource(deps, currentUser(request), input));
    },
  });

  admins.delete('/api/intake/sources/:id', {
    summary: 'Remove an intake source: its credentials stop working and the CRM connection ends',
    params: intakeSourceParams,
    response: { 204: noContentSchema },
    handler: async (request, reply) =>
      noContent(reply, await removeSource(deps, currentUser(request), request.params.id)),
  });
}

const pushHeaders = z.object({
  'x-api-key': z.string().describe('the API key crmhub issued (ik_…)'),
  'x-api-secret': z.string().optional().describe('the API secret; or sign the request instead'),
  'x-crmhub-timestamp': z.string().optional().describe('unix seconds, within 5 minutes of crmhub’s clock'),
  'x-crmhub-signature': z
    .string()
    .optional()
    .describe('"sha256=" + hex HMAC-SHA256 of `${timestamp}.${raw body}` with the API secret; accepted once'),
  'idempotency-key': z
    .string()
    .optional()
    .describe('1–200 visible characters: a repeat returns the first answer and changes nothing (kept 24 h)'),
});

/** The signature covers the exact bytes sent, so the body is read raw and parsed only after authentication. */
function registerPushRoute(app: ZodApp, deps: AppDeps): void {
  registerRawBodyRoutes(app, 'application/json', (scope) => {
    scope.post(
      `${INTAKE_API_PATH}/batches`,
      {
        config: { access: 'public' },
        bodyLimit: deps.config.intakeBodyLimitBytes,
        // Checked by the use-case after authentication, record by record; the schemas here document the API.
        validatorCompiler: documentedOnly,
        schema: {
          tags,
          summary: 'Push a batch of up to 1,000 organisation records (docs/intake.md)',
          description:
            'Authenticate with X-Api-Key and X-Api-Secret, or X-Api-Key with X-Crmhub-Timestamp and ' +
            'X-Crmhub-Signature. Each record is answered: changed (with the fields), unchanged, or rejected with ' +
            'field errors. More than 1,000 records or a body over the size limit: 413; over the per-source rate: ' +
            '429 with Retry-After. A replayed Idempotency-Key answers with Idempotent-Replayed: true.',
          headers: pushHeaders,
          body: intakeBatchBodySchema,
          response: { 200: intakeBatchResultSchema },
        },
      },
      async (request, reply) => {
        const answer = unwrap(await receivePush(deps, { rawBody: rawBodyOf(request), headers: request.headers }));
        if (answer.replayed) void reply.header('idempotent-replayed', 'true');
        return reply.code(200).send(answer.result);
      },
    );
  });
}

export function registerIntakeRoutes(app: ZodApp, deps: AppDeps): void {
  registerSourceRoutes(routeGroup(app, { tags, access: adminOnly }), deps);
  registerPushRoute(app, deps);
}
