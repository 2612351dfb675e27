/** Phone systems: integrations (admin), call events in (signed JSON, URL template) and the 3CX lookup. */
import { z } from 'zod';

import { listPbxIntegrations, revokePbxIntegration } from '../../../adapters/db/repos/pbx-integrations.repo.js';
import { closeAsyncCommitRunner } from '../../../adapters/db/repos/prepared.js';
import { pbxErrorStatus } from '../../../adapters/pbx/errors.js';
import { pbxManifest } from '../../../adapters/pbx/manifest.js';
import {
  jsonCallEventSchema,
  parseJsonCallEvent,
  parseThreeCxLookupQuery,
  parseUrlTemplatePath,
  toThreeCxLookupResponse,
  urlTemplateToCallEvent,
} from '../../../adapters/pbx/mapper.js';
import { classifyCaller } from '../../../core/callerid/caller-view.js';
import { matchCaller } from '../../../core/phone/match.js';
import { ingestCallEvent } from '../../use-cases/callerid/call-events.js';
import { createLookupLog, threeCxCandidates } from '../../use-cases/callerid/lookup-log.js';
import { callerOptions, candidatesFor } from '../../use-cases/callerid/lookup.js';
import {
  createPbxAuth,
  createPbxIntegration,
  rotatePbxIntegration,
} from '../../use-cases/callerid/pbx-integrations.js';
import { adminOnly, currentUser } from '../plugins/auth.js';
import { ApiError } from '../problem.js';

import type { FastifyRequest } from 'fastify';
import type { PbxError } from '../../../adapters/pbx/errors.js';
import type { CallEvent } from '../../../core/model.js';
import type { AppDeps } from '../../deps.js';
import type { ProblemCode } from '../problem.js';
import type { ZodApp } from '../zod-app.js';

const URL_TEMPLATE_PREFIX = '/api/callerid/pbx/';

/** PBX failures as API problems: authentication → 401 codes, input → call_event_invalid with the field. */
function pbxProblem(error: PbxError): ApiError {
  const status = pbxErrorStatus[error.code];
  let code: ProblemCode = 'call_event_invalid';
  if (status === 401) {
    if (error.code.startsWith('timestamp_')) code = 'webhook_timestamp_invalid';
    else if (error.code === 'token_invalid') code = 'pbx_token_invalid';
    else code = 'webhook_signature_invalid';
  }
  const errors =
    error.field === undefined || status === 401 ? undefined : [{ field: error.field, message: error.message }];
  return new ApiError(code, error.message, errors === undefined ? {} : { errors });
}

const integrationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
  rotatedAt: z.string().nullable(),
  lastEventAt: z.string().nullable(),
});
const credentialsSchema = integrationSchema.extend({
  token: z.string().describe('URL token and 3CX API token; shown only now'),
  webhookSecret: z.string().describe('HMAC-SHA256 secret of the JSON webhook; shown only now'),
  endpoints: z.object({ events: z.string(), urlTemplate: z.string(), threeCxLookup: z.string() }),
});
const ingestSchema = z.object({
  status: z.enum(['new', 'updated', 'duplicate']),
  callId: z.string(),
  state: z.enum(['ringing', 'answered', 'ended']),
  result: z.string().nullable(),
  recipients: z.number().int(),
});
const threeCxSchema = z.object({
  contacts: z.array(
    z.object({
      id: z.string(),
      first_name: z.string(),
      last_name: z.string(),
      company: z.string(),
      email: z.string(),
      phone_business: z.string(),
      phone_mobile: z.string(),
      url: z.string(),
      entity_type: z.string(),
    }),
  ),
});

