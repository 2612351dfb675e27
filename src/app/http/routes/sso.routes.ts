/** Single sign-on: the administrator's settings, the login page's option, and the public start and callback redirects. */
import {
  ssoCallbackQuery,
  ssoLoginOptionSchema,
  ssoSettingsBody,
  ssoSettingsSchema,
} from '../../../contract/sso.contract.js';
import { changeSsoSettings, ssoLoginOption, ssoSettingsView } from '../../use-cases/sso-settings.js';
import { finishSsoSignIn, SSO_ATTEMPT_TTL_MS, startSsoSignIn } from '../../use-cases/sso.js';
import { callbackAddress, callbackRoutes, webBase } from '../oauth-connect.js';
import { adminOnly, currentUser, setSessionCookie } from '../plugins/auth.js';
import { unwrap } from '../problem.js';
import { requestOrigin } from '../public-url.js';
import { routeGroup } from '../route.js';

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import type { Failure } from '../../use-cases/failure.js';
import type { RouteGroup } from '../route.js';
import type { ZodApp } from '../zod-app.js';

const tags = ['auth'];
/** Ties a sign-in to the browser that started it (against login CSRF); sent only to the callback. */
const BINDING_COOKIE = 'crmhub_sso';
const BINDING_PATH = '/api/auth/sso';

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

function registerSsoSettingsRoutes(admins: RouteGroup, deps: AppDeps): void {
  admins.get('/api/settings/sso', {
    summary: 'Single sign-on settings and the redirect URI to register',
    response: { 200: ssoSettingsSchema },
    handler: async (request) => ssoSettingsView(deps, currentUser(request).portalId, requestOrigin(request)),
  });

  admins.put('/api/settings/sso', {
    summary: 'Change single sign-on (the provider is checked first when turning it on)',
    body: ssoSettingsBody,
    response: { 200: ssoSettingsSchema },
    handler: async (request) =>
      unwrap(await changeSsoSettings(deps, currentUser(request), request.body, requestOrigin(request))),
  });
}

export function registerSsoRoutes(app: ZodApp, deps: AppDeps): void {
  registerSsoSettingsRoutes(routeGroup(app, { tags, access: adminOnly }), deps);
  const anyone = routeGroup(app, { tags, access: 'public' });

  anyone.get('/api/auth/sso', {
    summary: 'Whether the login page offers single sign-on',
    response: { 200: ssoLoginOptionSchema },
    handler: async () => ssoLoginOption(deps),
  });

  anyone.get('/api/auth/sso/start', {
    summary: 'Redirects to the sign-in provider (or back to the login page with sso_error)',
    handler: async (request, reply) => {
      const started = await startSsoSignIn(deps, { requestOrigin: requestOrigin(request) });
      if (!started.ok) return toLogin(deps, request, reply, started.error);
      bindingCookie(request, reply, started.value.binding);
      return reply.redirect(started.value.url, 302);
    },
  });

  callbackRoutes(app, tags).get('/api/auth/sso/callback', {
    summary: 'The provider returns here: starts a session and redirects to the app, or to the login page',
    querystring: ssoCallbackQuery,
    handler: async (request, reply) => {
      const finished = await finishSsoSignIn(deps, {
        query: callbackAddress(request).searchParams,
        binding: request.cookies[BINDING_COOKIE],
        userAgent: request.headers['user-agent'] ?? null,
      });
      bindingCookie(request, reply, null);
      if (!finished.ok) return toLogin(deps, request, reply, finished.error);
      setSessionCookie(request, reply, finished.value.sessionToken, finished.value.maxAgeSeconds);
      return reply.redirect(`${webBase(deps)}/`, 302);
    },
  });
}
