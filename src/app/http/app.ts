/** Builds the Fastify app (plugins and routes registered explicitly); never listens itself. */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { Histogram } from 'prom-client';

import { loggerOptions, redactAddresses } from './logger.js';
import { registerAuth } from './plugins/auth.js';
import { clientErrorHandler, frameworkErrors, registerEdgeGuard } from './plugins/edge-guard.js';
import { registerErrorHandler, sendProblem } from './plugins/error-handler.js';
import { registerAccountRoutes } from './routes/account.routes.js';
import { registerAdministrationsRoutes } from './routes/administrations.routes.js';
import { registerAuditRoutes } from './routes/audit.routes.js';
import { registerAuthRoutes } from './routes/auth.routes.js';
import { registerCallerIdAccountViewRoutes } from './routes/callerid-accountview.routes.js';
import { registerCallerIdAdminRoutes } from './routes/callerid-admin.routes.js';
import { registerCallerIdCallsRoutes } from './routes/callerid-calls.routes.js';
import { registerCallerIdPbxRoutes } from './routes/callerid-pbx.routes.js';
import { registerCallerIdYukiRoutes } from './routes/callerid-yuki.routes.js';
import { registerConnectionsRoutes } from './routes/connections.routes.js';
import { registerCrmWebhookRoutes } from './routes/crm-webhook.routes.js';
import { registerHealthRoutes } from './routes/health.routes.js';
import { registerIntakeFileRoutes } from './routes/intake-file.routes.js';
import { registerIntakeRoutes } from './routes/intake.routes.js';
import { registerNavRoutes } from './routes/nav.routes.js';
import { registerReviewStreamRoutes } from './routes/review-stream.routes.js';
import { registerReviewRoutes } from './routes/review.routes.js';
import { registerSsoRoutes } from './routes/sso.routes.js';
import { registerUsersRoutes } from './routes/users.routes.js';
import { registerVismaConnectRoutes } from './routes/visma-connect.routes.js';
import { registerYukiTasksRoutes } from './routes/yuki-tasks.routes.js';

import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync, FastifyReply, RouteOptions } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.js';
import type { RouteAccess } from './plugins/auth.js';

export type BuildAppOptions = { logger?: FastifyBaseLogger | boolean };

export type RouteEntry = { readonly method: string; readonly url: string; readonly access: RouteAccess | undefined };

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access declaration, for the test that no route goes undeclared. */
    routeCatalogue(): readonly RouteEntry[];
  }
}

/** Routes added by third-party plugins (docs UI, static files) carry no config of ours; they are public. */
function asPublic(plugin: FastifyPluginAsync): FastifyPluginAsync {
  return async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    await scope.register(plugin);
  };
}

