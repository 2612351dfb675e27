/** Builds the Yuki simulator's Fastify app: ASMX SOAP services + WSDL, the Platform REST API, admin and faults. */
import Fastify from 'fastify';

import { registerFaultInjection } from '../shared/faults.js';
import { registerAdminApi } from './admin.js';
import { operations, operationsOf, serviceFromFile, YUKI_NS } from './catalog.js';
import { contactOps } from './contact-ops.js';
import { contentTypeOf, faultEnvelope, readEnvelope, responseEnvelope } from './envelope.js';
import { portalOps } from './portal-ops.js';
import { registerPlatformApi } from './rest.js';
import { seedYukiState } from './seed.js';
import { createVismaConnectSim, registerVismaConnect } from './visma-connect.js';
import { buildWsdl } from './wsdl.js';

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FaultController } from '../shared/faults.js';
import type { SimFault, SoapVersion } from './envelope.js';
import type { OpHandler } from './portal-ops.js';
import type { YukiState } from './state.js';

const handlers: Readonly<Record<string, OpHandler>> = { ...portalOps, ...contactOps };

export type YukiSimApp = {
  app: FastifyInstance;
  /** The current state (replaced by a reseed). */
  state(): YukiState;
  faults: FaultController;
  seedInfo(): { seed: number; orgs: number };
};

export type BuildYukiAppInput = {
  state: YukiState;
  seed: number;
  orgs: number;
  /** Clock for a reseeded state (tests inject one; default Date.now). */
  clock?: () => number;
  /** Called after every change (the CLI schedules a snapshot save). */
  onChange?: () => void;
};

function headerText(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function faultReply(version: SoapVersion, fault: SimFault): { contentType: string; body: string } {
  return { contentType: contentTypeOf(version), body: faultEnvelope(version, fault) };
}

/** The ASMX services: `?wsdl` and an operations page on GET, SOAP 1.1/1.2 calls on POST. */
function registerSoapRoutes(app: FastifyInstance, state: () => YukiState): void {
  app.get('/ws/:file', (request, reply) => {
    const service = serviceFromFile((request.params as { file: string }).file);
    if (!service) return reply.code(404).type('text/plain').send('Not found');
    const query = request.query as Record<string, unknown>;
    const location = `${baseUrl(request)}/ws/${service}.asmx`;
    if (Object.keys(query).some((k) => k.toLowerCase() === 'wsdl')) {
      return reply.type('text/xml; charset=utf-8').send(buildWsdl(service, location, state().options.soap12));
    }
    const ops = operationsOf(service)
      .map(([name]) => `<li>${name}</li>`)
      .join('');
    return reply
      .type('text/html; charset=utf-8')
      .send(
        `<html><body><h1>${service}</h1><p>Operations (namespace ${YUKI_NS}):</p><ul>${ops}</ul><p><a href="?wsdl">Service description</a></p></body></html>`,
      );
  });

  app.post('/ws/:file', (request, reply) => {
    const service = serviceFromFile((request.params as { file: string }).file);
    if (!service) return reply.code(404).type('text/plain').send('Not found');
    const opts = state().options;
    const read = readEnvelope({
      contentType: request.headers['content-type'],
      soapAction: headerText(request.headers['soapaction']),
      body: typeof request.body === 'string' ? request.body : '',
      soap12: opts.soap12,
    });
    if (!read.ok && 'status' in read) return reply.code(read.status).type('text/plain').send(read.message);
    const sendFault = (version: SoapVersion, fault: SimFault) => {
      const f = faultReply(version, fault);
      return reply.code(opts.faultHttpStatus).type(f.contentType).send(f.body);
    };
    if (!read.ok) return sendFault(read.version, read.fault);
    const { version, method, op } = read.request;
    const spec = operations[method];
    const handler = handlers[method];
    if (!spec || !handler || (spec.services !== 'all' && !spec.services.includes(service))) {
      const message =
        version === '1.1'
          ? `Server did not recognize the value of HTTP Header SOAPAction: ${YUKI_NS}${method}.`
          : `Unable to handle request without a valid action parameter. Unknown operation ${method} on ${service}.asmx.`;
      return sendFault(version, { code: 'Client', message });
    }
    state().countCall(method);
    const outcome = handler({ state: state(), opts, op });
    if (!outcome.ok) return sendFault(version, outcome.fault);
    return reply
      .code(200)
      .type(contentTypeOf(version))
      .send(responseEnvelope(version, method, outcome.kids));
  });
}

export function buildYukiApp(input: BuildYukiAppInput): YukiSimApp {
  let state = input.state;
  let seedInfo = { seed: input.seed, orgs: input.orgs };
  const onChange = input.onChange ?? ((): void => undefined);
  state.onChange = onChange;
  // Administrations of 100,000 organisations make a large SOAP body; allow it both ways.
  const app = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024 });

  for (const type of ['text/xml', 'application/soap+xml', 'application/xml']) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => {
      done(null, body);
    });
  }

  const faults = registerFaultInjection(app, {
    errorBody: (status, message) => faultReply('1.1', { code: status >= 500 ? 'Server' : 'Client', message }),
    malformedBody: {
      contentType: contentTypeOf('1.1'),
      body: responseEnvelope('1.1', 'Authenticate', [
        { name: 'AuthenticateResult', text: '00000000-0000-4000-8000-000000000000' },
      ]),
    },
  });

  registerSoapRoutes(app, () => state);

  const vismaConnect = createVismaConnectSim(input.seed, {
    ...(state.options.vismaConnectClientId === undefined ? {} : { clientId: state.options.vismaConnectClientId }),
    ...(state.options.vismaConnectClientSecret === undefined
      ? {}
      : { clientSecret: state.options.vismaConnectClientSecret }),
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, body);
  });
  registerVismaConnect(app, { sim: () => vismaConnect, state: () => state });

  // Decided when the app is built: PATCH /__sim/options cannot add or remove routes later.
  if (state.options.platformApi) registerPlatformApi(app, () => state);

  registerAdminApi(app, {
    state: () => state,
    seedInfo: () => seedInfo,
    reseed(seed, orgs) {
      const next = seedYukiState(seed, orgs, state.options, input.clock);
      next.onChange = onChange;
      state = next;
      seedInfo = { seed, orgs };
    },
  });

  return { app, state: () => state, faults, seedInfo: () => seedInfo };
}
