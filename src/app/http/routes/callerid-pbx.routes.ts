/** Phone systems: integrations (admin), call events in (signed JSON, URL template) and the 3CX lookup. */
import { pbxManifest } from '../../../adapters/pbx/manifest.js';
import { jsonCallEventSchema } from '../../../adapters/pbx/mapper.js';
import {
  callIngestSchema,
  newPbxIntegrationBody,
  pbxAllowedSendersBody,
  pbxCredentialsSchema,
  pbxIntegrationParams,
  pbxIntegrationSchema,
  pbxIntegrationsSchema,
  threeCxContactsSchema,
  threeCxLookupQuery,
  urlTemplateParams,
  voipgridNameParams,
  voipgridNameQuery,
  voipgridNameSchema,
  voysOutcomeSchema,
  voysParams,
} from '../../../contract/callerid-pbx.contract.js';
import { noContentSchema } from '../../../contract/callerid.contract.js';
import {
  createPbxIntake,
  URL_TEMPLATE_PREFIX,
  VOIPGRID_NAME_PATH,
  VOYS_NOTIFICATIONS_PATH,
} from '../../use-cases/callerid/pbx-intake.js';
import {
  addPhoneSystem,
  listPhoneSystems,
  removePhoneSystem,
  rotatePhoneSystem,
  setPhoneSystemSenders,
} from '../../use-cases/callerid/phone-systems.js';
import { adminOnly, currentUser } from '../plugins/auth.js';
import { noContent, unwrap } from '../problem.js';
import { publicBaseUrl } from '../public-url.js';
import { documentedOnly, rawBodyOf, registerRawBodyRoutes } from '../raw-body.js';
import { routeGroup } from '../route.js';

import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import type { PbxIntake } from '../../use-cases/callerid/pbx-intake.js';
import type { VoysOutcome } from '../../use-cases/callerid/voys-events.js';
import type { Outcome } from '../../use-cases/failure.js';
import type { RouteGroup } from '../route.js';
import type { ZodApp } from '../zod-app.js';

const tags = ['caller ID'];

function bearerToken(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ?? null;
}

function registerPhoneSystemRoutes(admins: RouteGroup, deps: AppDeps, intake: PbxIntake): void {
  admins.get('/api/callerid/pbx-integrations', {
    summary: 'Phone systems that report calls',
    response: { 200: pbxIntegrationsSchema },
    handler: async (request) => ({ integrations: await listPhoneSystems(deps.db, currentUser(request).portalId) }),
  });

  admins.post('/api/callerid/pbx-integrations', {
    summary: 'Add a phone system; its token and webhook secret are shown once',
    body: newPbxIntegrationBody,
    response: { 201: pbxCredentialsSchema },
    handler: async (request, reply) => {
      const input = { portalId: currentUser(request).portalId, ...request.body, baseUrl: publicBaseUrl(deps, request) };
      return reply.code(201).send(await addPhoneSystem(deps, intake.auth, input));
    },
  });

  admins.post('/api/callerid/pbx-integrations/:id/rotate', {
    summary: 'New token and webhook secret for a phone system (the old ones stop working)',
    params: pbxIntegrationParams,
    response: { 200: pbxCredentialsSchema },
    handler: async (request) => {
      const input = {
        portalId: currentUser(request).portalId,
        ...request.params,
        baseUrl: publicBaseUrl(deps, request),
      };
      return unwrap(await rotatePhoneSystem(deps, intake.auth, input));
    },
  });

  admins.delete('/api/callerid/pbx-integrations/:id', {
    summary: 'Remove a phone system (its calls stay in the log)',
    params: pbxIntegrationParams,
    response: { 204: noContentSchema },
    handler: async (request, reply) =>
      noContent(
        reply,
        await removePhoneSystem(deps, intake.auth, { portalId: currentUser(request).portalId, ...request.params }),
      ),
  });
}

function registerSenderListRoute(admins: RouteGroup, deps: AppDeps, intake: PbxIntake): void {
  admins.put('/api/callerid/pbx-integrations/:id/allowed-senders', {
    summary: "The addresses a phone system's Voys notifications may come from (empty: any)",
    params: pbxIntegrationParams,
    body: pbxAllowedSendersBody,
    response: { 200: pbxIntegrationSchema },
    handler: async (request) => {
      const input = { portalId: currentUser(request).portalId, ...request.params, ...request.body };
      return unwrap(await setPhoneSystemSenders(deps, intake.auth, input));
    },
  });
}

/** The signature covers the exact bytes sent, so this route reads the body raw and parses it only after the check. */
function registerSignedEventRoute(app: ZodApp, intake: PbxIntake): void {
  // Only JSON is a call event: any other content type (text/plain included) is refused with 415.
  registerRawBodyRoutes(app, 'application/json', (scope) => {
    scope.post(
      pbxManifest.jsonWebhook.path,
      {
        config: { access: 'public' },
        // The body is checked by signature first, then by jsonCallEventSchema; the schema here documents it.
        validatorCompiler: documentedOnly,
        schema: {
          tags,
          summary: 'Call event from a phone system (JSON, signed: X-Crmhub-Timestamp + X-Crmhub-Signature)',
          description:
            'X-Crmhub-Signature = "sha256=" + hex HMAC-SHA256 of `${X-Crmhub-Timestamp}.${raw body}` with the phone ' +
            "system's webhook secret; the timestamp (unix seconds) must be within 5 minutes of crmhub's clock.",
          body: jsonCallEventSchema,
          response: { 200: callIngestSchema },
        },
      },
      async (request) => unwrap(await intake.signedEvent({ rawBody: rawBodyOf(request), headers: request.headers })),
    );
  });
}

