/** Single sign-on: the administrator's settings, the login page's option, and the public start and callback redirects. */
import {
  ssoCallbackQuery,
  ssoLoginOptionSchema,
  ssoSettingsBody,
  ssoSettingsSchema,
} from '../../../contract/sso.contract.js';
import { changeSsoSettings, ssoLoginOption, ssoSettingsView } from '../../use-cases/sso-settings.js';
import { finishSsoSignIn, SSO_ATTEMPT_TTL_MS, startSsoSignIn } from '../../use-cases/sso.js';
import { adminOnly, currentUser, setSessionCookie } from '../plugins/auth.js';
import { unwrap } from '../problem.js';
import { route } from '../route.js';

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import type { Failure } from '../../use-cases/failure.js';
import type { ZodApp } from '../zod-app.js';

const tags = ['auth'];
/** Ties a sign-in to the browser that started it (against login CSRF); sent only to the callback. */
const BINDING_COOKIE = 'crmhub_sso';
const BINDING_PATH = '/api/auth/sso';

const requestOrigin = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;
const webBase = (deps: AppDeps): string => (deps.config.publicUrl ?? '').replace(/\/+$/, '');

/** Back to the login page, which words the code (`sso_error`) in the reader's language. */
function toLogin(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, failure: Failure): FastifyReply {
  request.log.warn({ code: failure.code, reason: failure.reason, detail: failure.detail }, 'single sign-on failed');
  return reply.redirect(`${webBase(deps)}/login?${new URLSearchParams({ sso_error: failure.code }).toString()}`, 302);
}

function bindingCookie(request: FastifyRequest, reply: FastifyReply, value: string | null): void {
  const options = {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: BINDING_PATH,
  } as const;
  if (value === null) void reply.clearCookie(BINDING_COOKIE, options);
  else void reply.setCookie(BINDING_COOKIE, value, { ...options, maxAge: SSO_ATTEMPT_TTL_MS / 1000 });
}

function registerSsoSettingsRoutes(app: ZodApp, deps: AppDeps): void {
  route(
    app,
    'GET',
    '/api/settings/sso',
    adminOnly,
    { tags, summary: 'Single sign-on settings and the redirect URI to register', response: { 200: ssoSettingsSchema } },
    async (request) => ssoSettingsView(deps, currentUser(request).portalId, requestOrigin(request)),
  );

  route(
    app,
    'PUT',
    '/api/settings/sso',
    adminOnly,
    {
      tags,
      summary: 'Change single sign-on (the provider is checked first when turning it on)',
      body: ssoSettingsBody,
      response: { 200: ssoSettingsSchema },
    },
    async (request) =>
      unwrap(await changeSsoSettings(deps, currentUser(request), request.body, requestOrigin(request))),
  );
}

export function registerSsoRoutes(app: ZodApp, deps: AppDeps): void {
  registerSsoSettingsRoutes(app, deps);

  route(
    app,
    'GET',
    '/api/auth/sso',
    'public',
    { tags, summary: 'Whether the login page offers single sign-on', response: { 200: ssoLoginOptionSchema } },
    async () => ssoLoginOption(deps),
  );

  route(
    app,
    'GET',
    '/api/auth/sso/start',
    'public',
    { tags, summary: 'Redirects to the sign-in provider (or back to the login page with sso_error)' },
    async (request, reply) => {
      const started = await startSsoSignIn(deps, { requestOrigin: requestOrigin(request) });
      if (!started.ok) return toLogin(deps, request, reply, started.error);
      bindingCookie(request, reply, started.value.binding);
      return reply.redirect(started.value.url, 302);
    },
  );

  app.get(
    '/api/auth/sso/callback',
    {
      config: { access: 'public' },
      // The query holds the authorization code: request lines of this route are not logged.
      logLevel: 'warn',
      schema: {
        tags,
        summary: 'The provider returns here: starts a session and redirects to the app, or to the login page',
        querystring: ssoCallbackQuery,
      },
    },
    async (request, reply) => {
      const finished = await finishSsoSignIn(deps, {
        query: new URL(request.url, 'http://callback.invalid').searchParams,
        binding: request.cookies[BINDING_COOKIE],
        userAgent: request.headers['user-agent'] ?? null,
      });
      bindingCookie(request, reply, null);
      if (!finished.ok) return toLogin(deps, request, reply, finished.error);
      setSessionCookie(request, reply, finished.value.sessionToken, finished.value.maxAgeSeconds);
      return reply.redirect(`${webBase(deps)}/`, 302);
    },
  );
}