function registerMetrics(app: FastifyInstance, deps: AppDeps): void {
  const duration = new Histogram({
    name: 'crmhub_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [deps.metrics],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}

const cspDirectives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Security headers on every answer: a CSP without inline scripts that also forbids framing the UI (clickjacking),
 * nosniff, and no Referer leaving the site (URLs may carry a phone-system token). The UI's page alone carries a style
 * nonce in its CSP (see `pageWithNonce`); API answers do not, as a nonce per answer cost a caller-ID lookup about 8 %
 * of its CPU (BENCHMARKS.md, callerid.lookup_rps_ratio).
 */
async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** Keeps every route's options, for {@link FastifyInstance.routeCatalogue}. */
function registerRouteCatalogue(app: FastifyInstance): void {
  // Route options are kept by reference: hooks of nested scopes (asPublic) may still set config after this one runs.
  const routes: RouteOptions[] = [];
  app.decorate('routeCatalogue', () =>
    routes.flatMap((route) =>
      (Array.isArray(route.method) ? route.method : [route.method]).map((method) => ({
        method,
        url: route.url,
        access: route.config?.access,
      })),
    ),
  );
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
}

/** The OpenAPI document (built from the route schemas) and its browsable UI. */
async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'crmhub API', version: '0.1.0', description: 'Everything the crmhub web UI does.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'crmhub_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(
    asPublic(async (scope) => {
      // staticCSP: the docs page's own scripts get hashes in its CSP instead of needing inline scripts allowed.
      await scope.register(fastifySwaggerUi, {
        routePrefix: '/api/docs',
        staticCSP: true,
        // Its defaults allow framing by the same site and would force https on a plain-http local install.
        transformStaticCSP: (header) =>
          header.replace("frame-ancestors 'self'", "frame-ancestors 'none'").replace(/upgrade-insecure-requests;?/, ''),
      });
    }),
  );
  app.get(
    '/api/openapi.json',
    { config: { access: 'public' }, schema: { hide: true } },
    () => app.swagger() as unknown as Record<string, unknown>,
  );
}

/**
 * The UI's page with a fresh style nonce in its CSP and in a meta element: the UI's component library (Mantine) writes
 * its theme variables and responsive rules into <style> elements, which it marks with that nonce instead of the CSP
 * allowing every inline style.
 */
function pageWithNonce(indexHtml: string, reply: FastifyReply): string {
  const nonce = randomBytes(16).toString('hex');
  const styleSrc = [...cspDirectives.styleSrc, `'nonce-${nonce}'`];
  reply.helmet({ contentSecurityPolicy: { useDefaults: false, directives: { ...cspDirectives, styleSrc } } });
  return indexHtml.replace('<head>', `<head>\n    <meta name="csp-nonce" content="${nonce}" />`);
}

/** The single-page web UI and the not-found answer (the UI's page for browser navigation, else problem+json). */
async function registerWebUi(app: FastifyInstance, webRoot: string | null): Promise<void> {
  // Client-side routes (/settings, /review, …) all load the single-page app; the file is tiny, so keep it in memory.
  const indexHtml =
    webRoot === null ? null : await readFile(path.join(webRoot, 'index.html'), 'utf8').catch(() => null);
  if (webRoot !== null) {
    await app.register(
      asPublic(async (scope) => {
        // wildcard: files are looked up per request, so a rebuilt web/dist is served without a restart.
        await scope.register(fastifyStatic, { root: webRoot, wildcard: true, index: false });
        // The page itself always carries this answer's style nonce, also at / and /index.html.
        for (const url of ['/', '/index.html']) {
          scope.get(url, { schema: { hide: true } }, (_request, reply) =>
            indexHtml === null
              ? sendProblem(reply, 'not_found', 'the web UI is not built')
              : reply.type('text/html; charset=utf-8').send(pageWithNonce(indexHtml, reply)),
          );
        }
      }),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    if (indexHtml !== null && wantsPage && !request.url.startsWith('/api/')) {
      return reply.type('text/html; charset=utf-8').send(pageWithNonce(indexHtml, reply));
    }
    return sendProblem(
      reply,
      'not_found',
      `no route ${request.method} ${redactAddresses(request.url.split('?')[0] ?? '')}`,
    );
  });
}

export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const logger = options.logger ?? false;
  const app = Fastify({
    ...(typeof logger === 'boolean'
      ? { logger: logger ? loggerOptions(deps.config.logLevel) : false }
      : { loggerInstance: logger }),
    bodyLimit: deps.config.bodyLimitBytes,
    // Trust exactly N hops (the socket, then N-1 proxy entries read from the right of X-Forwarded-For): a client-sent
    // value at the left end is never taken as the address.
    trustProxy: (_address: string, hop: number) => hop < deps.config.trustProxyHops,
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  registerRouteCatalogue(app);

  registerErrorHandler(app);
  registerEdgeGuard(app);
  await registerSecurityHeaders(app);
  registerMetrics(app, deps);
  await app.register(fastifyCookie);
  registerAuth(app, deps);

  await registerApiDocs(app);

  registerHealthRoutes(app, deps);
  registerAuthRoutes(app, deps);
  registerSsoRoutes(app, deps);
  registerUsersRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerNavRoutes(app, deps);
  registerConnectionsRoutes(app, deps);
  registerVismaConnectRoutes(app, deps);
  registerAdministrationsRoutes(app, deps);
  registerReviewRoutes(app, deps);
  registerReviewStreamRoutes(app, deps);
  registerYukiTasksRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerCrmWebhookRoutes(app, deps);
  registerIntakeRoutes(app, deps);
  registerIntakeFileRoutes(app, deps);
  registerCallerIdAccountViewRoutes(app, deps);
  registerCallerIdYukiRoutes(app, deps);
  registerCallerIdAdminRoutes(app, deps);
  registerCallerIdPbxRoutes(app, deps);
  registerCallerIdCallsRoutes(app, deps);

  await registerWebUi(app, deps.webRoot);
  return app;
}