function baseUrlOf(deps: AppDeps, request: FastifyRequest): string {
  return (deps.config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
}

function bearerToken(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ?? null;
}

export function registerCallerIdPbxRoutes(app: ZodApp, deps: AppDeps): void {
  const auth = createPbxAuth(deps);
  const lookupLog = createLookupLog(deps.db, (error) => {
    app.log.warn({ err: error }, 'writing 3CX lookups to the call log failed');
  });
  app.addHook('onClose', async () => {
    await lookupLog.close();
    await closeAsyncCommitRunner(deps.db);
  });

  const endpointsOf = (base: string) => ({
    events: `${base}${pbxManifest.jsonWebhook.path}`,
    urlTemplate: `${base}${URL_TEMPLATE_PREFIX}<token>/{calluniqueid}/{callfrom}/{callto}/{status}/{status_desc}/{direction}/{timestamp}`,
    threeCxLookup: `${base}${pbxManifest.threeCxLookup.path}?number=[Number]`,
  });

  app.get(
    '/api/callerid/pbx-integrations',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['caller ID'],
        summary: 'Phone systems that report calls',
        response: { 200: z.object({ integrations: z.array(integrationSchema) }) },
      },
    },
    async (request) => {
      const rows = await listPbxIntegrations(deps.db, currentUser(request).portalId);
      return {
        integrations: rows.map((r) => ({
          id: r.id,
          name: r.name,
          createdAt: r.createdAt.toISOString(),
          rotatedAt: r.rotatedAt?.toISOString() ?? null,
          lastEventAt: r.lastEventAt?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/api/callerid/pbx-integrations',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['caller ID'],
        summary: 'Add a phone system; its token and webhook secret are shown once',
        body: z.strictObject({ name: z.string().trim().min(1, 'must not be empty').max(100) }),
        response: { 201: credentialsSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { integration, credentials } = await createPbxIntegration(deps, {
        portalId: user.portalId,
        name: request.body.name,
      });
      auth.invalidate();
      return reply.code(201).send({
        id: integration.id,
        name: integration.name,
        createdAt: integration.createdAt.toISOString(),
        rotatedAt: null,
        lastEventAt: null,
        ...credentials,
        endpoints: endpointsOf(baseUrlOf(deps, request)),
      });
    },
  );

  app.post(
    '/api/callerid/pbx-integrations/:id/rotate',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['caller ID'],
        summary: 'New token and webhook secret for a phone system (the old ones stop working)',
        params: z.object({ id: z.uuid() }),
        response: { 200: credentialsSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const rotated = await rotatePbxIntegration(deps, { portalId: user.portalId, id: request.params.id });
      if (rotated === null) throw new ApiError('not_found', `no phone system ${request.params.id}`);
      auth.invalidate();
      const { integration, credentials } = rotated;
      return {
        id: integration.id,
        name: integration.name,
        createdAt: integration.createdAt.toISOString(),
        rotatedAt: integration.rotatedAt?.toISOString() ?? null,
        lastEventAt: integration.lastEventAt?.toISOString() ?? null,
        ...credentials,
        endpoints: endpointsOf(baseUrlOf(deps, request)),
      };
    },
  );

  app.delete(
    '/api/callerid/pbx-integrations/:id',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['caller ID'],
        summary: 'Remove a phone system (its calls stay in the log)',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const removed = await revokePbxIntegration(
        deps.db,
        request.params.id,
        currentUser(request).portalId,
        deps.clock(),
      );
      if (!removed) throw new ApiError('not_found', `no phone system ${request.params.id}`);
      auth.invalidate();
      return reply.code(204).send(null);
    },
  );

  const ingest = async (caller: { id: string; portalId: string }, event: CallEvent) => {
    await auth.seen(caller.id);
    return ingestCallEvent(deps.db, caller, event);
  };

  // The signature covers the exact bytes sent, so this route reads the body raw and parses it only after the check.
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
      done(null, body);
    });
    scope.post(
      pbxManifest.jsonWebhook.path,
      {
        config: { access: 'public' },
        // The body is checked by signature first, then by jsonCallEventSchema; the schema here documents it.
        validatorCompiler: () => (value: unknown) => ({ value }),
        schema: {
          tags: ['caller ID'],
          summary: 'Call event from a phone system (JSON, signed: X-Crmhub-Timestamp + X-Crmhub-Signature)',
          description:
            'X-Crmhub-Signature = "sha256=" + hex HMAC-SHA256 of `${X-Crmhub-Timestamp}.${raw body}` with the phone ' +
            "system's webhook secret; the timestamp (unix seconds) must be within 5 minutes of crmhub's clock.",
          body: jsonCallEventSchema,
          response: { 200: ingestSchema },
        },
      },
      async (request) => {
        const body: unknown = request.body;
        const rawBody = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : '');
        const caller = await auth.bySignature({ rawBody, headers: request.headers });
        if (!caller.ok) throw pbxProblem(caller.error);
        const event = parseJsonCallEvent(rawBody);
        if (!event.ok) throw pbxProblem(event.error);
        return ingest(caller.value, event.value);
      },
    );
    done();
  });

  app.get(
    '/api/callerid/pbx/:token/:calluniqueid/:callfrom/:callto/:status/:statusDesc/:direction/:timestamp',
    {
      config: { access: 'public' },
      // The address holds the token: request lines of this route are not logged.
      logLevel: 'warn',
      schema: {
        tags: ['caller ID'],
        summary: 'Call event as a URL-template GET (VOIPZeker style), authenticated by the phone system token',
        params: z.object({
          token: z.string(),
          calluniqueid: z.string(),
          callfrom: z.string().describe('empty when withheld'),
          callto: z.string(),
          status: z.string().describe(pbxManifest.urlTemplate.statuses.join(', ')),
          statusDesc: z.string(),
          direction: z.string().describe('in or out'),
          timestamp: z.string().describe('unix seconds'),
        }),
        response: { 200: ingestSchema },
      },
    },
    async (request) => {
      // The raw path keeps the PBX's percent-encoding, which the adapter decodes once per segment.
      const raw = (request.raw.url ?? '').split('?', 1)[0] ?? '';
      const rest = raw.slice(URL_TEMPLATE_PREFIX.length);
      const slash = rest.indexOf('/');
      const caller = await auth.byToken(decodeURIComponent(rest.slice(0, slash)));
      if (caller === null)
        throw pbxProblem({ code: 'token_invalid', message: 'The phone-system token in the URL is not valid.' });
      const params = parseUrlTemplatePath(rest.slice(slash));
      if (!params.ok) throw pbxProblem(params.error);
      const event = urlTemplateToCallEvent(params.value, { phone: callerOptions });
      if (!event.ok) throw pbxProblem(event.error);
      return ingest(caller, event.value);
    },
  );

  app.get(
    pbxManifest.threeCxLookup.path,
    {
      config: { access: 'public' },
      logLevel: 'warn',
      schema: {
        tags: ['caller ID'],
        summary:
          '3CX CRM lookup (integrations/3cx/crmhub.xml): contacts for a caller number; Authorization: Bearer <token>',
        querystring: z.looseObject({ number: z.string().optional() }),
        response: { 200: threeCxSchema },
      },
    },
    async (request) => {
      const token = bearerToken(request);
      const caller = token === null ? null : await auth.byToken(token);
      if (caller === null) {
        throw new ApiError('pbx_token_invalid', 'send the phone-system token as Authorization: Bearer <token>');
      }
      const number = parseThreeCxLookupQuery(request.query);
      if (!number.ok) {
        throw new ApiError('validation_failed', `query.number: ${number.error.message}`, {
          errors: [{ field: 'query.number', message: 'is missing or empty' }],
        });
      }
      const classified = classifyCaller(number.value, callerOptions);
      const hits = await candidatesFor(deps.db, classified, { portalId: caller.portalId });
      const lookupNumber =
        classified.kind === 'e164' ? classified.e164 : classified.kind === 'partial' ? classified.digits : '';
      const ranked = matchCaller(lookupNumber, threeCxCandidates(hits), callerOptions);
      lookupLog.add({ caller, number: number.value, classified, ranked, at: deps.clock() });
      const response = toThreeCxLookupResponse(ranked, {
        maxContacts: pbxManifest.options.threeCxMaxContacts,
        onAmbiguous: pbxManifest.options.threeCxOnAmbiguous,
      });
      return { contacts: [...response.contacts] };
    },
  );
}