/** Routes whose address (or Authorization header) holds the phone-system token: their request lines are not logged. */
function tokenRoutes(app: ZodApp): RouteGroup {
  return routeGroup(app, { tags, access: 'public', logLevel: 'warn' });
}

function registerPhoneSystemInput(app: ZodApp, intake: PbxIntake): void {
  registerSignedEventRoute(app, intake);
  const quiet = tokenRoutes(app);
  quiet.get('/api/callerid/pbx/:token/:calluniqueid/:callfrom/:callto/:status/:statusDesc/:direction/:timestamp', {
    summary: 'Call event as a URL-template GET (VOIPZeker style), authenticated by the phone system token',
    params: urlTemplateParams(pbxManifest.urlTemplate.statuses),
    response: { 200: callIngestSchema },
    // The raw path keeps the PBX's percent-encoding, which the adapter decodes once per segment.
    handler: async (request) => unwrap(await intake.urlTemplateEvent((request.raw.url ?? '').split('?', 1)[0] ?? '')),
  });

  quiet.get(pbxManifest.threeCxLookup.path, {
    summary:
      '3CX CRM lookup (integrations/3cx/crmhub.xml): contacts for a caller number; Authorization: Bearer <token>',
    querystring: threeCxLookupQuery,
    response: { 200: threeCxContactsSchema },
    handler: async (request) => unwrap(await intake.threeCxLookup(bearerToken(request), request.query)),
  });
}

/** The dial-plan step waits for this answer before the call rings on: one indexed query, plain text. */
function registerVoipgridNameRoute(app: ZodApp, intake: PbxIntake): void {
  tokenRoutes(app).get(`${URL_TEMPLATE_PREFIX}:token${VOIPGRID_NAME_PATH}`, {
    summary: "VoIPGRID dial-plan webhook: the caller's name for the handset (text/plain; empty: no match)",
    params: voipgridNameParams,
    querystring: voipgridNameQuery,
    response: { 200: voipgridNameSchema },
    handler: async (request, reply) => {
      const name = unwrap(await intake.voipgridName(request.params.token, request.query.callerid));
      return reply.type('text/plain; charset=utf-8').send(name);
    },
  });
}

/** One line per notification crmhub did not simply act on: what and why, never the address (it holds the token). */
function logVoysOutcome(log: FastifyBaseLogger, outcome: Outcome<VoysOutcome>): void {
  if (!outcome.ok) {
    log.warn({ code: outcome.error.code, detail: outcome.error.detail }, 'Voys notification refused');
  } else if (outcome.value.status === 'ignored') {
    const { callId, reason, detail } = outcome.value;
    log.warn({ callId, reason, detail }, 'Voys notification ignored');
  } else if (outcome.value.status === 'duplicate') {
    const { callId, step, state } = outcome.value;
    log.info({ callId, step, state }, 'Voys notification changed nothing (a replay, or older than the call)');
  } else if (outcome.value.status === 'new' && outcome.value.recipients === 0 && outcome.value.step !== 'ended') {
    const { callId, step } = outcome.value;
    log.info({ callId, step }, 'Voys notification names no crmhub user with a caller-ID source');
  }
}

/**
 * Voys / VoIPGRID call notifications: unsigned JSON POSTs, authenticated by the token in the address and the
 * sender's address. The body is read raw (any content type) and parsed by the adapter, which names a bad field.
 */
function registerVoysRoute(app: ZodApp, intake: PbxIntake): void {
  registerRawBodyRoutes(app, '*', (scope) => {
    scope.post(
      `${URL_TEMPLATE_PREFIX}:token${VOYS_NOTIFICATIONS_PATH}`,
      {
        config: { access: 'public' },
        logLevel: 'warn',
        validatorCompiler: documentedOnly,
        schema: {
          tags,
          summary: 'Voys / VoIPGRID call notification (v2 JSON), authenticated by the phone-system token in the URL',
          params: voysParams,
          response: { 200: voysOutcomeSchema },
        },
      },
      async (request) => {
        const { token } = request.params;
        const outcome = await intake.voysNotification({ token, sender: request.ip, rawBody: rawBodyOf(request) });
        logVoysOutcome(app.log, outcome);
        return unwrap(outcome);
      },
    );
  });
}

export function registerCallerIdPbxRoutes(app: ZodApp, deps: AppDeps): void {
  const intake = createPbxIntake(deps, (error) => {
    app.log.warn({ err: error }, 'writing 3CX lookups to the call log failed');
  });
  app.addHook('onClose', async () => {
    await intake.close();
  });
  const admins = routeGroup(app, { tags, access: adminOnly });
  registerPhoneSystemRoutes(admins, deps, intake);
  registerSenderListRoute(admins, deps, intake);
  registerPhoneSystemInput(app, intake);
  registerVoipgridNameRoute(app, intake);
  registerVoysRoute(app, intake);
}
